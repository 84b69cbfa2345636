import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SessionResponse, SessionRestriction, SignInRequest, SignInResponse, SignUpRequest, UserDto } from '../../../shared';
import { api, ApiError } from '../apiClient';
import { queryKeys } from '../queryKeys';
import { applySignInResult } from './applySignInResult';

/**
 * Where the session's restriction is cached ('two_factor_enrolment' or null). Its own top-level
 * key: a new sign-in (applySignInResult) and sign-out drop it, so it is asked again.
 */
export const sessionRestrictionKey = ['sessionRestriction'] as const;

async function fetchSession(): Promise<SessionResponse | null> {
  try {
    return await api.get<SessionResponse>(apiRoutes.me);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, or `null` when there is no session (401 is an answer, not an error). */
export function useMe() {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<UserDto | null> => {
      const session = await fetchSession();
      // The same answer says whether the session is restricted: no second request for it.
      client.setQueryData(sessionRestrictionKey, session?.restriction ?? null);
      return session?.user ?? null;
    },
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * The session's restriction: 'two_factor_enrolment' when the instance requires two-factor and
 * this session must enrol before anything else; null for a full session (or none).
 */
export function useSessionRestriction(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: sessionRestrictionKey,
    queryFn: async (): Promise<SessionRestriction> => (await fetchSession())?.restriction ?? null,
    staleTime: 60_000,
    retry: false,
    enabled: options.enabled ?? true,
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
