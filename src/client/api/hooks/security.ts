import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { SecuritySettings, UpdateSecuritySettingsRequest } from '../../../shared/api/security';
import { api } from '../apiClient';

// Kept here rather than in queryKeys.ts: only the Security page asks for it.
const securitySettingsKey = ['admin', 'security'] as const;

/** The instance's security settings (instance administrators only: 403 for anyone else). */
export function useSecuritySettings() {
  return useQuery({
    queryKey: securitySettingsKey,
    queryFn: () => api.get<SecuritySettings>(apiRoutes.securitySettings),
  });
}

/** Saves a change; the server answers with every setting, which becomes the cached value. */
export function useUpdateSecuritySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdateSecuritySettingsRequest) => api.patch<SecuritySettings>(apiRoutes.securitySettings, change),
    onSuccess: (settings) => client.setQueryData(securitySettingsKey, settings),
  });
}
