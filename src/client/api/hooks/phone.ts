import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SignInResponse } from '../../../shared';
import type {
  AccountPhoneResponse, ChangePhoneRequest, CodeSentResponse, PhoneSignInCodeRequest, PhoneSignInRequest, VerifyPhoneRequest,
} from '../../../shared/api/phone';
import { api } from '../apiClient';
import { applySignInResult } from './applySignInResult';

// Kept here rather than in queryKeys.ts: only the Account page asks for it.
const accountPhoneKey = ['account', 'phone'] as const;

/** Asks for a sign-in code by SMS; the server answers the same whether the number has an account or not. */
export function usePhoneSignIn() {
  return useMutation({
    mutationFn: (body: PhoneSignInRequest) => api.post<CodeSentResponse>(apiRoutes.phoneSignIn, body),
  });
}

/** Signs in with the SMS code; a session replaces the cache, a two-factor challenge changes nothing yet. */
export function usePhoneCodeSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PhoneSignInCodeRequest) => api.post<SignInResponse>(apiRoutes.phoneSignInCode, body),
    onSuccess: (result) => applySignInResult(client, result),
  });
}

/** The signed-in user's phone number (E.164) or null. */
export function useAccountPhone() {
  return useQuery({
    queryKey: accountPhoneKey,
    queryFn: async () => (await api.get<AccountPhoneResponse>(apiRoutes.accountPhone)).phone,
  });
}

/** Starts adding or changing the number: checks the password and sends a code to the new number. */
export function useStartPhoneChange() {
  return useMutation({
    mutationFn: (body: ChangePhoneRequest) => api.post<CodeSentResponse>(apiRoutes.accountPhone, body),
  });
}

/** Saves the new number with the code sent to it. */
export function useVerifyPhone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: VerifyPhoneRequest) => api.post<AccountPhoneResponse>(apiRoutes.accountPhoneVerify, body),
    onSuccess: ({ phone }) => client.setQueryData(accountPhoneKey, phone),
  });
}

/** Removes the number: it no longer signs in. */
export function useRemovePhone() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(apiRoutes.accountPhone),
    onSuccess: () => client.setQueryData(accountPhoneKey, null),
  });
}
