import { parse, type Node, type Options } from 'acorn';
import { isDummy, parse as parseLoose } from 'acorn-loose';

/** A top-level member of a JS object's `export default { ... }`. */
export interface JsObjectMember {
  name: string;
  kind: 'variable' | 'function';
  /** For functions: the parameter list as written, e.g. `name, greeting = 'Hi'`. */
  params?: string;
  async?: boolean;
}

type AnyNode = Node & Record<string, unknown>;

/**
 * The variables and functions of a JS object, read from its parsed source without running it
 * (the engine finds the same by evaluating it in the worker; the editor cannot evaluate code).
 * Code with syntax errors is read by an error-tolerant parser. Returns an empty list when the
 * source has no `export default { ... }`.
 */
export function jsObjectMembers(code: string): JsObjectMember[] {
  const options: Options = { ecmaVersion: 'latest', sourceType: 'module' };
  let program: AnyNode;
  try {
    program = parse(code, options) as unknown as AnyNode;
  } catch {
    // Code being typed rarely parses (`this.` half written): the error-tolerant parser still
    // finds the members, so completion keeps offering them.
    program = parseLoose(code, options) as unknown as AnyNode;
  }
  const exported = (program.body as AnyNode[]).find((s) => s.type === 'ExportDefaultDeclaration');
  const object = exported?.declaration as AnyNode | undefined;
  if (object?.type !== 'ObjectExpression') return [];
  return (object.properties as AnyNode[]).flatMap((p) => {
    const member = p.type === 'Property' ? readMember(code, p) : undefined;
    return member ? [member] : [];
  });
}

function readMember(code: string, property: AnyNode): JsObjectMember | undefined {
  const key = property.key as AnyNode;
  if (isDummy(key)) return undefined; // a placeholder the tolerant parser made up
  const name = property.computed ? undefined : key.type === 'Identifier' ? key.name : key.value;
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  if (property.kind !== 'init') return { name, kind: 'variable' }; // getter or setter: read as a value
  const value = property.value as AnyNode;
  if (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') {
    return { name, kind: 'function', params: paramsText(code, value.params as AnyNode[]), async: value.async === true };
  }
  return { name, kind: 'variable' };
}

function paramsText(code: string, params: AnyNode[]): string {
  const first = params[0];
  const last = params[params.length - 1];
  return first && last ? code.slice(first.start, last.end).replace(/\s+/g, ' ').trim() : '';
}
