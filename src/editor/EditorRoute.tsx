import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'react-redux';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../client/api/apiClient';
import { useClientConfig } from '../client/api/hooks';
import { PageSpinner } from '../client/ui';
import type { AppEditDto } from '../shared';
import { editorApi } from './api/editorApi';
import { useEditApp } from './api/editorQueries';
import { EditorServicesContext, type EditorServices } from './app/EditorServices';
import { makeEditorStore, type EditorStore } from './app/store';
import { useCanvasKeys } from './app/useCanvasKeys';
import { Canvas } from './canvas/Canvas';
import { appLoaded } from './document/editorSlice';
import { EntityExplorer } from './explorer/EntityExplorer';
import { WidgetPalette } from './palette/WidgetPalette';
import { PropertyPane } from './property-pane/PropertyPane';
import { BottomPanel } from './queries/BottomPanel';
import { useEditorRuntime } from './runtime/useEditorRuntime';
import { AutoSaver } from './save/autoSaver';
import { ConflictBanner } from './save/ConflictBanner';
import { EditorTopBar } from './top-bar/EditorTopBar';
import './editor.css';

/** The builder, mounted at `/apps/:appId/edit/*`: loads the app, then edits it in a Redux store. */
export default function EditorRoute() {
  const { appId = '' } = useParams();
  const app = useEditApp(appId);
  if (app.isPending) return <PageSpinner />;
  if (app.isError) return <EditorLoadError error={app.error} />;
  return <EditorSession key={appId} app={app.data} />;
}

function EditorLoadError({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  const message = status === 404 ? 'This app does not exist, or it is not in one of your workspaces.'
    : status === 403 ? 'Your role in this workspace does not allow editing apps.'
    : status === 401 ? 'Your session has ended. Sign in again.'
    : error instanceof Error ? error.message : 'The app could not be loaded.';
  return (
    <div className="ed-load-error" role="alert">
      <h1>Cannot open the editor</h1>
      <p>{message}</p>
      <Link to={status === 401 ? '/sign-in' : '/'}>{status === 401 ? 'Sign in' : 'Back to apps'}</Link>
    </div>
  );
}

function EditorSession({ app }: { app: AppEditDto }) {
  // One store per opened app, filled once from the server; from then on it is the truth.
  const [store] = useState(() => {
    const created = makeEditorStore();
    created.dispatch(appLoaded(app));
    return created;
  });
  return (
    <Provider store={store}>
      <EditorShell appId={app.id} store={store} />
    </Provider>
  );
}

function EditorShell({ appId, store }: { appId: string; store: EditorStore }) {
  const [saver] = useState(() => new AutoSaver({
    getState: () => store.getState().editor,
    dispatch: store.dispatch,
    save: (request) => editorApi.saveApp(appId, request),
  }));
  useEffect(() => {
    const unsubscribe = store.subscribe(() => saver.notify());
    return () => {
      unsubscribe();
      // Leaving the editor saves what is pending rather than dropping it.
      void saver.flush();
    };
  }, [store, saver]);
  useUnsavedChangesWarning(store);
  useCanvasKeys(store);

  const { runtime, inFlight, runs, runLog } = useEditorRuntime(appId);
  const config = useClientConfig();
  // Until the server has said otherwise, iframes are sandboxed (I6): the safe default.
  const iframeWidgetSandbox = config.data?.iframeWidgetSandbox ?? true;
  const services = useMemo<EditorServices>(() => ({ appId, runtime, inFlight, runs, runLog, saver, iframeWidgetSandbox }), [appId, runtime, inFlight, runs, runLog, saver, iframeWidgetSandbox]);

  return (
    <EditorServicesContext.Provider value={services}>
      <div className="ed-root">
        <EditorTopBar />
        <ConflictBanner />
        <div className="ed-body">
          <aside className="ed-left" aria-label="Widgets and entities">
            <WidgetPalette />
            <EntityExplorer />
          </aside>
          <main className="ed-center">
            <Canvas />
            <BottomPanel />
          </main>
          <aside className="ed-right" aria-label="Properties">
            <PropertyPane />
          </aside>
        </div>
      </div>
    </EditorServicesContext.Provider>
  );
}

function useUnsavedChangesWarning(store: EditorStore) {
  useEffect(() => {
    function onBeforeUnload(event: BeforeUnloadEvent) {
      const { revision, savedRevision } = store.getState().editor;
      if (revision !== savedRevision) event.preventDefault();
    }
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store]);
}
