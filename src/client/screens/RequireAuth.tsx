import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api/apiClient';
import { sessionRestrictionKey, useMe, useSessionRestriction } from '../api/hooks/auth';
import { PageSpinner } from '../ui/Spinner';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { signInUrl } from './safeNext';

/** Where a session restricted to two-factor enrolment is sent (the only page it may use). */
export const twoFactorEnrolmentPath = '/account/two-factor';

/**
 * Renders its children for a signed-in user; sends everyone else to sign in and back. A session
 * the server restricted to two-factor enrolment (the instance requires it and the user has none)
 * goes to the enrolment page, and comes back to the page it asked for once enrolled. A 403
 * `two_factor_enrolment_required` on any request (e.g. an administrator just required
 * two-factor) marks the session restricted at once.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const restriction = useSessionRestriction({ enabled: me.isSuccess && me.data !== null });
  const location = useLocation();
  useEnrolmentRequiredListener();
  if (me.isPending) return <PageSpinner />;
  if (me.isError) return <EmptyState title="Cordon is not reachable">{errorMessage(me.error)}</EmptyState>;
  if (me.data === null) return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  if (restriction.isPending) return <PageSpinner />;
  if (restriction.data === 'two_factor_enrolment' && location.pathname !== twoFactorEnrolmentPath) {
    return <Navigate to={twoFactorEnrolmentPath} replace state={{ next: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

function isEnrolmentRequired(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'two_factor_enrolment_required';
}

/** Watches every query and mutation for 403 `two_factor_enrolment_required`. */
function useEnrolmentRequiredListener(): void {
  const client = useQueryClient();
  useEffect(() => {
    const mark = () => client.setQueryData(sessionRestrictionKey, 'two_factor_enrolment');
    const offQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && isEnrolmentRequired(event.action.error)) mark();
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error' && isEnrolmentRequired(event.action.error)) mark();
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client]);
}
