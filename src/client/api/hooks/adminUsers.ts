import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { ApiErrorBody } from '../../../shared';
import type { AdminUserDto, AdminUserListResponse, CreateAdminUserRequest } from '../../../shared/api/adminUsers';
import type { RevokeSessionsResponse } from '../../../shared/api/sessions';
import type { ImportUsersResponse } from '../../../shared/api/userImport';
import { ApiError, api } from '../apiClient';

const usersKey = ['admin', 'users'] as const;

/** The instance's users ordered by email, a page at a time, filtered by `search` (instance administrators only). */
export function useAdminUsers(search: string) {
  return useInfiniteQuery({
    queryKey: [...usersKey, search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      if (search.trim()) params.set('search', search.trim());
      if (pageParam) params.set('cursor', pageParam);
      const query = params.toString();
      return api.get<AdminUserListResponse>(`${apiRoutes.adminUsers}${query ? `?${query}` : ''}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

function useUsersMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => client.invalidateQueries({ queryKey: usersKey }) });
}

/** Creates a user with a password (the server's password policies apply). */
export function useCreateUser() {
  return useUsersMutation((body: CreateAdminUserRequest) => api.post<AdminUserDto>(apiRoutes.adminUsers, body));
}

/** Sets a user's password; the server signs the user out everywhere. */
export function useSetUserPassword() {
  return useUsersMutation(({ userId, password }: { userId: string; password: string }) => api.patch<void>(apiRoutes.adminUserPassword(userId), { password }));
}

/** Turns off a user's two-factor authentication (lost device and recovery codes); the user is signed out everywhere. */
export function useResetUserTwoFactor() {
  return useUsersMutation((userId: string) => api.delete<RevokeSessionsResponse>(apiRoutes.adminUserTwoFactor(userId)));
}

/** Revokes every session of a user. */
export function useRevokeUserSessions() {
  return useUsersMutation((userId: string) => api.delete<RevokeSessionsResponse>(apiRoutes.userSessions(userId)));
}

/**
 * Imports users from a file: a `.csv` goes as text/csv, anything else must be JSON (`{ users: [...] }`
 * or a bare array of users).
 */
export function useImportUsers() {
  return useUsersMutation(async (file: File) => {
    const text = await file.text();
    const isCsv = file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv';
    let body = text;
    if (!isCsv) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError(400, { code: 'bad_request', message: 'The file is neither CSV (a .csv file) nor valid JSON.' });
      }
      body = JSON.stringify(Array.isArray(parsed) ? { users: parsed } : parsed);
    }
    return postRaw<ImportUsersResponse>(apiRoutes.importUsers, body, isCsv ? 'text/csv' : 'application/json');
  });
}

/** apiRequest for a body that is already text (the CSV import). */
async function postRaw<T>(path: string, body: string, contentType: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': contentType }, body });
  } catch {
    throw new ApiError(0, { message: 'Cannot reach the Cordon server. Check your connection and try again.' });
  }
  const text = await response.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
  if (!response.ok) throw new ApiError(response.status, (parsed ?? {}) as Partial<ApiErrorBody>);
  return parsed as T;
}
