/**
 * The messages between the main thread (viewer or editor) and the evaluation worker.
 * Only structured-clone plain data crosses; nothing here is a function or a host object.
 *
 * The engine speaks in *entities*: widgets, queries and JS objects by name, each a flat
 * record of values (`Input1.text`, `Query1.data`, `Table1.tableData`).
 */
import type { PropValue } from '../shared';

/** A widget as the engine sees it. The viewer builds it from the app document and the widget registry. */
export interface RuntimeWidgetSpec {
  name: string;
  type: string;
  /** Raw property values; strings may hold `{{ }}` bindings. */
  props: Record<string, PropValue>;
  /** Property names that are event handlers (`onClick`): run on trigger, never evaluated as bindings. */
  eventProps: string[];
  /**
   * State the user changes by interacting (`Input1.text`). Each key starts as the evaluated
   * value of the named property (`{ text: 'defaultText' }`), follows it until the user or a setter
   * writes the key, and returns to it on `resetWidget`.
   */
  metaFromProps: Record<string, string>;
  /** Setter methods on the entity (`setValue` → writes meta key `text`). Default: none. */
  setters: Record<string, string>;
}

/** A query as the engine sees it: no body, only what is needed to run it (I1). */
export interface RuntimeQuerySpec {
  /** The id the host uses to run it (the published action id in view mode). */
  id: string;
  name: string;
  /** Binding expressions, evaluated and sent as parameters keyed by the expression text. */
  bindings: string[];
  runOnLoad: boolean;
  confirm: boolean;
  timeoutMs: number;
}

/** Per-function settings of a JS object (the app document's `functionSettings`). */
export interface RuntimeJsFunctionSettings {
  /** Run once after the page loads, in view mode. Default false. */
  runOnLoad?: boolean;
  /** Ask the user (a `confirm` request) before every run. Default false. */
  confirm?: boolean;
}

export interface RuntimeJsObjectSpec {
  name: string;
  /** `export default { ... }` source. */
  code: string;
  /** Settings by function name. Default: none (functions run only when called, without asking). */
  functionSettings?: Record<string, RuntimeJsFunctionSettings>;
}

export interface RuntimeAppSpec {
  widgets: RuntimeWidgetSpec[];
  queries: RuntimeQuerySpec[];
  jsObjects: RuntimeJsObjectSpec[];
}

/** Read-only facts about the session, exposed to user code as the `cordon` global. */
export interface RuntimeGlobals {
  store: Record<string, unknown>;
  user: { name: string; email: string; role: string } | null;
  url: { path: string; query: Record<string, string> };
  mode: 'edit' | 'view';
}

/** One changed top-level value of an entity. */
export interface ValueChange {
  entity: string;
  key: string;
  value: unknown;
}

/** An evaluation error, attached to the entity and property that produced it. */
export interface EvaluationError {
  entity: string;
  key: string;
  message: string;
}

/** Requests the engine makes of the host and awaits a reply for. */
export type HostRequest =
  | { kind: 'runQuery'; queryId: string; params: Record<string, unknown> }
  | { kind: 'confirm'; message: string };

/** Fire-and-forget effects the host carries out on the main thread. */
export type HostEffect =
  | { kind: 'showAlert'; message: string; style: 'info' | 'success' | 'warning' | 'error' }
  | { kind: 'storeValue'; key: string; value: unknown; persist: boolean }
  | { kind: 'removeValue'; key: string }
  | { kind: 'clearStore' }
  | { kind: 'navigateTo'; target: string; params: Record<string, string>; newWindow: boolean }
  /** Save `data` (text; objects arrive as JSON) as a file named `fileName`. */
  | { kind: 'download'; data: string; fileName: string; mimeType: string }
  | { kind: 'copyToClipboard'; text: string }
  /** `window.parent.postMessage(message, targetOrigin)`; `message` is plain data, `targetOrigin` an exact origin (never `*`). */
  | { kind: 'postWindowMessage'; message: unknown; targetOrigin: string }
  /**
   * The full current set of origins the app listens to. The host keeps one window `message`
   * listener and forwards (`windowMessage`) only messages from `window.parent` whose origin is in the set.
   */
  | { kind: 'windowMessageOrigins'; origins: string[] };

/**
 * State the engine cannot rebuild from the spec: what the user typed, JS object variables and
 * query results. The worker posts it after changes; the bridge hands the last one back in `init`
 * when the watchdog restarts a worker, so the app comes back as it was.
 */
export interface RuntimeSnapshot {
  /** Widget meta keys the user or a setter wrote, by widget then key. */
  meta: Record<string, Record<string, unknown>>;
  /** JS object variables, by object then variable. */
  jsObjects: Record<string, Record<string, unknown>>;
  /** Results of queries that ran. */
  queries: Record<string, { data: unknown; error: string | null }>;
}

export type MainToWorker =
  /** Starts the app. `snapshot` and `skipRunOnLoad` are set when the watchdog restarts a hung worker. */
  | { type: 'init'; app: RuntimeAppSpec; globals: RuntimeGlobals; snapshot?: RuntimeSnapshot; skipRunOnLoad?: boolean }
  /** The app changed (editor edits): re-initialise, keeping meta, variables and query results where names still match. */
  | { type: 'updateApp'; app: RuntimeAppSpec }
  /** Session facts changed (for example the URL). `store` is ignored: the engine owns it after `init`. */
  | { type: 'updateGlobals'; globals: Omit<RuntimeGlobals, 'store'> }
  /** Run a query through the engine, as `Query1.run()` would (the editor's Run button). Answered by `handlerDone` with `event: 'run'`. */
  | { type: 'runQuery'; query: string }
  /** The user changed a widget's state (typed into an Input, selected a Table row). */
  | { type: 'setMeta'; widget: string; patch: Record<string, unknown> }
  /** An event fired on a widget: run the handler in property `event` (for example `onClick`). */
  | { type: 'trigger'; widget: string; event: string }
  | { type: 'reply'; requestId: number; ok: true; value: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  /** A message from the embedding parent whose origin is one the app listens to (see `windowMessageOrigins`). */
  | { type: 'windowMessage'; origin: string; data: unknown }
  /** Watchdog heartbeat: the worker answers `pong` with the same `seq` when it is not busy. */
  | { type: 'ping'; seq: number };

export type WorkerToMain =
  /**
   * The worker's module has loaded and locked down; nothing of the app has run yet. The watchdog
   * judges the worker only from here on: loading and `lockdown()` run no user code, and on a
   * busy machine they can take longer than a binding's budget.
   */
  | { type: 'booted' }
  | { type: 'ready' }
  /** Only values that changed since the last message, and the current list of errors. */
  | { type: 'values'; changes: ValueChange[]; errors: EvaluationError[] }
  | { type: 'request'; requestId: number; request: HostRequest }
  | { type: 'effect'; effect: HostEffect }
  /** A handler (trigger, query run, interval tick) started: the bridge's watchdog names it if the worker then hangs. */
  | { type: 'handlerStart'; widget: string; event: string }
  | { type: 'handlerDone'; widget: string; event: string; ok: boolean; error?: string }
  /** State to restore after a watchdog restart; posted when it changed. */
  | { type: 'snapshot'; snapshot: RuntimeSnapshot }
  | { type: 'pong'; seq: number };
