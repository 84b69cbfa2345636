import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { PasswordRecoveryConfirmRequest, PasswordRecoveryRequest } from '../../../shared/api/recovery';
import { api } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** Asks for a recovery link; the server answers 202 whether or not the email has an account. */
export function useRequestPasswordRecovery() {
  return useMutation({
    mutationFn: (body: PasswordRecoveryRequest) => api.post<void>(apiRoutes.passwordRecovery, body),
  });
}

/** Sets a new password with the link's token. The server signs out every session of the user, this browser's too. */
export function useConfirmPasswordRecovery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordRecoveryConfirmRequest) => api.post<void>(apiRoutes.passwordRecoveryConfirm, body),
    onSuccess: () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'config' });
      client.setQueryData(queryKeys.me, null);
    },
  });
}
