import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { serverVersion } from './serverVersion';

describe('health, client config and OpenAPI', () => {
  let t: TestApp | undefined;
  afterEach(async () => { await t?.close(); t = undefined; });

  it('health says ok, with the security headers', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.health });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });

  it('config sandboxes iframe widgets by default and reports the package version', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.config });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ iframeWidgetSandbox: true, version: serverVersion() });
    expect(serverVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('config reports the sandbox off only when the server disables it', async () => {
    t = await createTestApp({ CORDON_DISABLE_IFRAME_WIDGET_SANDBOX: 'true' });
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.config })).json().iframeWidgetSandbox).toBe(false);
  });

  it('serves the OpenAPI document with the routes and their schemas', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.openapi });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([
      apiRoutes.health, apiRoutes.config, apiRoutes.signUp, apiRoutes.signIn, apiRoutes.signOut, apiRoutes.me, apiRoutes.workspaces,
      '/api/v1/workspaces/{workspaceId}/members', '/api/v1/workspaces/{workspaceId}/members/{userId}',
    ]));
    const signUpBody = document.paths[apiRoutes.signUp].post.requestBody.content['application/json'].schema;
    expect(signUpBody.required).toEqual(expect.arrayContaining(['email', 'password', 'name']));
    expect(Object.keys(document.paths)).not.toContain('/*');
  });
});
