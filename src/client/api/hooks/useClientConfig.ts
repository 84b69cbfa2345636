import { useQuery } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { ClientConfig } from '../../../shared';
import { api } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** The server's client config (`iframeWidgetSandbox`, version). It does not change while the page lives. */
export function useClientConfig() {
  return useQuery({
    queryKey: queryKeys.config,
    queryFn: () => api.get<ClientConfig>(apiRoutes.config),
    staleTime: Infinity,
  });
}
