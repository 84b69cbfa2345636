import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDatasourceRequest, UpdateDatasourceRequest } from '../../shared';
import { editorApi } from './editorApi';

/** React Query keys of the editor's server data. */
export const editorKeys = {
  app: (appId: string) => ['editor', 'app', appId] as const,
  datasources: (workspaceId: string) => ['workspaces', workspaceId, 'datasources'] as const,
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
