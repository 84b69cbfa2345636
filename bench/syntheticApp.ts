import type { RuntimeAppSpec, RuntimeWidgetSpec } from '../src/runtime/protocol';

/** Widgets per chain: one Input followed by Texts, each reading the one before it. */
export const chainLength = 10;

/**
 * A synthetic app of `widgets` widgets (a multiple of `chainLength`), three bindings each, laid
 * out as independent chains `Input → Text → Text → ...`. Changing one Input touches exactly one
 * chain: its meta node and 3 × (chainLength − 1) bindings.
 *
 * `variant` (a build number) puts a comment naming the build in every binding: the same app, but
 * source text V8 has not compiled yet in this process. V8 caches what `new Function` and `eval`
 * compile by source text, so a second build of the very same app would compile (almost) nothing,
 * while a page's first evaluation in a fresh worker compiles everything.
 */
export function syntheticApp(widgets: number, variant?: number): RuntimeAppSpec {
  const tag = variant === undefined ? '' : ` /* build ${variant} */`;
  const out: RuntimeWidgetSpec[] = [];
  const chains = Math.ceil(widgets / chainLength);
  for (let c = 0; c < chains; c++) {
    out.push({
      name: `Input${c}`,
      type: 'input',
      props: { label: `{{ 'Field ' + ${c}${tag} }}`, placeholder: `{{ ['type', 'here'].join(' ')${tag} }}`, defaultText: `{{ 'v' + ${c}${tag} }}` },
      eventProps: [],
      metaFromProps: { text: 'defaultText' },
      setters: { setValue: 'text' },
    });
    for (let k = 1; k < chainLength && out.length < widgets; k++) {
      const prev = k === 1 ? `Input${c}` : `Text${c}_${k - 1}`;
      out.push({
        name: `Text${c}_${k}`,
        type: 'text',
        props: {
          text: `{{ ${prev}.text + '.'${tag} }}`,
          color: `{{ ${prev}.text.length > 12 ? 'red' : 'green'${tag} }}`,
          tooltip: `Step ${k}: {{ ${prev}.text.toUpperCase()${tag} }}`,
        },
        eventProps: [],
        metaFromProps: {},
        setters: {},
      });
    }
  }
  return { widgets: out, queries: [], jsObjects: [] };
}

/** The input names of a synthetic app, one per chain. */
export function chainInputs(app: RuntimeAppSpec): string[] {
  return app.widgets.filter((w) => w.type === 'input').map((w) => w.name);
}
