import type { QueryDef, RestRequest } from './appDocument';
import { bindingExpressions } from './template';

/**
 * The binding expressions of a query, each once, in order of appearance: those of the SQL body,
 * or of a REST request's path, query parameter values, header values and body. These are
 * exactly the keys a client sends in `params` when it runs the query.
 */
export function queryBindingExpressions(query: Pick<QueryDef, 'body' | 'rest'>): string[] {
  if (!query.rest) return bindingExpressions(query.body);
  return unique(restTemplates(query.rest).flatMap(bindingExpressions));
}

/** Every template string of a REST request that may hold bindings. */
export function restTemplates(request: RestRequest): string[] {
  const templates = [request.path, ...request.queryParams.map((p) => p.value), ...request.headers.map((h) => h.value)];
  if (request.bodyType === 'json' || request.bodyType === 'text') templates.push(request.body);
  if (request.bodyType === 'form') templates.push(...request.formFields.map((f) => f.value));
  return templates;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
