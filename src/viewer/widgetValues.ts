import type { EvaluationError } from '../runtime/protocol';
import type { RuntimeState } from './runtime/useRuntime';

const emptyValues: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const emptyErrors: Record<string, string> = Object.freeze({}) as Record<string, string>;

// Grouping once per errors array keeps a page of many widgets linear instead of quadratic.
const grouped = new WeakMap<EvaluationError[], Map<string, Record<string, string>>>();

function errorsByEntity(errors: EvaluationError[]): Map<string, Record<string, string>> {
  let map = grouped.get(errors);
  if (!map) {
    map = new Map();
    for (const error of errors) {
      const entry = map.get(error.entity) ?? {};
      // The first error of a property is the one to fix first.
      entry[error.key] ??= error.message;
      map.set(error.entity, entry);
    }
    grouped.set(errors, map);
  }
  return map;
}

/** The evaluated values and the errors (by property) of one widget, ready for WidgetRenderProps. */
export function widgetRenderValues(runtime: Pick<RuntimeState, 'values' | 'errors'>, name: string): { values: Record<string, unknown>; errors: Record<string, string> } {
  return {
    values: runtime.values[name] ?? emptyValues,
    errors: errorsByEntity(runtime.errors).get(name) ?? emptyErrors,
  };
}
