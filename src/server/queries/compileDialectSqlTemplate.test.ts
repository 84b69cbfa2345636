import mysql from 'mysql2/promise';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { adminMysqlUrl } from '../datasources/mysql/mysqlTestKit';
import { compileDialectSqlTemplate, placeholderValues } from './compileDialectSqlTemplate';
import { compileSqlTemplate } from './compileSqlTemplate';
import { dialectSqlLiteral, mysqlString, sqliteString } from './dialectSqlLiteral';
import { injectionPayloads } from './injectionPayloads';
import { SqlTemplateError } from './rewriteSqlTemplate';
import { spliceDialectSqlLiterals } from './spliceDialectSqlLiterals';
import { spliceSqlLiterals } from './spliceSqlLiterals';

const my = (body: string) => compileDialectSqlTemplate(body, 'mysql');
const lite = (body: string) => compileDialectSqlTemplate(body, 'sqlite');

describe('compileDialectSqlTemplate (MySQL)', () => {
  it('turns every occurrence into a ?, the same expression twice into two placeholders', () => {
    const compiled = my('select {{ a }}, {{ b }}, {{ a }}');
    expect(compiled.text).toBe('select ?, ?, ?');
    expect(compiled.bindings).toEqual([' a ', ' b ']);
    expect(placeholderValues(compiled, { ' a ': 1, ' b ': { x: 1 } }, (v) => v)).toEqual([1, { x: 1 }, 1]);
  });

  it('reads MySQL quotes, escapes and comments', () => {
    expect(my("select 'it\\'s {{ no }}' , \"a\\\"{{ q }}\", {{ a }}").text).toBe("select CONCAT('it\\'s ', ?) , CONCAT(\"a\\\"\", ?), ?");
    expect(my('select `we``ird`, {{ x }}').text).toBe('select `we``ird`, ?');
    expect(my("select 1 # {{ a }} it's\n, {{ b }}").text).toBe("select 1 #  it's\n, ?");
    expect(my('select 1 -- {{ a }}\n, 2--{{ b }}').text).toBe('select 1 -- \n, 2--?');
    expect(my('select 1 /* {{ a }} */, {{ b }}').text).toBe('select 1 /*  */, ?');
    // An executable comment is code for MySQL: a binding inside it is a parameter, and a quote inside it opens a string.
    expect(my("select 1 /*! , {{ a }} */, '*/ {{ b }}'").text).toBe("select 1 /*! , ? */, CONCAT('*/ ', ?)");
    expect(my("select '%{{ q }}%'").text).toBe("select CONCAT('%', ?, '%')");
    expect(my("select '{{ q }}'").placeholders).toEqual([{ expression: ' q ', context: 'string' }]);
  });

  it('refuses what it cannot make safe', () => {
    expect(() => my('select `{{ x }}` from t')).toThrow(SqlTemplateError);
    expect(() => my('select * from t where id = ?')).toThrow(/placeholders/);
    expect(() => my('select * from t where id =? ')).toThrow(/placeholders/);
    expect(() => my("select 'a\\{{ x }}'")).toThrow(/backslash/);
    expect(() => my("select x'{{ x }}'")).toThrow(SqlTemplateError);
    expect(() => my("select '{{ x }}")).toThrow(/not closed/);
    expect(my("select 'a\\\\{{ x }}'").text).toBe("select CONCAT('a\\\\', ?)");
  });

  it('sends a value written inside quotes as text', () => {
    const compiled = my("select * from t where name = '{{ n }}' and id = {{ n }}");
    expect(placeholderValues(compiled, { ' n ': 0 }, (v) => v)).toEqual(['0', 0]);
    expect(placeholderValues(compiled, { ' n ': null }, (v) => v)).toEqual([null, null]);
  });
});

describe('compileDialectSqlTemplate (SQLite)', () => {
  it('reads SQLite quotes, identifiers and comments', () => {
    expect(lite("select 'it''s {{ q }}', \"a\"\"b\", [c d], `e`, {{ a }} -- {{ c }}\n/* {{ d }} */").text)
      .toBe("select ('it''s ' || ?), \"a\"\"b\", [c d], `e`, ? -- \n/*  */");
    // No backslash escapes in SQLite: '\' is a complete string.
    expect(lite("select '\\', {{ a }}").text).toBe("select '\\', ?");
    expect(lite('select 1--{{ a }}\n, {{ b }}').text).toBe('select 1--\n, ?');
  });

  it('refuses bindings in identifiers and hand-written placeholders', () => {
    for (const body of ['select "{{ x }}"', 'select [{{ x }}]', 'select `{{ x }}`', 'select ?', 'select ?1', 'select :name', 'select @name', 'select $name', "select x'{{ x }}'"]) {
      expect(() => lite(body), body).toThrow(SqlTemplateError);
    }
    expect(lite('select a$b, {{ x }}').text).toBe('select a$b, ?');
  });
});

describe('dialect literals', () => {
  it('writes numbers, booleans, null, JSON and text per dialect', () => {
    expect(dialectSqlLiteral(-1, 'code', 'mysql')).toBe('(-1)');
    expect(dialectSqlLiteral(true, 'code', 'mysql')).toBe('TRUE');
    expect(dialectSqlLiteral(true, 'code', 'sqlite')).toBe('1');
    expect(dialectSqlLiteral(null, 'string', 'sqlite')).toBe('NULL');
    expect(dialectSqlLiteral([1, 'a'], 'code', 'mysql')).toBe(`'[1,"a"]'`);
    expect(dialectSqlLiteral(5, 'string', 'mysql')).toBe("'5'");
    expect(mysqlString("a'b\\c\0")).toBe("'a''b\\\\c\\0'");
    expect(sqliteString("a'b\0c")).toBe("('a''b' || char(0) || 'c')");
  });

  it(`round-trips ${injectionPayloads.length} payloads through SQLite literals`, () => {
    const db = new Database(':memory:');
    try {
      for (const payload of injectionPayloads) {
        const sql = spliceDialectSqlLiterals("select {{ v }} as a, '{{ v }}' as b, 'x{{ v }}y' as c", { ' v ': payload }, 'sqlite');
        expect(db.prepare(sql).get()).toEqual({ a: payload, b: payload, c: `x${payload}y` });
      }
    } finally {
      db.close();
    }
  });

  it(`round-trips ${injectionPayloads.length} payloads through MySQL literals, with and without NO_BACKSLASH_ESCAPES`, async () => {
    const url = new URL(adminMysqlUrl);
    const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    try {
      for (const mode of ['', 'NO_BACKSLASH_ESCAPES']) {
        await connection.query(`set session sql_mode = '${mode}'`);
        for (const payload of injectionPayloads) {
          const sql = spliceDialectSqlLiterals("select {{ v }} as a, CONCAT('x', '{{ v }}') as b", { ' v ': payload }, 'mysql');
          const [rows] = await connection.query(sql);
          const row = (rows as Array<{ a: string; b: string }>)[0];
          // With NO_BACKSLASH_ESCAPES a backslash stays doubled (and \0, \n are kept as text); the value never leaves its literal.
          const expected = mode === '' ? payload : payload.replace(/\\/g, '\\\\').replace(/\0/g, '\\0').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
          expect([mode, payload, row]).toEqual([mode, payload, { a: expected, b: `x${expected}` }]);
        }
      }
    } finally {
      await connection.end();
    }
  });

  it('leaves the PostgreSQL compiler as it was, but refuses a backslash right before a binding in E strings', () => {
    expect(compileSqlTemplate("select '{{ a }}', {{ a }} # x").text).toBe('select $1, $1 # x');
    // Spliced, `E'a\{{ v }}'` became (E'a\' || '<value>'): the backslash ate the quote and the value ran as SQL.
    expect(() => compileSqlTemplate("select E'a\\{{ v }}' as x")).toThrow(/backslash/);
    expect(() => spliceSqlLiterals("select E'a\\{{ v }}' as x", { ' v ': '|| current_user) as x --' })).toThrow(SqlTemplateError);
    expect(compileSqlTemplate("select E'a\\\\{{ v }}', 'a\\{{ v }}'").text).toBe("select (E'a\\\\' || $1), (E'a\\\\' || $1)");
  });
});
