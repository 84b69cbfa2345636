import type { Node } from 'acorn';

/**
 * Finds the free names of a parsed piece of code: the identifiers it reads from the surrounding
 * scope (`Input1` in `Input1.text`), as opposed to property names, object keys, labels, and
 * names declared in a scope that encloses the read (variables, parameters, functions, classes,
 * catch bindings). Scopes follow the language: `var` and parameters belong to their function,
 * `let`/`const`/`class` to their block; a declaration anywhere in a scope counts for the whole
 * scope (hoisting; the temporal dead zone is not checked).
 */

/** A read of a name from the surrounding scope. */
export interface NameReference {
  name: string;
  start: number;
  end: number;
  /** Directly called: `storeValue(...)`. */
  called: boolean;
  /** When the reference is `Name.member` or `Name?.member`: the member read. */
  member?: { name: string; start: number; end: number };
  /** When the reference is `Name.member(...)`: the member called. */
  calledMember?: { name: string; start: number; end: number };
}

// ESTree nodes are walked generically: every property holding a node or an array of nodes is a child.
type AnyNode = Node & Record<string, unknown>;

const isNode = (v: unknown): v is AnyNode => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';

function children(node: AnyNode): { key: string; child: AnyNode }[] {
  const out: { key: string; child: AnyNode }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) for (const v of value) { if (isNode(v)) out.push({ key, child: v }); }
    else if (isNode(value)) out.push({ key, child: value });
  }
  return out;
}

const isFunction = (n: AnyNode) => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';

/** The identifiers a binding pattern declares (`{ a, b: [c], ...d }` → a, c, d). */
function patternIdentifiers(p: unknown, out: AnyNode[] = []): AnyNode[] {
  if (!isNode(p)) return out;
  if (p.type === 'Identifier') out.push(p);
  else if (p.type === 'ObjectPattern') for (const prop of p.properties as AnyNode[]) patternIdentifiers(prop.type === 'RestElement' ? prop.argument : prop.value, out);
  else if (p.type === 'ArrayPattern') for (const e of p.elements as unknown[]) patternIdentifiers(e, out);
  else if (p.type === 'RestElement') patternIdentifiers(p.argument, out);
  else if (p.type === 'AssignmentPattern') patternIdentifiers(p.left, out);
  return out;
}

/** The binding identifiers a node itself introduces (its name, parameters, declarators). */
function bindingsOf(node: AnyNode): AnyNode[] {
  switch (node.type) {
    case 'VariableDeclarator': return patternIdentifiers(node.id);
    case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression':
      return [...patternIdentifiers(node.id), ...(node.params as AnyNode[]).flatMap((p) => patternIdentifiers(p))];
    case 'ClassDeclaration': case 'ClassExpression': return patternIdentifiers(node.id);
    case 'CatchClause': return patternIdentifiers(node.param);
    case 'ImportSpecifier': case 'ImportDefaultSpecifier': case 'ImportNamespaceSpecifier': return patternIdentifiers(node.local);
    default: return [];
  }
}

const names = (ids: AnyNode[]) => ids.map((i) => i.name as string);

/** Lexical declarations (`let`, `const`, `class`, function declarations) directly in a statement list. */
function lexicalNames(statements: AnyNode[]): string[] {
  return statements.flatMap((s) => {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') return (s.declarations as AnyNode[]).flatMap((d) => names(bindingsOf(d)));
    if (s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') return names(patternIdentifiers(s.id));
    if ((s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration') && isNode(s.declaration)) return lexicalNames([s.declaration]);
    if (s.type === 'ImportDeclaration') return (s.specifiers as AnyNode[]).flatMap((sp) => names(bindingsOf(sp)));
    return [];
  });
}

/** `var` declarations anywhere inside `node`, not inside nested functions: they belong to the function. */
function varNames(node: AnyNode, out: string[] = []): string[] {
  for (const { child } of children(node)) {
    if (isFunction(child)) continue;
    if (child.type === 'VariableDeclaration' && child.kind === 'var') out.push(...(child.declarations as AnyNode[]).flatMap((d) => names(bindingsOf(d))));
    varNames(child, out);
  }
  return out;
}

/** The names a scope-creating node declares for the code inside it; undefined for other nodes. */
function scopeNames(node: AnyNode): string[] | undefined {
  switch (node.type) {
    case 'Program': return [...varNames(node), ...lexicalNames(node.body as AnyNode[])];
    case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression': {
      // A function declaration's own name belongs to the enclosing scope, a function expression's to itself.
      const own = node.type === 'FunctionDeclaration' ? (node.params as AnyNode[]).flatMap((p) => patternIdentifiers(p)) : bindingsOf(node);
      return [...names(own), ...(isNode(node.body) ? varNames(node.body) : [])];
    }
    case 'BlockStatement': case 'StaticBlock': return lexicalNames(node.body as AnyNode[]);
    case 'SwitchStatement': return lexicalNames((node.cases as AnyNode[]).flatMap((c) => c.consequent as AnyNode[]));
    case 'ForStatement': case 'ForInStatement': case 'ForOfStatement': {
      const decl = node.type === 'ForStatement' ? node.init : node.left;
      return isNode(decl) ? lexicalNames([decl]) : [];
    }
    case 'CatchClause': case 'ClassExpression': return names(bindingsOf(node));
    default: return undefined;
  }
}

/** Whether the identifier `node`, found at `key` of `parent`, names something other than a variable. */
function isNotAVariable(parent: AnyNode | undefined, key: string): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression': return key === 'property' && !parent.computed;
    case 'Property': case 'MethodDefinition': case 'PropertyDefinition': return key === 'key' && !parent.computed;
    case 'LabeledStatement': case 'BreakStatement': case 'ContinueStatement': return key === 'label';
    case 'MetaProperty': return true;
    case 'ExportSpecifier': return key === 'exported';
    case 'ImportSpecifier': return key === 'imported';
    default: return false;
  }
}

/** The free names of `ast`, in source order. */
export function scanIdentifiers(ast: Node): NameReference[] {
  const references: NameReference[] = [];
  const bindings = new WeakSet<AnyNode>();
  const scopes = new WeakMap<AnyNode, Set<string>>();
  const declaredIn = (scope: AnyNode): Set<string> | undefined => {
    if (!scopes.has(scope)) {
      const list = scopeNames(scope);
      if (!list) return undefined;
      scopes.set(scope, new Set(list));
    }
    return scopes.get(scope);
  };

  const visit = (node: AnyNode, key: string, ancestors: AnyNode[]) => {
    for (const id of bindingsOf(node)) bindings.add(id);
    const parent = ancestors[ancestors.length - 1];
    if (node.type === 'Identifier' && !bindings.has(node) && !isNotAVariable(parent, key)) {
      const name = node.name as string;
      if (!ancestors.some((a) => declaredIn(a)?.has(name))) references.push(reference(node, name, parent, key, ancestors[ancestors.length - 2]));
    }
    const inner = [...ancestors, node];
    for (const c of children(node)) visit(c.child, c.key, inner);
  };
  visit(ast as AnyNode, '', []);
  return references.sort((a, b) => a.start - b.start);
}

function reference(node: AnyNode, name: string, parent: AnyNode | undefined, key: string, grandparent: AnyNode | undefined): NameReference {
  const ref: NameReference = { name, start: node.start, end: node.end, called: parent?.type === 'CallExpression' && key === 'callee' };
  const property = parent?.property;
  if (parent?.type === 'MemberExpression' && key === 'object' && !parent.computed && isNode(property) && property.type === 'Identifier') {
    ref.member = { name: property.name as string, start: property.start, end: property.end };
    if (grandparent?.type === 'CallExpression' && grandparent.callee === parent) ref.calledMember = ref.member;
  }
  return ref;
}
