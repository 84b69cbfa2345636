import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { AppEditDto, AppExport, AppSummaryDto } from '../../../shared';
import { api } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** Apps of a workspace: all of them for builders, only published ones for app viewers. */
export function useApps(workspaceId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.apps(workspaceId ?? ''),
    queryFn: () => api.get<AppSummaryDto[]>(apiRoutes.workspaceApps(workspaceId ?? '')),
    enabled: workspaceId !== undefined,
  });
}

/** Creates an empty app (developers and administrators). */
export function useCreateApp(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.post<AppEditDto>(apiRoutes.workspaceApps(workspaceId), body),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.apps(workspaceId) }),
  });
}

/** Imports an exported app file into the workspace. */
export function useImportApp(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: AppExport) => api.post<AppEditDto>(apiRoutes.importApp(workspaceId), file),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.apps(workspaceId) }),
  });
}

/** Deletes an app. */
export function useDeleteApp(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (appId: string) => api.delete(apiRoutes.app(appId)),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.apps(workspaceId) }),
  });
}

/** Downloads an app's export; the caller saves it as `<name>.cordon.json`. */
export function fetchAppExport(appId: string): Promise<AppExport> {
  return api.get<AppExport>(apiRoutes.exportApp(appId));
}
