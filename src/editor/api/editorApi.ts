import { api, apiRequest } from '../../client/api/apiClient';
import {
  apiRoutes, type AppEditDto, type CreateDatasourceRequest, type DatasourceDto, type Embedding, type ExecuteResponse,
  type SaveAppRequest, type UpdateDatasourceRequest,
} from '../../shared';

// The editor's calls to the server, one function per route (contracts.md). Hooks in
// ./editorQueries.ts wrap them in React Query; the auto-saver and runtime host call them directly.

export const editorApi = {
  loadApp: (appId: string, signal?: AbortSignal) => api.get<AppEditDto>(apiRoutes.app(appId), { signal }),
  saveApp: (appId: string, request: SaveAppRequest) => api.put<{ version: number; updatedAt: string }>(apiRoutes.app(appId), request),
  publishApp: (appId: string) => api.post<{ publishedAt: string }>(apiRoutes.publishApp(appId)),
  saveEmbedding: (appId: string, embedding: Embedding) => api.put<Embedding>(apiRoutes.appEmbedding(appId), embedding),
  runDraftQuery: (appId: string, queryId: string, params: Record<string, unknown>, signal?: AbortSignal) =>
    // `api.post` takes no signal; a draft run is aborted when the runtime cancels it.
    apiRequest<ExecuteResponse>('POST', apiRoutes.runDraftQuery(appId, queryId), { params }, signal ? { signal } : undefined),
  listDatasources: (workspaceId: string) => api.get<DatasourceDto[]>(apiRoutes.datasources(workspaceId)),
  createDatasource: (workspaceId: string, request: CreateDatasourceRequest) => api.post<DatasourceDto>(apiRoutes.datasources(workspaceId), request),
  updateDatasource: (id: string, request: UpdateDatasourceRequest) => api.patch<DatasourceDto>(apiRoutes.datasource(id), request),
  deleteDatasource: (id: string) => api.delete(apiRoutes.datasource(id)),
  testDatasource: (id: string) => api.post<{ ok: true; durationMs: number }>(apiRoutes.testDatasource(id)),
  /** Tests a datasource that is not saved: nothing is stored, the secrets in the request are used once. */
  testDatasourceDraft: (workspaceId: string, request: CreateDatasourceRequest) =>
    api.post<{ ok: true; durationMs: number }>(apiRoutes.testDatasourceDraft(workspaceId), request),
  createSampleDatasource: (workspaceId: string) => api.post<DatasourceDto>(apiRoutes.sampleDatasource(workspaceId)),
  listSqliteFiles: (workspaceId: string) => api.get<{ files: string[] }>(apiRoutes.sqliteFiles(workspaceId)),
};

