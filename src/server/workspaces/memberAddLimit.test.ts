import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { expectStatus } from '../testing/dataTestKit';
import { type SignedUpUser, headersFor, signUpUser } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// Adding a member says whether an email has an account (404 or 201). Anyone can make a workspace
// and be its Administrator, so without a limit this would list the instance's accounts that
// recovery and email sign-in (always 202) take care to hide.
describe('adding members by email is rate limited', () => {
  let t: TestApp;
  let prober: SignedUpUser;
  let workspaceId: string;
  beforeAll(async () => {
    t = await createTestApp();
    prober = await signUpUser(t.app);
    workspaceId = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(prober.cookie), payload: { name: 'Probe' } }), 201).json<{ id: string }>().id;
  });
  afterAll(async () => { await t?.close(); });

  const add = (email: string) => t.app.inject({
    method: 'POST', url: apiRoutes.members(workspaceId), headers: headersFor(prober.cookie), payload: { email, role: 'app_viewer' }, remoteAddress: '10.3.3.3',
  });

  it('refuses a 21st unknown email within the hour with 429, while members found cost nothing', async () => {
    for (let i = 0; i < 5; i += 1) expectStatus(await add((await signUpUser(t.app)).email), 201);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await add(`nobody-${i}@example.test`)).statusCode);
    expect(statuses.slice(0, 20).every((status) => status === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Now even an email with an account gets 429: the answer must not tell them apart.
    const blocked = await add((await signUpUser(t.app)).email);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
  });
});
