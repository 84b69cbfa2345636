import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { handlerTimeoutOf, type ExecuteResponse } from '../../shared';
import type { HostEffect, RuntimeAppSpec, RuntimeGlobals } from '../../runtime/protocol';
import { useRuntime, type RuntimeHostCallbacks, type RuntimeState } from '../../viewer/runtime/useRuntime';
import { useToast } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import { editorApi } from '../api/editorApi';
import { useEditorSelector } from '../app/hooks';
import { selectCurrentPage, selectDocument } from '../document/selectors';
import { editorRuntimeSpec } from './editorRuntimeSpec';
import { InFlightQueries } from '../../viewer/inFlightQueries';

/** The last run of a draft query, for the query editor's result view. Keyed by query id. */
export interface QueryRun {
  status: 'running' | 'success' | 'error';
  response?: ExecuteResponse;
  error?: string;
}

/**
 * One run of a query, for the debugger: when, how long, how many rows, how it ended. Never the
 * data. Kept in React state only (not Redux, not storage), so it is gone once the editor is left.
 */
export interface QueryRunLogEntry {
  seq: number;
  queryId: string;
  queryName: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number | null;
  rowCount: number | null;
  status: 'running' | 'success' | 'error';
  error?: string;
}

/** How many runs the debugger keeps. */
export const maxRunLogEntries = 50;

export interface EditorRuntime {
  runtime: RuntimeState;
  /** Draft runs in flight; the query editor's Cancel aborts them. */
  inFlight: InFlightQueries;
  runs: Record<string, QueryRun>;
  /** Newest first, at most `maxRunLogEntries`. */
  runLog: QueryRunLogEntry[];
}

/**
 * The runtime in edit mode: the engine evaluates the page being edited so the canvas and the
 * property pane show live values. Queries run through the draft route; showAlert becomes a toast.
 */
export function useEditorRuntime(appId: string): EditorRuntime {
  const doc = useEditorSelector(selectDocument);
  const page = useEditorSelector(selectCurrentPage);
  const toast = useToast();
  const [runs, setRuns] = useState<Record<string, QueryRun>>({});
  const [runLog, setRunLog] = useState<QueryRunLogEntry[]>([]);
  const nextSeq = useRef(1);
  const [inFlight] = useState(() => new InFlightQueries());
  // The host callbacks outlive renders; the current document names the query being run.
  const docRef = useRef(doc);
  useEffect(() => { docRef.current = doc; });

  // Moving a widget changes the document but not the spec; comparing the serialised spec
  // keeps the engine from re-initialising on every drag.
  const specJson = useMemo(() => (doc && page ? JSON.stringify(editorRuntimeSpec(page, doc)) : null), [doc, page]);
  const spec = useMemo(() => (specJson ? (JSON.parse(specJson) as RuntimeAppSpec) : null), [specJson]);

  const globals = useMemo<Omit<RuntimeGlobals, 'store'>>(
    () => ({ user: null, url: { path: window.location.pathname, query: {} }, mode: 'edit' }),
    [],
  );

  const setRun = useCallback((queryId: string, run: QueryRun) => setRuns((all) => ({ ...all, [queryId]: run })), []);

  const host = useMemo<RuntimeHostCallbacks>(() => ({
    async runQuery(queryId, params, signal) {
      setRun(queryId, { status: 'running' });
      const seq = nextSeq.current++;
      const started = performance.now();
      const queryName = docRef.current?.queries.find((q) => q.id === queryId)?.name ?? queryId;
      const log = (patch: Partial<QueryRunLogEntry>) => setRunLog((all) => all.map((e) => (e.seq === seq ? { ...e, ...patch } : e)));
      setRunLog((all) => [{ seq, queryId, queryName, startedAt: Date.now(), durationMs: null, rowCount: null, status: 'running' as const }, ...all].slice(0, maxRunLogEntries));
      try {
        const response = await inFlight.run(queryId, queryName, signal, (runSignal) => editorApi.runDraftQuery(appId, queryId, params, runSignal));
        setRun(queryId, { status: 'success', response });
        log({ status: 'success', durationMs: response.durationMs, rowCount: response.rowCount });
        return response;
      } catch (error) {
        setRun(queryId, { status: 'error', error: errorMessage(error) });
        log({ status: 'error', durationMs: performance.now() - started, error: errorMessage(error) });
        throw error;
      }
    },
    onEffect(effect: HostEffect) {
      if (effect.kind === 'showAlert') toast.show(effect.message, effect.style);
    },
    confirm: (message) => Promise.resolve(window.confirm(message)),
  }), [appId, setRun, toast, inFlight]);

  const runtime = useRuntime({ appId, spec, globals, host, handlerTimeoutMs: doc ? handlerTimeoutOf(doc) : undefined });
  return { runtime, inFlight, runs, runLog };
}
