import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../api/hooks/auth';
import { PageSpinner } from '../ui/Spinner';
import { EmptyState } from '../ui/EmptyState';
import { errorMessage } from '../ui/errorMessage';
import { signInUrl } from './safeNext';

/** Renders its children for a signed-in user; sends everyone else to sign in and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSpinner />;
  if (me.isError) return <EmptyState title="Cordon is not reachable">{errorMessage(me.error)}</EmptyState>;
  if (me.data === null) return <Navigate to={signInUrl(location.pathname + location.search)} replace />;
  return <>{children}</>;
}
