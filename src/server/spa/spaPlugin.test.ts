import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp';

const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src *; frame-src * data: blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'";
const workerPolicy = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src *";
const indexHtml = '<!doctype html><html><head><title>Cordon</title></head><body><div id="root"></div></body></html>';

describe('SPA serving', () => {
  let t: TestApp;
  let distDir: string;

  beforeAll(async () => {
    distDir = await mkdtemp(path.join(tmpdir(), 'cordon-dist-'));
    await mkdir(path.join(distDir, 'assets'));
    await writeFile(path.join(distDir, 'index.html'), indexHtml);
    await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(path.join(distDir, 'assets', 'index-AbC123.js'), 'console.log("app")');
    await writeFile(path.join(distDir, 'assets', 'evaluatorWorker-Xy_9-z.js'), 'self.onmessage = () => {}');
    await writeFile(path.join(distDir, '.env'), 'SECRET=1');
    t = await createTestApp({ CORDON_DIST_DIR: distDir });

    const now = new Date().toISOString();
    await t.app.db.insertInto('workspaces').values({ id: 'wsp_spa', name: 'SPA', created_at: now }).execute();
    const app = (id: string, embedding: object) => ({
      id, workspace_id: 'wsp_spa', name: id, document: '{}', version: 1, embedding: JSON.stringify(embedding), created_at: now, updated_at: now,
    });
    await t.app.db.insertInto('apps').values([
      app('app_same', { mode: 'same-origin', origins: [] }),
      app('app_all', { mode: 'all', origins: [] }),
      app('app_list', { mode: 'list', origins: ['https://intranet.example.com', 'http://localhost:8080'] }),
      app('app_bad', { mode: 'list', origins: ["https://x.example.com; script-src 'unsafe-inline'"] }),
    ]).execute();
  });
  afterAll(async () => {
    await t.close();
    await rm(distDir, { recursive: true, force: true });
  });

  it('serves index.html for SPA routes with the page CSP and frame-ancestors self', async () => {
    for (const url of ['/', '/sign-in', '/apps/app_x/edit/page1', '/index.html', '/some/deep/path?x=1']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(indexHtml);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toBe(`${pagePolicy}; frame-ancestors 'self'`);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it("takes frame-ancestors of /app/:appId pages from the app's embedding", async () => {
    const policyOf = async (url: string) => (await t.app.inject({ method: 'GET', url })).headers['content-security-policy'];
    expect(await policyOf('/app/app_same')).toBe(`${pagePolicy}; frame-ancestors 'self'`);
    expect(await policyOf('/app/app_all/page-1?embed=true')).toBe(`${pagePolicy}; frame-ancestors *`);
    expect(await policyOf('/app/app_list/page-1')).toBe(`${pagePolicy}; frame-ancestors 'self' https://intranet.example.com http://localhost:8080`);
    expect(await policyOf('/app/unknown_app')).toBe(`${pagePolicy}; frame-ancestors 'self'`);
    // A stored value that is not a valid embedding never reaches the header.
    expect(await policyOf('/app/app_bad')).toBe(`${pagePolicy}; frame-ancestors 'self'`);
  });

  it('serves hashed assets with an immutable cache and no page CSP', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log("app")');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toBeUndefined();
  });

  it('serves the evaluator worker with its own CSP that allows unsafe-eval', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/assets/evaluatorWorker-Xy_9-z.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(workerPolicy);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves other files as they are', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/svg/);
  });

  it('never serves dotfiles or files outside the dist folder', async () => {
    for (const url of ['/.env', '/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('SECRET');
      expect(response.body, url).not.toContain('"name": "cordon"');
    }
  });

  it('a missing file gets index.html, but an unknown /api path gets a JSON 404', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/reports/2024.csv' });
    expect(missing.statusCode).toBe(200);
    expect(missing.body).toBe(indexHtml);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ code: 'not_found', message: expect.any(String) });
    expect(api.headers['content-security-policy']).toBeUndefined();
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await t.app.inject({ method: 'HEAD', url: '/sign-in' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'self'");
  });
});

describe('SPA serving without a build', () => {
  it('answers SPA routes with 503 and a hint, and keeps the API working', async () => {
    const t = await createTestApp();
    try {
      const page = await t.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.json()).toEqual({ code: 'internal', message: 'The web app is not built: run npm run build' });
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
