/**
 * JS objects are written as a module with one default export of an object literal:
 * `export default { count: 0, total() { ... } }`. The engine evaluates the object literal as
 * an expression inside the app's compartment; this turns the source into that expression.
 */

/** The expression form of a JS object's source, or an Error message when it has no `export default {`. */
export function jsObjectExpression(code: string): { expression: string } | { error: string } {
  const match = /^((?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*)export\s+default(?=[\s{(])/.exec(code);
  if (!match) return { error: 'a JS object must start with `export default {`' };
  const rest = code.slice(match[0].length).replace(/;\s*$/, '');
  if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\{/.test(rest)) return { error: 'a JS object must export an object literal: `export default { ... }`' };
  // Newlines keep a trailing line comment from swallowing the closing parenthesis.
  return { expression: `(\n${rest}\n)` };
}
