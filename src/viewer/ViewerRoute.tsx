import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { apiRoutes } from '../shared';
import type { AppViewDto, ExecuteResponse } from '../shared';
import type { HostEffect, RuntimeQuerySpec } from '../runtime/protocol';
import { apiRequest, ApiError } from '../client/api/apiClient';
import { useMe } from '../client/api/hooks/auth';
import { useClientConfig } from '../client/api/hooks/useClientConfig';
import { useAppView } from '../client/api/hooks/useAppView';
import { EmptyState } from '../client/ui/EmptyState';
import { PageSpinner } from '../client/ui/Spinner';
import { useToast } from '../client/ui/Toasts';
import { errorMessage } from '../client/ui/errorMessage';
import { signInUrl } from '../client/screens/safeNext';
import { twoFactorEnrolmentPath } from '../client/screens/RequireAuth';
import { useRuntime } from './runtime/useRuntime';
import type { RuntimeHostCallbacks } from './runtime/useRuntime';
import { buildRuntimeSpec } from './buildRuntimeSpec';
import { PageRenderer } from './PageRenderer';
import { ViewerChrome } from './ViewerChrome';
import { applyViewerEffect } from './effects/applyViewerEffect';
import { browserEffectDeps } from './effects/browserEffectDeps';
import { useConfirmDialog } from './useConfirmDialog';
import { newQueryFailures } from './queryFailures';
import { InFlightQueries, queryCancelledMessage } from './inFlightQueries';
import { RunningQueries } from './RunningQueries';

/**
 * `/app/:appId/:pageSlug?`: a published app. Loads the view DTO and the client config, then
 * hands the page to the runtime. `?embed=true` hides all of Cordon's chrome.
 */
export default function ViewerRoute() {
  const { appId = '', pageSlug } = useParams();
  const location = useLocation();
  const [search] = useSearchParams();
  const embed = search.get('embed') === 'true';
  const view = useAppView(appId);
  const config = useClientConfig();
  const me = useMe();

  const error = view.error ?? config.error;
  if (error instanceof ApiError && error.status === 401) return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  if (me.data === null) return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  // The instance requires two-factor and this user has none yet: enrol, then come back.
  if (error instanceof ApiError && error.code === 'two_factor_enrolment_required') {
    return <Navigate to={twoFactorEnrolmentPath} replace state={{ next: location.pathname + location.search }} />;
  }
  if (error) return <ViewerProblem error={error} />;
  if (!view.data || !config.data) return <PageSpinner label="Loading app" />;

  const page = (pageSlug === undefined ? view.data.pages[0] : view.data.pages.find((p) => p.slug === pageSlug));
  if (!page) {
    return (
      <EmptyState title="Page not found" action={<a href={`/app/${encodeURIComponent(appId)}`}>Go to the app's first page</a>}>
        This app has no page called “{pageSlug}”.
      </EmptyState>
    );
  }
  return (
    <LoadedViewer
      key={page.id}
      view={view.data}
      pageId={page.id}
      embed={embed}
      iframeWidgetSandbox={config.data.iframeWidgetSandbox}
      user={me.data ? { name: me.data.name, email: me.data.email, role: view.data.role } : null}
    />
  );
}

function ViewerProblem({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.code : undefined;
  if (code === 'not_published') {
    return (
      <main className="viewer-problem">
        <EmptyState title="This app is not published yet" icon="◌" action={<a href="/">Back to Cordon</a>}>
          Its builders are still working on it. Ask them to publish it, then reload this page.
        </EmptyState>
      </main>
    );
  }
  if (code === 'not_found' || code === 'forbidden') {
    return (
      <main className="viewer-problem">
        <EmptyState title="App not found" icon="?" action={<a href="/">Back to Cordon</a>}>
          There is no app at this address, or you are not a member of its workspace.
        </EmptyState>
      </main>
    );
  }
  return (
    <main className="viewer-problem">
      <EmptyState title="The app could not be loaded" icon="!">{errorMessage(error)}</EmptyState>
    </main>
  );
}

function LoadedViewer(props: {
  view: AppViewDto;
  pageId: string;
  embed: boolean;
  iframeWidgetSandbox: boolean;
  user: { name: string; email: string; role: string } | null;
}) {
  const { view, pageId, embed, iframeWidgetSandbox, user } = props;
  const page = view.pages.find((p) => p.id === pageId) ?? view.pages[0];
  const toast = useToast();
  const navigate = useNavigate();
  const location = useLocation();
  const { confirm, dialog } = useConfirmDialog();
  // Runs in flight, for the running-query indicator and its Cancel buttons.
  const [inFlight] = useState(() => new InFlightQueries());

  useEffect(() => {
    const previous = document.title;
    document.title = page && view.pages.length > 1 ? `${page.name} · ${view.app.name}` : view.app.name;
    return () => { document.title = previous; };
  }, [page, view.app.name, view.pages.length]);

  const spec = useMemo(() => {
    if (!page) return null;
    // Listed field by field: the runtime gets exactly what a view query carries, nothing more.
    const queries: RuntimeQuerySpec[] = view.queries.map((q) => ({
      id: q.id, name: q.name, bindings: q.bindings, runOnLoad: q.runOnLoad, confirm: q.confirm, timeoutMs: q.timeoutMs,
    }));
    return buildRuntimeSpec(page, queries, view.jsObjects.map((j) => ({ name: j.name, code: j.code, functionSettings: j.functionSettings })));
  }, [page, view.queries, view.jsObjects]);

  // The URL the runtime sees is the one the page was opened with; later changes re-mount per page.
  const globals = useMemo(() => ({
    user,
    url: { path: location.pathname, query: Object.fromEntries(new URLSearchParams(location.search)) },
    mode: 'view' as const,
  }), [user, location.pathname, location.search]);

  // Another page of the app re-mounts LoadedViewer (key = page id): the old runtime is disposed,
  // which ends its intervals and window listeners.
  const effectDeps = useMemo(
    () => browserEffectDeps({ appId: view.app.id, pages: view.pages, embed }, (message, style) => toast.show(message, style), (path) => navigate(path)),
    [toast, navigate, view.app.id, view.pages, embed],
  );
  const onEffect = useCallback((effect: HostEffect) => applyViewerEffect(effect, effectDeps), [effectDeps]);

  const host = useMemo<RuntimeHostCallbacks>(() => ({
    runQuery: async (queryId: string, params: Record<string, unknown>, signal: AbortSignal) => {
      const queryName = view.queries.find((q) => q.id === queryId)?.name ?? 'query';
      try {
        return await inFlight.run(queryId, queryName, signal, (runSignal) => apiRequest<ExecuteResponse>('POST', apiRoutes.executeAction(queryId), { params }, { signal: runSignal }));
      } catch (error) {
        // The engine shows `Query.error` as a message; the server's message is safe to show (it never echoes the body).
        if (error instanceof ApiError) throw new Error(error.message);
        throw error;
      }
    },
    onEffect,
    confirm,
  }), [onEffect, confirm, inFlight, view.queries]);

  const runtime = useRuntime({ appId: view.app.id, spec, globals, host, handlerTimeoutMs: view.settings.handlerTimeoutMs });

  // A failed query is easy to miss when the app shows only its data: say so once per new error.
  const seenQueryErrors = useRef(new Map<string, string | null>());
  const queryNames = useMemo(() => view.queries.map((q) => q.name), [view.queries]);
  useEffect(() => {
    for (const failure of newQueryFailures(queryNames, runtime.values, seenQueryErrors.current)) {
      // The person pressed Cancel: that is no failure to tell them about.
      if (failure.message === queryCancelledMessage) continue;
      toast.show(`${failure.query} failed: ${failure.message}`, 'error');
    }
  }, [queryNames, runtime.values, toast]);

  if (!page) return null;
  return (
    <div className={embed ? 'viewer viewer--embed' : 'viewer'}>
      {embed ? null : <ViewerChrome view={view} pageSlug={page.slug} errors={runtime.errors} />}
      <main className="viewer__canvas" aria-label={page.name} aria-busy={!runtime.ready || undefined}>
        <PageRenderer page={page} runtime={runtime} mode="view" iframeWidgetSandbox={iframeWidgetSandbox} />
      </main>
      <RunningQueries inFlight={inFlight} />
      {dialog}
    </div>
  );
}
