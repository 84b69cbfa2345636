/** React Query keys for Cordon's API, in one place so invalidations match the queries. */
export const queryKeys = {
  me: ['me'] as const,
  config: ['config'] as const,
  workspaces: ['workspaces'] as const,
  apps: (workspaceId: string) => ['workspaces', workspaceId, 'apps'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  viewApp: (appId: string) => ['view', appId] as const,
};
