/**
 * The catalogue of what app code can call besides its own entities: the framework functions,
 * the members of every query, and the `cordon` global. Pure data, read by the editor
 * (autocomplete, hover docs, the linter) and by anyone else who needs the list of names.
 *
 * `allowedInDataFields` says whether a call may appear in a data field (a widget property or
 * a query parameter `{{ }}`): data fields are evaluated synchronously and free of side effects,
 * so every function that changes something is refused there (the engine throws; the editor
 * flags it as an error before that). Event handlers and JS object functions may call all of them.
 */

/** One callable or readable name of the framework. */
export interface FrameworkEntry {
  name: string;
  /** `function` is called (`storeValue(...)`), `property` is read (`cordon.store`). */
  kind: 'function' | 'property';
  /** What a builder types, with defaults: `storeValue(key, value, persist = true)`. */
  signature: string;
  /** One line. */
  doc: string;
  /** May be used in a data field (synchronous, no side effects). Default for functions: false. */
  allowedInDataFields: boolean;
}

const fn = (name: string, params: string, doc: string): FrameworkEntry => ({
  name, kind: 'function', signature: `${name}(${params})`, doc, allowedInDataFields: false,
});
const prop = (name: string, type: string, doc: string): FrameworkEntry => ({
  name, kind: 'property', signature: `${name}: ${type}`, doc, allowedInDataFields: true,
});

/** The global framework functions, in the order the docs list them. */
export const frameworkFunctions: readonly FrameworkEntry[] = [
  fn('storeValue', 'key, value, persist = true', 'Stores a value under key, readable as cordon.store[key]; persisted in this browser unless persist is false.'),
  fn('removeValue', 'key', 'Removes one key from cordon.store.'),
  fn('clearStore', '', 'Removes every key from cordon.store.'),
  fn('navigateTo', "pageOrUrl, params = {}, target = 'SAME_WINDOW'", "Opens a page of this app (by name or slug) or a URL, with query parameters; target 'NEW_WINDOW' opens a new tab."),
  fn('showAlert', "message, type = 'info'", "Shows a short message; type is 'info', 'success', 'warning' or 'error'."),
  fn('showModal', 'name', 'Opens the Modal widget with this name.'),
  fn('closeModal', 'name', 'Closes the Modal widget with this name.'),
  fn('resetWidget', 'name, resetChildren = true', 'Returns a widget (and its children) to its default state.'),
  fn('download', 'data, name, type', 'Saves data as a file with this name and MIME type.'),
  fn('copyToClipboard', 'text', 'Copies text to the clipboard.'),
  fn('setInterval', 'fn, ms, id', 'Calls fn every ms milliseconds; a second call with the same id replaces the first. Stops when the page is left.'),
  fn('clearInterval', 'id', 'Stops the interval started with this id.'),
  fn('postWindowMessage', "message, target = 'window', targetOrigin", 'Posts a message to the page embedding this app (or a named iframe), only to targetOrigin.'),
  fn('windowMessageListener', 'origin, fn', 'Calls fn with each message the embedding page sends from exactly this origin.'),
  fn('unlistenWindowMessage', 'origin', 'Stops listening to messages from this origin.'),
  fn('fetch', 'url, init', 'Fetches a URL without credentials or cookies; resolves with plain data { status, headers, body }.'),
];

/** Members of every query entity (`Query1.data`, `Query1.run(params)`). */
export const queryMembers: readonly FrameworkEntry[] = [
  prop('data', 'unknown[]', 'The rows of the last successful run.'),
  prop('isLoading', 'boolean', 'True while the query runs.'),
  prop('error', 'string | null', 'The message of the last failed run, or null.'),
  fn('run', 'params = {}', 'Runs the query; resolves with its rows. In the body, {{ this.params.x }} reads params.'),
  fn('clear', '', 'Forgets the data and error of the last run.'),
];

/** Name of the global that holds session facts. */
export const cordonGlobalName = 'cordon';

/** Members of the `cordon` global: read-only facts about the session. */
export const cordonMembers: readonly FrameworkEntry[] = [
  prop('store', 'Record<string, unknown>', 'Values written with storeValue.'),
  prop('user', '{ name, email, role } | null', 'The signed-in user (nothing secret).'),
  prop('URL', '{ path, query }', 'The page path and its query parameters.'),
  prop('mode', "'edit' | 'view'", "'edit' in the editor, 'view' in the published app."),
];

/** The `cordon` global itself, for hover and completion of the bare name. */
export const cordonGlobal: FrameworkEntry = prop(cordonGlobalName, 'object', 'Session facts: store, user, URL, mode.');

/** Looks a global framework function up by name. */
export function findFrameworkFunction(name: string): FrameworkEntry | undefined {
  return frameworkFunctions.find((f) => f.name === name);
}
