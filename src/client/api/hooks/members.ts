import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRoutes } from '../../../shared';
import type { AddMemberRequest, MemberDto, Role } from '../../../shared';
import { api } from '../apiClient';
import { queryKeys } from '../queryKeys';

/** Members of a workspace (any member may list them). */
export function useMembers(workspaceId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.members(workspaceId ?? ''),
    queryFn: () => api.get<MemberDto[]>(apiRoutes.members(workspaceId ?? '')),
    enabled: workspaceId !== undefined,
  });
}

function useMemberMutation<TVariables, TResult>(workspaceId: string, mutationFn: (variables: TVariables) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.members(workspaceId) }),
  });
}

/** Adds an existing account by email (administrators). */
export function useAddMember(workspaceId: string) {
  return useMemberMutation(workspaceId, (body: AddMemberRequest) => api.post<MemberDto>(apiRoutes.members(workspaceId), body));
}

/** Changes a member's role (administrators; the last administrator stays). */
export function useUpdateMember(workspaceId: string) {
  return useMemberMutation(workspaceId, ({ userId, role }: { userId: string; role: Role }) =>
    api.patch<MemberDto>(apiRoutes.member(workspaceId, userId), { role }));
}

/** Removes a member (administrators; not the last administrator). */
export function useRemoveMember(workspaceId: string) {
  return useMemberMutation(workspaceId, (userId: string) => api.delete(apiRoutes.member(workspaceId, userId)));
}
