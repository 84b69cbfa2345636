import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ExecuteResponse } from '../../shared';
import type { EvaluationError, HostEffect, RuntimeAppSpec, RuntimeGlobals } from '../../runtime/protocol';
import { defaultWatchdogBudgets } from '../../runtime/Watchdog';
import { RuntimeBridge, type BridgeState } from './RuntimeBridge';

export interface RuntimeHostCallbacks {
  /** Runs a query on the server; resolves with the ExecuteResponse (engine sets Query.data = rows). */
  runQuery(queryId: string, params: Record<string, unknown>, signal: AbortSignal): Promise<ExecuteResponse>;
  /** showAlert/storeValue persistence/navigateTo etc. storeValue persistence to localStorage is done by the bridge itself (key `cordon:store:<appId>`). */
  onEffect(effect: HostEffect): void;
  confirm(message: string): Promise<boolean>;
}

export interface UseRuntimeOptions {
  appId: string;
  spec: RuntimeAppSpec | null;
  globals: Omit<RuntimeGlobals, 'store'>;
  host: RuntimeHostCallbacks;
  /** How long a handler may keep the worker busy, in ms (the app's `settings.handlerTimeoutMs`). Default 5 000. */
  handlerTimeoutMs?: number;
}

export interface RuntimeState {
  /** entity name -> evaluated values (widgets: evaluated props merged with meta; queries: data, isLoading, error; JS objects: variables) */
  values: Record<string, Record<string, unknown>>;
  errors: EvaluationError[];
  ready: boolean;
  setMeta(widget: string, patch: Record<string, unknown>): void;
  trigger(widget: string, event: string): void;
  /** Runs a query through the engine, as `Query1.run()` would (the editor's Run button). */
  runQuery(queryName: string): void;
}

const idle: BridgeState = { values: {}, errors: [], ready: false };
const noSubscription = () => () => undefined;

/**
 * Runs an app's runtime for a React tree: starts the evaluation worker when a spec is present,
 * sends spec and globals changes to it (only when they really changed), and re-renders on new
 * values. One worker per mounted app; it stops on unmount or when the app changes.
 */
export function useRuntime(options: UseRuntimeOptions): RuntimeState {
  const { appId, spec, globals, host, handlerTimeoutMs = defaultWatchdogBudgets.handlerMs } = options;
  // The latest callbacks, so a new `host` object does not restart the worker.
  const hostRef = useRef(host);
  const latest = useRef({ spec, globals, handlerTimeoutMs });
  useEffect(() => {
    hostRef.current = host;
    latest.current = { spec, globals, handlerTimeoutMs };
  });
  const hasSpec = spec !== null;
  const [bridge, setBridge] = useState<RuntimeBridge | null>(null);

  useEffect(() => {
    const initial = latest.current;
    if (!hasSpec || !initial.spec) return undefined;
    const created = new RuntimeBridge({
      appId,
      spec: initial.spec,
      globals: initial.globals,
      budgets: { ...defaultWatchdogBudgets, handlerMs: initial.handlerTimeoutMs },
      host: {
        runQuery: (queryId, params, signal) => hostRef.current.runQuery(queryId, params, signal),
        onEffect: (effect) => hostRef.current.onEffect(effect),
        confirm: (message) => hostRef.current.confirm(message),
      },
    });
    setBridge(created);
    return () => {
      created.dispose();
      setBridge((current) => (current === created ? null : current));
    };
  }, [appId, hasSpec]);

  useEffect(() => { if (bridge && spec) bridge.updateSpec(spec); }, [bridge, spec]);
  useEffect(() => { bridge?.updateGlobals(globals); }, [bridge, globals]);
  useEffect(() => { bridge?.setHandlerBudget(handlerTimeoutMs); }, [bridge, handlerTimeoutMs]);

  const state = useSyncExternalStore(bridge ? bridge.subscribe : noSubscription, bridge ? bridge.getState : () => idle);

  const setMeta = useCallback((widget: string, patch: Record<string, unknown>) => bridge?.setMeta(widget, patch), [bridge]);
  const trigger = useCallback((widget: string, event: string) => bridge?.trigger(widget, event), [bridge]);
  const runQuery = useCallback((queryName: string) => bridge?.runQuery(queryName), [bridge]);

  return useMemo(() => ({ values: state.values, errors: state.errors, ready: state.ready, setMeta, trigger, runQuery }), [state, setMeta, trigger, runQuery]);
}
