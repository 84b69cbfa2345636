import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SignInResponse } from '../../../shared';
import type {
  ConfirmTwoFactorRequest, DisableTwoFactorRequest, RecoveryCodesResponse, RegenerateRecoveryCodesRequest, StartTwoFactorRequest,
  StartTwoFactorResponse, TwoFactorSignInRequest, TwoFactorStatus,
} from '../../../shared/api/twoFactor';
import { api, apiRequest } from '../apiClient';
import { sessionRestrictionKey } from './auth';
import { applySignInResult } from './applySignInResult';

// Kept here rather than in queryKeys.ts: only the account's two-factor screens ask for it.
const twoFactorStatusKey = ['account', 'two-factor'] as const;

/** The signed-in user's two-factor status (on, enrolling, recovery codes left). */
export function useTwoFactorStatus() {
  return useQuery({
    queryKey: twoFactorStatusKey,
    queryFn: () => api.get<TwoFactorStatus>(apiRoutes.accountTwoFactor),
  });
}

/** Starts an enrolment with the password: answers the secret and its otpauth URI (shown once). */
export function useStartTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StartTwoFactorRequest) => api.post<StartTwoFactorResponse>(apiRoutes.accountTwoFactor, body),
    onSettled: () => client.invalidateQueries({ queryKey: twoFactorStatusKey }),
  });
}

/** Turns TOTP on with a first code: answers the recovery codes (shown once) and lifts this session's enrolment restriction. */
export function useConfirmTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfirmTwoFactorRequest) => api.post<RecoveryCodesResponse>(apiRoutes.accountTwoFactorConfirm, body),
    onSuccess: () => {
      client.setQueryData(sessionRestrictionKey, null);
      // Answers refused while the session was restricted are worth asking again.
      client.removeQueries({ predicate: (q) => !['me', 'config', sessionRestrictionKey[0], 'account'].includes(String(q.queryKey[0])) });
    },
    onSettled: () => client.invalidateQueries({ queryKey: twoFactorStatusKey }),
  });
}

/** Turns TOTP off with a current code or a recovery code. */
export function useDisableTwoFactor() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DisableTwoFactorRequest) => apiRequest<TwoFactorStatus>('DELETE', apiRoutes.accountTwoFactor, body),
    onSettled: () => client.invalidateQueries({ queryKey: twoFactorStatusKey }),
  });
}

/** New recovery codes (a current TOTP code required); the old ones stop working. */
export function useRegenerateRecoveryCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RegenerateRecoveryCodesRequest) => api.post<RecoveryCodesResponse>(apiRoutes.accountRecoveryCodes, body),
    onSettled: () => client.invalidateQueries({ queryKey: twoFactorStatusKey }),
  });
}

/** The second step of a sign-in: the challenge and a TOTP or a recovery code. */
export function useTwoFactorSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorSignInRequest) => api.post<SignInResponse>(apiRoutes.twoFactorSignIn, body),
    onSuccess: (result) => applySignInResult(client, result),
  });
}
