import { expect, type APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { AppDocument, AppEditDto, DatasourceDto, UserDto, WorkspaceDto } from '../../src/shared';

/**
 * Thin wrappers over Cordon's HTTP API for setting up a spec's world quickly. They use the
 * request context of a browser context, so the session cookie they get is the browser's too.
 * Every call asserts success, so a broken setup fails loudly where it happened.
 */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.com`;
}

async function ok<T>(responsePromise: ReturnType<APIRequestContext['get']>): Promise<T> {
  const response = await responsePromise;
  const text = await response.text();
  expect(response.ok(), `${response.url()} → ${response.status()} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function signUp(request: APIRequestContext, email: string, password: string, name: string): Promise<UserDto> {
  return (await ok<{ user: UserDto }>(request.post('/api/v1/auth/sign-up', { data: { email, password, name } }))).user;
}

export async function signIn(request: APIRequestContext, email: string, password: string): Promise<UserDto> {
  return (await ok<{ user: UserDto }>(request.post('/api/v1/auth/sign-in', { data: { email, password } }))).user;
}

export async function createWorkspace(request: APIRequestContext, name: string): Promise<WorkspaceDto> {
  return ok<WorkspaceDto>(request.post('/api/v1/workspaces', { data: { name } }));
}

export async function addMember(request: APIRequestContext, workspaceId: string, email: string, role: 'administrator' | 'developer' | 'app_viewer'): Promise<void> {
  await ok(request.post(`/api/v1/workspaces/${workspaceId}/members`, { data: { email, role } }));
}

export async function createApp(request: APIRequestContext, workspaceId: string, name: string): Promise<AppEditDto> {
  return ok<AppEditDto>(request.post(`/api/v1/workspaces/${workspaceId}/apps`, { data: { name } }));
}

export async function saveDocument(request: APIRequestContext, app: { id: string; version: number }, document: AppDocument): Promise<number> {
  return (await ok<{ version: number }>(request.put(`/api/v1/apps/${app.id}`, { data: { version: app.version, document } }))).version;
}

export async function publish(request: APIRequestContext, appId: string): Promise<void> {
  await ok(request.post(`/api/v1/apps/${appId}/publish`, { data: {} }));
}

export async function createPostgresDatasource(
  request: APIRequestContext,
  workspaceId: string,
  input: { name: string; host: string; port: number; database: string; user: string; password?: string },
): Promise<DatasourceDto> {
  const { password, ...config } = input;
  return ok<DatasourceDto>(request.post(`/api/v1/workspaces/${workspaceId}/datasources`, {
    data: {
      name: input.name,
      kind: 'postgres',
      config: { host: config.host, port: config.port, database: config.database, user: config.user, ssl: 'disable' },
      secrets: password === undefined ? {} : { password },
    },
  }));
}

/**
 * A fresh builder, signed in on this request context, with a workspace of its own and one app
 * that holds `document` and is published: the world most viewer specs start from.
 */
export async function publishedApp(request: APIRequestContext, emailPrefix: string, appName: string, document: AppDocument): Promise<{ workspace: WorkspaceDto; app: AppEditDto; version: number }> {
  await signUp(request, uniqueEmail(emailPrefix), 'correct horse battery', 'Builder');
  const workspace = await createWorkspace(request, `${appName} workspace`);
  const app = await createApp(request, workspace.id, appName);
  const version = await saveDocument(request, app, document);
  await publish(request, app.id);
  return { workspace, app, version };
}

/** A one-page document from a list of widgets (layout defaults stack them vertically). */
export function documentWith(widgets: Array<{ name: string; type: string; props: Record<string, string | number | boolean | null>; layout?: { x: number; y: number; w: number; h: number } }>, extra: Partial<AppDocument> = {}): AppDocument {
  return {
    pages: [{
      id: 'page1', name: 'Page1', slug: 'page1',
      widgets: widgets.map((w, i) => ({ id: `w${i + 1}`, name: w.name, type: w.type, props: w.props, layout: w.layout ?? { x: 0, y: i * 8, w: 12, h: 7 } })),
    }],
    queries: [],
    jsObjects: [],
    ...extra,
  };
}
