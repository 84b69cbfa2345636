import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRoutes } from '../../../shared';
import type { SignInResponse } from '../../../shared';
import type { EmailSignInCodeRequest, EmailSignInRequest, EmailSignInResponse } from '../../../shared/api/emailSignIn';
import { api } from '../apiClient';
import { applySignInResult } from './applySignInResult';

/** Asks for a sign-in email (a 6-digit code and a link). The server answers the same whether the email has an account or not. */
export function useRequestEmailSignIn() {
  return useMutation({
    mutationFn: (body: EmailSignInRequest) => api.post<EmailSignInResponse>(apiRoutes.emailSignIn, body),
  });
}

/** Signs in with the emailed code; a session replaces the cache, a two-factor challenge changes nothing yet. */
export function useEmailCodeSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailSignInCodeRequest) => api.post<SignInResponse>(apiRoutes.emailSignInCode, body),
    onSuccess: (result) => applySignInResult(client, result),
  });
}

/**
 * Signs in with a magic link's token. Returns a plain function, not a mutation: the link page
 * calls it once per token (a token works once) and keeps its own state across React's
 * StrictMode double effects.
 */
export function useMagicLinkSignIn(): (token: string) => Promise<SignInResponse> {
  const client = useQueryClient();
  return useCallback(async (token: string) => {
    const result = await api.post<SignInResponse>(apiRoutes.emailSignInLink, { token });
    applySignInResult(client, result);
    return result;
  }, [client]);
}
