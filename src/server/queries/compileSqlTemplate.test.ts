import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingExpressions } from '../../shared/template';
import { compileSqlTemplate } from './compileSqlTemplate';
import { injectionPayloads } from './injectionPayloads';
import { SqlTemplateError } from './rewriteSqlTemplate';
import { spliceSqlLiterals } from './spliceSqlLiterals';
import { sqlLiteral } from './sqlLiteral';

describe('compileSqlTemplate', () => {
  it('turns bindings into positional parameters, in order', () => {
    const body = 'select * from users where id = {{ Table1.selectedRow.id }} and name = {{Input1.text}}';
    expect(compileSqlTemplate(body)).toEqual({
      text: 'select * from users where id = $1 and name = $2',
      bindings: [' Table1.selectedRow.id ', 'Input1.text'],
    });
  });

  it('keeps the expression text exactly as bindingExpressions returns it', () => {
    const body = "select {{  a + '}}'  }}, {{b}}";
    expect(compileSqlTemplate(body).bindings).toEqual(bindingExpressions(body));
  });

  it('reuses one parameter for the same expression', () => {
    expect(compileSqlTemplate('select {{ x }}, {{ y }}, {{ x }}')).toEqual({ text: 'select $1, $2, $1', bindings: [' x ', ' y '] });
  });

  it('leaves a body without bindings alone', () => {
    const body = "select 'a''b', \"col\" -- c\nfrom t /* x */ where y = $$z$$";
    expect(compileSqlTemplate(body)).toEqual({ text: body, bindings: [] });
  });

  it('treats a binding written inside quotes as a parameter', () => {
    expect(compileSqlTemplate("select * from users where name = '{{ Input1.text }}'")).toEqual({
      text: 'select * from users where name = $1',
      bindings: [' Input1.text '],
    });
    expect(compileSqlTemplate("select '{{a}}'::int").text).toBe('select $1::int');
  });

  it('turns a binding amid other text of a string into a concatenation', () => {
    expect(compileSqlTemplate("select * from t where name ilike '%{{ q }}%'").text).toBe("select * from t where name ilike ('%' || $1 || '%')");
    expect(compileSqlTemplate("select 'it''s {{ q }}'").text).toBe("select ('it''s ' || $1)");
    expect(compileSqlTemplate("select E'a\\'{{ q }}'").text).toBe("select (E'a\\'' || $1)");
    expect(compileSqlTemplate("select '{{ a }}{{ b }}'").text).toBe('select ($1 || $2)');
  });

  it('is not fooled by quotes, comments or dollar quotes around bindings', () => {
    expect(compileSqlTemplate("select 'it''s', {{ a }}").text).toBe("select 'it''s', $1");
    expect(compileSqlTemplate("select E'\\'', {{ a }}").text).toBe("select E'\\'', $1");
    expect(compileSqlTemplate('select "we""ird", {{ a }}').text).toBe('select "we""ird", $1');
    expect(compileSqlTemplate("select $$ it's $$, {{ a }}").text).toBe("select $$ it's $$, $1");
    expect(compileSqlTemplate("select $t$ ' $t$, {{ a }}").text).toBe("select $t$ ' $t$, $1");
    expect(compileSqlTemplate("select 1 /* ' /* ' */ ' */, {{ a }}").text).toBe("select 1 /* ' /* ' */ ' */, $1");
    expect(compileSqlTemplate("select 1 -- it's\n, {{ a }}").text).toBe("select 1 -- it's\n, $1");
    expect(compileSqlTemplate('select a$b, {{ a }}').text).toBe('select a$b, $1');
  });

  it('drops bindings inside comments, since they cannot take effect', () => {
    expect(compileSqlTemplate('select 1 -- {{ a }}\n, {{ b }} /* {{ c }} */')).toEqual({ text: 'select 1 -- \n, $1 /*  */', bindings: [' b '] });
  });

  it('refuses bindings that cannot be parameters, and positional parameters', () => {
    expect(() => compileSqlTemplate('select * from "{{ table }}"')).toThrow(SqlTemplateError);
    expect(() => compileSqlTemplate('do $$ begin perform {{ x }}; end $$')).toThrow(SqlTemplateError);
    expect(() => compileSqlTemplate('select $1')).toThrow(/positional/);
    expect(() => compileSqlTemplate("select '{{ x }}")).toThrow(/not closed/);
  });
});

describe('spliceSqlLiterals (prepared statements turned off)', () => {
  it('writes typed literals', () => {
    const body = 'select {{ n }}, {{ s }}, {{ b }}, {{ z }}, {{ a }}, {{ o }}, {{ e }}';
    expect(spliceSqlLiterals(body, { ' n ': -1.5, ' s ': "O'Brien", ' b ': true, ' z ': null, ' a ': [1, 'x'], ' o ': { k: "'" }, ' e ': [] })).toBe(
      `select (-1.5), 'O''Brien', TRUE, NULL, ARRAY[(1), 'x'], '{"k":"''"}', '{}'`,
    );
  });

  it('keeps a negative number from opening a comment', () => {
    expect(spliceSqlLiterals('select 1-{{ x }}', { ' x ': -1 })).toBe('select 1-(-1)');
  });

  it('writes values in a string context as text', () => {
    expect(spliceSqlLiterals("select '{{ x }}', '%{{ x }}%'", { ' x ': 5 })).toBe("select '5', ('%' || '5' || '%')");
  });

  it('escapes backslashes with an E string', () => {
    expect(sqlLiteral('a\\b', 'code')).toBe(" E'a\\\\b'");
  });
});

// The escaping is checked against a real PostgreSQL: each payload must come back unchanged.
describe('literals and parameters against PostgreSQL', () => {
  const client = new pg.Client(process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  beforeAll(async () => { await client.connect(); });
  afterAll(async () => { await client.end(); });

  it(`round-trips ${injectionPayloads.length} injection payloads as literals`, async () => {
    expect(injectionPayloads.length).toBeGreaterThanOrEqual(30);
    for (const payload of injectionPayloads) {
      const sql = spliceSqlLiterals("select {{ v }} as a, '{{ v }}' as b, 'x{{ v }}' as c, count(*)::int as n from (values (1)) t", { ' v ': payload });
      const result = await client.query(sql);
      expect(result.rows).toEqual([{ a: payload, b: payload, c: `x${payload}`, n: 1 }]);
    }
  });

  it(`round-trips ${injectionPayloads.length} injection payloads as parameters`, async () => {
    const compiled = compileSqlTemplate("select {{ v }}::text as a, '{{ v }}' as b, 'x{{ v }}' as c, count(*)::int as n from (values (1)) t");
    for (const payload of injectionPayloads) {
      const result = await client.query(compiled.text, [payload]);
      expect(result.rows).toEqual([{ a: payload, b: payload, c: `x${payload}`, n: 1 }]);
    }
  });

  it('round-trips typed literals', async () => {
    const sql = spliceSqlLiterals('select {{a}} as a, {{b}} as b, {{c}} as c, {{d}} as d, {{e}}::jsonb as e, {{f}}::int[] as f', {
      a: 42, b: false, c: null, d: 1e21, e: { x: [1, "'"] }, f: [1, 2],
    });
    const result = await client.query(sql);
    expect(result.rows[0]).toEqual({ a: 42, b: false, c: null, d: '1000000000000000000000', e: { x: [1, "'"] }, f: [1, 2] });
  });
});

describe('compileSqlTemplate (remembered per body)', () => {
  it('hands every caller the same frozen result, which no caller can change', () => {
    const first = compileSqlTemplate('select * from t where id = {{ a }} and b = {{ b }} or a2 = {{ a }}');
    const again = compileSqlTemplate('select * from t where id = {{ a }} and b = {{ b }} or a2 = {{ a }}');
    expect(again).toBe(first);
    expect(first).toEqual({ text: 'select * from t where id = $1 and b = $2 or a2 = $1', bindings: [' a ', ' b '] });
    expect(() => (first.bindings as string[]).push('x')).toThrow(TypeError);
    expect(compileSqlTemplate('select * from t where id = {{ a }} and b = {{ b }} or a2 = {{ a }}').bindings).toEqual([' a ', ' b ']);
  });
});
