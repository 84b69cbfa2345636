// The React Query hooks of the client, listed by name.
export { useMe, useSignIn, useSignUp, useSignOut } from './auth';
export { useClientConfig } from './useClientConfig';
export { useWorkspaces, useCreateWorkspace } from './workspaces';
export { useMembers, useAddMember, useUpdateMember, useRemoveMember } from './members';
export { useApps, useCreateApp, useImportApp, useDeleteApp, fetchAppExport } from './apps';
export { useAppView } from './useAppView';
