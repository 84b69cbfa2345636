import { NativeFunction } from './nativeFunction';
import { isSingleBinding, parseTemplate, type TemplateSegment } from '../src/shared/template';
import { DependencyGraph } from '../src/runtime/DependencyGraph';
import { extractDependencies, type Dependency } from '../src/runtime/dependencies';
import type { RuntimeAppSpec, ValueChange } from '../src/runtime/protocol';

type Compiled = (ctx: Record<string, Record<string, unknown>>) => unknown;
type Node =
  | { kind: 'constant'; widget: string; key: string; value: unknown }
  | { kind: 'single'; widget: string; key: string; fn: Compiled }
  | { kind: 'mixed'; widget: string; key: string; parts: Array<string | Compiled> }
  | { kind: 'meta'; widget: string; key: string; fromProp: string };

/**
 * The baseline of the runtime benchmark: the straightforward evaluator a tool without a sandbox
 * would use. Same template parser, same dependency analysis and graph as Cordon, but each binding
 * is compiled with plain `new Function` (V8's own, captured before lockdown) over mutable entity objects: no compartment, no hardening,
 * no copies, no change detection beyond `!==`. The changed values are posted as JSON.
 */
export class BaselineEvaluator {
  private readonly ctx: Record<string, Record<string, unknown>> = {};
  private readonly nodes = new Map<string, Node>();
  private readonly graph: DependencyGraph;
  private readonly meta = new Map<string, unknown>();

  constructor(spec: RuntimeAppSpec, private readonly post: (json: string) => void) {
    const names = new Set(spec.widgets.map((w) => w.name));
    const deps = new Map<string, Dependency[]>();
    for (const w of spec.widgets) {
      this.ctx[w.name] = {};
      for (const [key, raw] of Object.entries(w.props)) {
        const id = `${w.name}.${key}`;
        if (typeof raw !== 'string') { this.nodes.set(id, { kind: 'constant', widget: w.name, key, value: raw }); deps.set(id, []); continue; }
        const segments = parseTemplate(raw);
        const bindings = segments.filter((s): s is Extract<TemplateSegment, { kind: 'binding' }> => s.kind === 'binding');
        deps.set(id, extractDependencies(bindings.map((b) => b.expression).join('\n;\n'), names));
        if (bindings.length === 0) this.nodes.set(id, { kind: 'constant', widget: w.name, key, value: raw });
        else if (isSingleBinding(raw)) this.nodes.set(id, { kind: 'single', widget: w.name, key, fn: compile(bindings[0]?.expression ?? '', names) });
        else this.nodes.set(id, { kind: 'mixed', widget: w.name, key, parts: segments.map((s) => (s.kind === 'text' ? s.text : compile(s.expression, names))) });
      }
      for (const [key, fromProp] of Object.entries(w.metaFromProps)) {
        const id = `${w.name}.${key}`;
        this.nodes.set(id, { kind: 'meta', widget: w.name, key, fromProp });
        deps.set(id, [{ entity: w.name, key: fromProp }]);
      }
    }
    this.graph = new DependencyGraph(deps);
    for (const id of this.graph.order) this.evaluate(id);
    const changes: ValueChange[] = [];
    for (const [entity, values] of Object.entries(this.ctx)) for (const [key, value] of Object.entries(values)) changes.push({ entity, key, value });
    this.post(JSON.stringify({ type: 'values', changes, errors: [] }));
  }

  /** Sets a widget's meta key, re-evaluates its dependents and posts the changed values. */
  setMeta(widget: string, key: string, value: unknown): void {
    const id = `${widget}.${key}`;
    this.meta.set(id, value);
    (this.ctx[widget] as Record<string, unknown>)[key] = value;
    const changes: ValueChange[] = [{ entity: widget, key, value }];
    for (const dep of this.graph.affected([id])) {
      const node = this.nodes.get(dep) as Node;
      const before = (this.ctx[node.widget] as Record<string, unknown>)[node.key];
      this.evaluate(dep);
      const after = (this.ctx[node.widget] as Record<string, unknown>)[node.key];
      if (after !== before) changes.push({ entity: node.widget, key: node.key, value: after });
    }
    this.post(JSON.stringify({ type: 'values', changes, errors: [] }));
  }

  private evaluate(id: string): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const values = this.ctx[node.widget] as Record<string, unknown>;
    switch (node.kind) {
      case 'constant': values[node.key] = node.value; return;
      case 'meta': values[node.key] = this.meta.has(id) ? this.meta.get(id) : values[node.fromProp]; return;
      case 'single': values[node.key] = attempt(node.fn, this.ctx); return;
      case 'mixed': {
        let text = '';
        for (const part of node.parts) {
          if (typeof part === 'string') { text += part; continue; }
          const v = attempt(part, this.ctx);
          text += v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        }
        values[node.key] = text;
      }
    }
  }
}

/** `new Function` with the entities the expression names destructured from the context. */
function compile(expression: string, names: ReadonlySet<string>): Compiled {
  const used = [...new Set(extractDependencies(expression, names).map((d) => d.entity))];
  return new NativeFunction('ctx', `const { ${used.join(', ')} } = ctx;\nreturn (\n${expression}\n);`) as Compiled;
}

function attempt(fn: Compiled, ctx: Record<string, Record<string, unknown>>): unknown {
  try { return fn(ctx); } catch { return undefined; }
}
