import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { ChangePasswordRequest, ChangePasswordResponse } from '../../../shared/api/password';
import type { RevokeSessionsResponse, SessionListResponse } from '../../../shared/api/sessions';
import { api } from '../apiClient';

// Kept here rather than in queryKeys.ts: only the Account page asks for them.
const accountSessionsKey = ['account', 'sessions'] as const;

/** The signed-in user's live sessions, newest first; `current` marks this browser's. */
export function useAccountSessions() {
  return useQuery({
    queryKey: accountSessionsKey,
    queryFn: async () => (await api.get<SessionListResponse>(apiRoutes.accountSessions)).sessions,
  });
}

/** Revokes one session of the signed-in user. */
export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api.delete<RevokeSessionsResponse>(apiRoutes.accountSession(sessionId)),
    onSettled: () => client.invalidateQueries({ queryKey: accountSessionsKey }),
  });
}

/** Revokes every session of the signed-in user except this browser's. */
export function useRevokeOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<RevokeSessionsResponse>(apiRoutes.accountSessions),
    onSettled: () => client.invalidateQueries({ queryKey: accountSessionsKey }),
  });
}

/** Changes the password; the server signs out every other session, so the list is refetched. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.patch<ChangePasswordResponse>(apiRoutes.accountPassword, body),
    onSuccess: () => client.invalidateQueries({ queryKey: accountSessionsKey }),
  });
}
