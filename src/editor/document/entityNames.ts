import { entityNameSchema, entityNames, type AppDocument } from '../../shared';

/**
 * The first free name `<prefix><n>` (n = 1, 2, …) across every entity of the app, so that a
 * new Input is `Input1`, then `Input2`, even when a query or JS object already took a number.
 */
export function nextEntityName(doc: AppDocument, prefix: string): string {
  const taken = new Set(entityNames(doc));
  for (let n = 1; ; n++) {
    const candidate = `${prefix}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Why a proposed entity name cannot be used, or null when it can. `currentName` is the
 * entity's own name, which it may keep.
 */
export function entityNameProblem(doc: AppDocument, name: string, currentName: string | null): string | null {
  if (!entityNameSchema.safeParse(name).success) {
    return 'Use letters, digits, _ or $, not starting with a digit (at most 64 characters).';
  }
  if (name !== currentName && entityNames(doc).includes(name)) return `${name} is already used in this app.`;
  if (reservedNames.has(name)) return `${name} is reserved.`;
  return null;
}

// Globals user code sees; an entity with one of these names would shadow them.
const reservedNames = new Set([
  'cordon', 'storeValue', 'removeValue', 'clearStore', 'showAlert', 'navigateTo', 'resetWidget',
  'setInterval', 'clearInterval', 'fetch', 'undefined', 'null', 'true', 'false', 'this',
]);
