import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDatasourceRequest, UpdateDatasourceRequest } from '../../shared';
import { editorApi } from './editorApi';

/** React Query keys of the editor's server data. */
export const editorKeys = {
  app: (appId: string) => ['editor', 'app', appId] as const,
  datasources: (workspaceId: string) => ['workspaces', workspaceId, 'datasources'] as const,
  sqliteFiles: (workspaceId: string) => ['workspaces', workspaceId, 'sqlite-files'] as const,
};

/** The app being edited. Loaded once; after that the Redux store is the source of truth. */
export function useEditApp(appId: string) {
  return useQuery({
    queryKey: editorKeys.app(appId),
    queryFn: ({ signal }) => editorApi.loadApp(appId, signal),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useDatasources(workspaceId: string | undefined) {
  return useQuery({
    queryKey: editorKeys.datasources(workspaceId ?? ''),
    queryFn: () => editorApi.listDatasources(workspaceId ?? ''),
    enabled: Boolean(workspaceId),
  });
}

export function useSaveDatasource(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; create: CreateDatasourceRequest; update: UpdateDatasourceRequest }) =>
      input.id ? editorApi.updateDatasource(input.id, input.update) : editorApi.createDatasource(workspaceId, input.create),
    onSuccess: () => client.invalidateQueries({ queryKey: editorKeys.datasources(workspaceId) }),
  });
}

export function useDeleteDatasource(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => editorApi.deleteDatasource(id),
    onSuccess: () => client.invalidateQueries({ queryKey: editorKeys.datasources(workspaceId) }),
  });
}

/** The SQLite files under the server's databases folder, for the SQLite datasource's file picker. */
export function useSqliteFiles(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: editorKeys.sqliteFiles(workspaceId),
    queryFn: () => editorApi.listSqliteFiles(workspaceId),
    enabled,
    retry: false,
  });
}

/** Creates the workspace's copy of the sample database (a SQLite datasource). */
export function useCreateSampleDatasource(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => editorApi.createSampleDatasource(workspaceId),
    onSuccess: () => client.invalidateQueries({ queryKey: editorKeys.datasources(workspaceId) }),
  });
}
