import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SessionResponse, SignInRequest, SignUpRequest, UserDto } from '../../../shared';
import { api, ApiError } from '../apiClient';
import { queryKeys } from '../queryKeys';

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

/** Signs in; on success the cache holds the new user and everything else is refetched. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInRequest) => api.post<SessionResponse>(apiRoutes.signIn, body),
    onSuccess: ({ user }) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'config' });
      client.setQueryData(queryKeys.me, user);
    },
  });
}

/** Creates an account and signs in. */
export function useSignUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpRequest) => api.post<SessionResponse>(apiRoutes.signUp, body),
    onSuccess: ({ user }) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'config' });
      client.setQueryData(queryKeys.me, user);
    },
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
