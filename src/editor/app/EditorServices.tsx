import { createContext, useContext } from 'react';
import type { RuntimeState } from '../../viewer/runtime/useRuntime';
import type { AutoSaver } from '../save/autoSaver';
import type { InFlightQueries } from '../../viewer/inFlightQueries';
import type { QueryRun, QueryRunLogEntry } from '../runtime/useEditorRuntime';

/** What editor components need besides the store: things that are not serializable. */
export interface EditorServices {
  appId: string;
  runtime: RuntimeState;
  /** Draft query runs in flight, for the query editor's Cancel. */
  inFlight: InFlightQueries;
  /** Last run of each draft query, by query id. */
  runs: Record<string, QueryRun>;
  /** Recent runs of queries for the debugger, newest first; memory only. */
  runLog: QueryRunLogEntry[];
  saver: AutoSaver;
  iframeWidgetSandbox: boolean;
}

export const EditorServicesContext = createContext<EditorServices | null>(null);

export function useEditorServices(): EditorServices {
  const services = useContext(EditorServicesContext);
  if (!services) throw new Error('useEditorServices must be used inside the editor route');
  return services;
}
