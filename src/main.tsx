import { StrictMode, Suspense, lazy } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './client/api/apiClient';
import { ToastProvider } from './client/ui/Toasts';
import { PageSpinner } from './client/ui/Spinner';
import { EmptyState } from './client/ui/EmptyState';
import { RequireAuth } from './client/screens/RequireAuth';
import { SignInScreen } from './client/screens/SignInScreen';
import { SignUpScreen } from './client/screens/SignUpScreen';
import { HomeScreen } from './client/screens/HomeScreen';
import { AccountScreen } from './client/screens/account/AccountScreen';
import { SecurityScreen } from './client/screens/security/SecurityScreen';
import { UsersScreen } from './client/screens/security/UsersScreen';
import { AuditLogScreen } from './client/screens/security/AuditLogScreen';
import { OutboxScreen } from './client/screens/security/OutboxScreen';
import { TwoFactorScreen } from './client/screens/account/TwoFactorScreen';
import { ForgotPasswordScreen } from './client/screens/recovery/ForgotPasswordScreen';
import { ResetPasswordScreen } from './client/screens/recovery/ResetPasswordScreen';
import { EmailSignInScreen } from './client/screens/signIn/EmailSignInScreen';
import { MagicLinkScreen } from './client/screens/signIn/MagicLinkScreen';
import { PhoneSignInScreen } from './client/screens/signIn/PhoneSignInScreen';
import { TwoFactorStepScreen } from './client/screens/signIn/TwoFactorStepScreen';
import './styles/global.css';

// The editor (with Monaco) and the viewer are separate lazy chunks: opening a published app
// never downloads the editor, and the home screen downloads neither.
const EditorRoute = lazy(() => import('./editor/EditorRoute'));
const ViewerRoute = lazy(() => import('./viewer/ViewerRoute'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network and 5xx errors get two more tries.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}

function NotFound() {
  return (
    <main className="viewer-problem">
      <EmptyState title="Page not found" icon="?" action={<a href="/">Back to Cordon</a>}>There is nothing at this address.</EmptyState>
    </main>
  );
}

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInScreen /> },
  { path: '/sign-up', element: <SignUpScreen /> },
  { path: '/sign-in/email', element: <EmailSignInScreen /> },
  { path: '/sign-in/link', element: <MagicLinkScreen /> },
  { path: '/sign-in/phone', element: <PhoneSignInScreen /> },
  { path: '/sign-in/two-factor', element: <TwoFactorStepScreen /> },
  { path: '/forgot-password', element: <ForgotPasswordScreen /> },
  { path: '/reset-password', element: <ResetPasswordScreen /> },
  { path: '/', element: <RequireAuth><HomeScreen /></RequireAuth> },
  { path: '/account', element: <RequireAuth><AccountScreen /></RequireAuth> },
  { path: '/account/two-factor', element: <RequireAuth><TwoFactorScreen /></RequireAuth> },
  { path: '/security', element: <RequireAuth><SecurityScreen /></RequireAuth> },
  { path: '/security/users', element: <RequireAuth><UsersScreen /></RequireAuth> },
  { path: '/security/audit', element: <RequireAuth><AuditLogScreen /></RequireAuth> },
  { path: '/security/outbox', element: <RequireAuth><OutboxScreen /></RequireAuth> },
  { path: '/apps/:appId/edit/*', element: <RequireAuth><Lazy><EditorRoute /></Lazy></RequireAuth> },
  { path: '/app/:appId/:pageSlug?', element: <Lazy><ViewerRoute /></Lazy> },
  { path: '*', element: <NotFound /> },
]);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
