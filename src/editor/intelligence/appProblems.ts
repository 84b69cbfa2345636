import type { AppDocument, Page } from '../../shared';
import { widgetConfigs } from '../../widgets/widgetConfigs';
import type { AppSymbols } from './appSymbols';
import { diagnose, type Diagnostic } from './diagnostics';

/** A lint finding somewhere in the app, for the debugger's list. */
export interface AppProblem extends Diagnostic {
  entity: string;
  /** Property name, `body` for a query, `code` for a JS object. */
  key: string;
}

const configsByType = new Map(widgetConfigs.map((c) => [c.type, c]));

/**
 * Every lint finding of the page being edited and of the app's queries and JS objects:
 * what the fields show one by one, gathered so none goes unseen behind a closed panel.
 */
export function appProblems(doc: AppDocument, page: Page | undefined, symbols: AppSymbols): AppProblem[] {
  const out: AppProblem[] = [];
  for (const widget of page?.widgets ?? []) {
    const config = configsByType.get(widget.type);
    for (const property of config?.properties ?? []) {
      const value = widget.props[property.name];
      if (typeof value !== 'string' || property.control === 'select') continue;
      const kind = property.control === 'event' ? 'handler' : 'template';
      for (const d of diagnose(value, kind, symbols)) out.push({ entity: widget.name, key: property.name, ...d });
    }
  }
  for (const query of doc.queries) for (const d of diagnose(query.body, 'template', symbols)) out.push({ entity: query.name, key: 'body', ...d });
  for (const js of doc.jsObjects) for (const d of diagnose(js.code, 'jsObject', symbols)) out.push({ entity: js.name, key: 'code', ...d });
  return out;
}
