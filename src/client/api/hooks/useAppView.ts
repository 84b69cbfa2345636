import { useQuery } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { AppViewDto } from '../../../shared';
import { api, ApiError } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** The published app for the viewer. 4xx answers are final (no retries): they mean sign in, or not found. */
export function useAppView(appId: string) {
  return useQuery({
    queryKey: queryKeys.viewApp(appId),
    queryFn: () => api.get<AppViewDto>(apiRoutes.viewApp(appId)),
    retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    staleTime: Infinity,
  });
}
