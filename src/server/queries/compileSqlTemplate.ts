import { boundedMemo } from '../../shared/boundedMemo';
import { rewriteSqlTemplate } from './rewriteSqlTemplate';

/** A query body compiled for a prepared statement (I4). */
export interface CompiledSql {
  /** The SQL with `$1`, `$2`... in place of the bindings. */
  readonly text: string;
  /** The binding expression of each parameter: `bindings[0]` is `$1`. Expressions are unique. */
  readonly bindings: readonly string[];
}

/**
 * Turns a body with `{{ }}` bindings into SQL with positional parameters. Every binding becomes
 * a parameter, also one written inside quotes (`'{{ Input1.text }}'`); the same expression used
 * twice reuses its parameter. Throws SqlTemplateError for bindings that cannot be parameters.
 */
export function compileSqlTemplate(body: string): CompiledSql {
  return compileOnce(body);
}

// A published body is compiled on every run of it; the same body compiles to the same SQL.
const compileOnce = boundedMemo((body: string): CompiledSql => {
  const bindings: string[] = [];
  const text = rewriteSqlTemplate(body, (expression) => {
    let index = bindings.indexOf(expression);
    if (index === -1) index = bindings.push(expression) - 1;
    return `$${index + 1}`;
  });
  return Object.freeze({ text, bindings: Object.freeze(bindings) });
});
