import { queryBindingExpressions, type AppDocument, type Page } from '../../shared';
import type { RuntimeAppSpec } from '../../runtime/protocol';
import { buildRuntimeSpec } from '../../viewer/buildRuntimeSpec';

/**
 * The engine's spec for the page being edited. Queries are the drafts: `id` is the draft
 * query id (the host runs it through the draft route) and `bindings` come from the body.
 * Nothing runs on load in the editor: every edit rebuilds the spec, and re-running queries
 * on each keystroke would hammer the database; the builder runs them with Run.
 */
export function editorRuntimeSpec(page: Page, doc: AppDocument): RuntimeAppSpec {
  return buildRuntimeSpec(
    page,
    doc.queries.map((q) => ({
      id: q.id,
      name: q.name,
      bindings: queryBindingExpressions(q),
      runOnLoad: false,
      confirm: false,
      timeoutMs: q.timeoutMs,
    })),
    doc.jsObjects.map((j) => ({ name: j.name, code: j.code })),
  );
}
