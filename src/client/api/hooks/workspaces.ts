import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { WorkspaceDto } from '../../../shared';
import { api } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** The caller's workspaces, each with the caller's role. */
export function useWorkspaces(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.workspaces,
    queryFn: () => api.get<WorkspaceDto[]>(apiRoutes.workspaces),
    enabled: options.enabled ?? true,
  });
}

/** Creates a workspace; the caller becomes its administrator. */
export function useCreateWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.post<WorkspaceDto>(apiRoutes.workspaces, body),
    onSuccess: (workspace) => {
      client.setQueryData<WorkspaceDto[]>(queryKeys.workspaces, (old) => [...(old ?? []).filter((w) => w.id !== workspace.id), workspace]);
      void client.invalidateQueries({ queryKey: queryKeys.workspaces });
    },
  });
}
