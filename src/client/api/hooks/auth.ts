import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SessionResponse, SignInRequest, SignInResponse, SignUpRequest, UserDto } from '../../../shared';
import { api, ApiError } from '../apiClient';
import { queryKeys } from '../queryKeys';
import { applySignInResult } from './applySignInResult';

/** The signed-in user, or `null` when there is no session (401 is an answer, not an error). */
export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<UserDto | null> => {
      try {
        return (await api.get<SessionResponse>(apiRoutes.me)).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** Signs in; on a session the cache holds the new user and everything else is refetched (a two-factor challenge changes nothing yet). */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInRequest) => api.post<SignInResponse>(apiRoutes.signIn, body),
    onSuccess: (result) => applySignInResult(client, result),
  });
}

/** Creates an account and signs in. */
export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpRequest) => api.post<SignInResponse>(apiRoutes.signUp, body),
    onSuccess: (result) => applySignInResult(client, result),
  });
}

/** Signs out and forgets every cached answer of the previous session. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>(apiRoutes.signOut),
    onSettled: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' });
      client.setQueryData(queryKeys.me, null);
    },
  });
}
