import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { buildApp } from '../app';
import { loadConfig } from '../config/loadConfig';
import { instanceSecretsPath, readInstanceSecrets } from '../crypto/instanceSecretsFile';
import { keyringFromConfig } from '../crypto/keyringFromConfig';
import { createSecretBox, envelopeKeyId } from '../crypto/secretBox';
import { createDatabase } from '../store/createDatabase';
import {
  type TargetDatabase, adminPgUrl, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus, queryDef,
} from '../testing/dataTestKit';
import { Secret, TOTP } from 'otpauth';
import { headersFor, signUpUser } from '../testing/sessions';
import { runCli } from './main';
import { RotateKeyError, fileKeyIds, rotateKey } from './rotateKey';
import { dropPreviousKeys, reencryptSecrets, stageNewKey, verifySecrets } from './rotationSteps';

const repoRoot = path.resolve(__dirname, '../../..');
const allowLoopback = { CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' };

let target: TargetDatabase;
beforeAll(async () => { target = await createTargetDatabase(); });
afterAll(async () => { await target.drop(); });

/** One Cordon instance: a DATA_DIR and a store (SQLite in it, or its own PostgreSQL database), restartable. */
interface Instance {
  env: Record<string, string>;
  dataDir: string;
  start(extraEnv?: Record<string, string>): Promise<FastifyInstance>;
  drop(): Promise<void>;
}

const instances: Instance[] = [];
const openApps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of openApps.splice(0)) await app.close();
  for (const instance of instances.splice(0)) await instance.drop();
});

async function createInstance(storeKind: 'sqlite' | 'postgres', extraEnv: Record<string, string> = {}): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cordon-rotate-'));
  let databaseUrl: string | undefined;
  const name = `cordon_rotate_${randomBytes(6).toString('hex')}`;
  if (storeKind === 'postgres') {
    await adminQuery(`create database ${name}`);
    const url = new URL(adminPgUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const env = { DATA_DIR: dataDir, CORDON_DIST_DIR: path.join(dataDir, 'no-dist'), ...allowLoopback, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extraEnv };
  const instance: Instance = {
    env,
    dataDir,
    async start(more = {}) {
      const app = await buildApp({ config: loadConfig({ ...env, ...more }) });
      openApps.push(app);
      return app;
    },
    async drop() {
      if (databaseUrl) await adminQuery(`drop database if exists ${name} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  instances.push(instance);
  return instance;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminPgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Seeded {
  cookie: string;
  appId: string;
  /** datasource id -> its password */
  passwords: Map<string, string>;
}

/** Two datasources with secrets (and one without), and an app whose query needs the first. */
async function seed(app: FastifyInstance): Promise<Seeded> {
  const ws = await createWorkspaceWithPeople(app);
  const passwords = new Map<string, string>();
  for (const name of ['Primary', 'Replica']) {
    const password = `pw-${name}-${randomBytes(6).toString('hex')}`;
    const ds = await createDatasource(app, ws.builder.cookie, ws.workspaceId, target, { name, password });
    passwords.set(ds.id, password);
  }
  await createDatasource(app, ws.builder.cookie, ws.workspaceId, target, { name: 'No secret' });
  const [primaryId] = passwords.keys();
  const edit = await createAppWithQueries(app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId: primaryId!, body: 'select name from users where id = {{ id }}' })]);
  return { cookie: ws.builder.cookie, appId: edit.id, passwords };
}

/** The store's envelopes as they are on disk, by datasource id. */
async function envelopes(app: FastifyInstance): Promise<Map<string, Record<string, string>>> {
  const rows = await app.db.selectFrom('datasources').select(['id', 'secrets']).execute();
  return new Map(rows.map((row) => [row.id, JSON.parse(row.secrets) as Record<string, string>]));
}

/** Every secret opens in this (restarted) app and equals what was entered; a query and Test connection work. */
async function expectEverySecretWorks(app: FastifyInstance, seeded: Seeded, keyId?: string): Promise<void> {
  const stored = await envelopes(app);
  for (const [id, password] of seeded.passwords) {
    const envelope = stored.get(id)?.password;
    expect(envelope).toBeDefined();
    expect(app.secretBox.decrypt(envelope!)).toBe(password);
    if (keyId) expect(envelopeKeyId(envelope!)).toBe(keyId);
    expectStatus(await app.inject({ method: 'POST', url: apiRoutes.testDatasource(id), headers: headersFor(seeded.cookie), payload: {} }), 200);
  }
  const run = expectStatus(await app.inject({
    method: 'POST', url: apiRoutes.runDraftQuery(seeded.appId, 'q1'), headers: headersFor(seeded.cookie), payload: { params: { ' id ': 2 } },
  }), 200).json<ExecuteResponse>();
  expect(run.rows).toEqual([{ name: 'Grace' }]);
}

/** Enrols a new user in TOTP two-factor authentication; its secret is sealed by the instance's key. */
async function enrolTwoFactor(app: FastifyInstance): Promise<{ email: string; password: string; secret: string }> {
  const user = await signUpUser(app);
  const started = expectStatus(await app.inject({ method: 'POST', url: apiRoutes.accountTwoFactor, headers: headersFor(user.cookie), payload: { currentPassword: user.password } }), 200).json<{ secret: string }>();
  expectStatus(await app.inject({ method: 'POST', url: apiRoutes.accountTwoFactorConfirm, headers: headersFor(user.cookie), payload: { code: totpCode(started.secret, 0) } }), 200);
  return { email: user.email, password: user.password, secret: started.secret };
}

function totpCode(secret: string, stepsAhead: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** Password, then the TOTP code of the next time step (the enrolment used this one): a full session. */
async function expectTwoFactorSignIn(app: FastifyInstance, user: { email: string; password: string; secret: string }): Promise<void> {
  const first = expectStatus(await app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password }, remoteAddress: '10.9.9.9' }), 200).json<{ twoFactor?: { challenge: string } }>();
  expect(first.twoFactor).toBeDefined();
  const second = expectStatus(await app.inject({ method: 'POST', url: apiRoutes.twoFactorSignIn, payload: { challenge: first.twoFactor!.challenge, code: totpCode(user.secret, 1) }, remoteAddress: '10.9.9.9' }), 200).json<{ user?: { email: string } }>();
  expect(second.user?.email).toBe(user.email);
}

async function fileMode(dataDir: string): Promise<number> {
  return (await stat(instanceSecretsPath(dataDir))).mode & 0o777;
}

describe.each(['sqlite', 'postgres'] as const)('rotate-key on a %s store', (storeKind) => {
  it('re-encrypts every secret under a new key; a restarted server opens them all; the file keeps mode 0600', async () => {
    const instance = await createInstance(storeKind);
    let app = await instance.start();
    const seeded = await seed(app);
    const twoFactorUser = await enrolTwoFactor(app);
    const oldKeyId = app.secretBox.keyId;
    await app.close();

    const lines: string[] = [];
    const result = await rotateKey({ env: instance.env, print: (line) => lines.push(line) });
    expect(result).toMatchObject({ source: 'file', oldKeyIds: [oldKeyId], secrets: 2, datasources: 2, dropped: [] });
    expect(result.newKeyId).not.toBe(oldKeyId);
    expect(lines.join('\n')).toMatch(/1\/4[\s\S]*2\/4 Re-encrypted 2 secret\(s\) of 2 datasource\(s\), and 1 two-factor secret\(s\)[\s\S]*3\/4 Verified[\s\S]*4\/4/);
    expect(fileKeyIds(instance.dataDir)).toEqual([result.newKeyId]);
    expect(await fileMode(instance.dataDir)).toBe(0o600);
    // No temporary file left behind next to it.
    expect((await readdir(instance.dataDir)).filter((f) => f.startsWith('instance-secrets'))).toEqual(['instance-secrets.json']);
    for (const line of lines) for (const password of seeded.passwords.values()) expect(line).not.toContain(password);

    app = await instance.start();
    expect(app.secretBox.keyIds).toEqual([result.newKeyId]);
    await expectEverySecretWorks(app, seeded, result.newKeyId);
    // The user with two-factor still signs in: the TOTP secret was re-sealed with the new key.
    await expectTwoFactorSignIn(app, twoFactorUser);
    // The datasource without a secret is untouched.
    expect([...(await envelopes(app)).values()].filter((e) => Object.keys(e).length === 0)).toHaveLength(1);
  });

  it('loses nothing when it stops after step 1 or after step 2, and a second run finishes the job', async () => {
    const instance = await createInstance(storeKind);
    let app = await instance.start();
    const seeded = await seed(app);
    const k1 = app.secretBox.keyId;
    await app.close();
    const file = instanceSecretsPath(instance.dataDir);

    // Crash after step 1: the file names a new current key; every envelope is still under k1.
    const staged = stageNewKey(file);
    expect(readInstanceSecrets(file).previous).toHaveLength(1);
    expect(await fileMode(instance.dataDir)).toBe(0o600);
    app = await instance.start();
    const k2 = app.secretBox.keyId;
    expect(app.secretBox.keyIds).toEqual([k2, k1]);
    await expectEverySecretWorks(app, seeded, k1);
    // A secret saved meanwhile goes under the new current key.
    const [firstId] = seeded.passwords.keys();
    const changed = `pw-changed-${randomBytes(4).toString('hex')}`;
    expectStatus(await app.inject({ method: 'PATCH', url: apiRoutes.datasource(firstId!), headers: headersFor(seeded.cookie), payload: { secrets: { password: changed } } }), 200);
    seeded.passwords.set(firstId!, changed);
    expect(envelopeKeyId((await envelopes(app)).get(firstId!)!.password!)).toBe(k2);
    await app.close();

    // Crash after step 2: everything is re-encrypted under k2, the file still lists k1 as previous.
    const store = await createDatabase({ dataDir: instance.dataDir, databaseUrl: instance.env.DATABASE_URL });
    try {
      const box = keyringFromConfig(loadConfig(instance.env));
      expect(box.keyId).toBe(k2);
      expect(staged.current.encryptionPassword).toBe(loadConfig(instance.env).encryptionPassword);
      expect(await reencryptSecrets(store, box)).toMatchObject({ secrets: 1, datasources: 1 });
      expect(await verifySecrets(store.db, box)).toEqual([]);
    } finally {
      await store.db.destroy();
    }
    app = await instance.start();
    await expectEverySecretWorks(app, seeded, k2);
    await app.close();

    // Step 4 alone is safe now, and a full run afterwards still works (k3).
    dropPreviousKeys(file);
    expect(fileKeyIds(instance.dataDir)).toEqual([k2]);
    const result = await rotateKey({ env: instance.env, print: () => {} });
    expect(result.oldKeyIds).toEqual([k2]);
    app = await instance.start();
    await expectEverySecretWorks(app, seeded, result.newKeyId);
  });

  it('refuses to run when a secret opens with no known key, listing the datasource; --force-drop-unreadable removes it', async () => {
    const instance = await createInstance(storeKind);
    let app = await instance.start();
    const seeded = await seed(app);
    const [lostId, keptId] = [...seeded.passwords.keys()];
    // An envelope made with a key this instance never had (e.g. a restored backup of another instance).
    const foreign = createSecretBox('some other instance', 'its salt').encrypt('unrecoverable');
    await app.db.updateTable('datasources').set({ secrets: JSON.stringify({ password: foreign }) }).where('id', '=', lostId!).execute();
    // The server still starts and serves the readable datasources; the broken one answers datasource_unreachable.
    await app.close();
    app = await instance.start();
    const broken = await app.inject({ method: 'POST', url: apiRoutes.testDatasource(lostId!), headers: headersFor(seeded.cookie), payload: {} });
    expect(broken.statusCode).toBe(502);
    expect(broken.json()).toMatchObject({ code: 'datasource_unreachable' });
    expectStatus(await app.inject({ method: 'POST', url: apiRoutes.testDatasource(keptId!), headers: headersFor(seeded.cookie), payload: {} }), 200);
    await app.close();
    const before = await readFile(instanceSecretsPath(instance.dataDir), 'utf8');

    const refusal = rotateKey({ env: instance.env, print: () => {} });
    await expect(refusal).rejects.toThrow(RotateKeyError);
    await expect(refusal).rejects.toThrow(new RegExp(`datasource ${lostId}.*password.*unknown key`));
    // Nothing changed: same file, same envelopes.
    expect(await readFile(instanceSecretsPath(instance.dataDir), 'utf8')).toBe(before);

    const result = await rotateKey({ env: instance.env, forceDropUnreadable: true, print: () => {} });
    expect(result.dropped).toEqual([expect.objectContaining({ datasourceId: lostId, secretName: 'password' })]);
    app = await instance.start();
    const stored = await envelopes(app);
    expect(stored.get(lostId!)).toEqual({});
    expect(app.secretBox.decrypt(stored.get(keptId!)!.password!)).toBe(seeded.passwords.get(keptId!));
  });
});

describe('rotate-key with the key in the environment', () => {
  const oldEnv = { CORDON_ENCRYPTION_PASSWORD: 'old-password-from-env', CORDON_ENCRYPTION_SALT: 'old-salt' };

  it('takes the new key from CORDON_NEW_ENCRYPTION_PASSWORD, prints what to change, never a value', async () => {
    const instance = await createInstance('sqlite', oldEnv);
    let app = await instance.start();
    const seeded = await seed(app);
    await app.close();

    await expect(rotateKey({ env: instance.env, print: () => {} })).rejects.toThrow(/CORDON_NEW_ENCRYPTION_PASSWORD/);
    const lines: string[] = [];
    const newEnv = { CORDON_NEW_ENCRYPTION_PASSWORD: 'new-password-from-env' };
    const result = await rotateKey({ env: { ...instance.env, ...newEnv }, print: (line) => lines.push(line) });
    expect(result.source).toBe('environment');
    const output = lines.join('\n');
    expect(output).toContain('CORDON_ENCRYPTION_PASSWORD = the value of CORDON_NEW_ENCRYPTION_PASSWORD');
    expect(output).toContain('CORDON_ENCRYPTION_SALT     = unchanged');
    for (const value of ['new-password-from-env', 'old-password-from-env', 'old-salt', ...seeded.passwords.values()]) expect(output).not.toContain(value);

    // Restarted with the old password only: the server starts, the secrets are not readable...
    app = await instance.start();
    expect((await app.inject({ method: 'POST', url: apiRoutes.testDatasource([...seeded.passwords.keys()][0]!), headers: headersFor(seeded.cookie), payload: {} })).statusCode).toBe(502);
    await app.close();
    // ...running the command again is safe (idempotent)...
    expect((await rotateKey({ env: { ...instance.env, ...newEnv }, print: () => {} })).secrets).toBe(0);
    // ...and with the environment changed as printed, everything works.
    app = await instance.start({ CORDON_ENCRYPTION_PASSWORD: 'new-password-from-env' });
    await expectEverySecretWorks(app, seeded, result.newKeyId);
  });

  it('--new-password-env / --new-salt-env name the variables; the previous-key flow finishes a rotation', async () => {
    const instance = await createInstance('sqlite', oldEnv);
    let app = await instance.start();
    const seeded = await seed(app);
    await app.close();

    const lines: string[] = [];
    const env = { ...instance.env, VAULT_PW: 'from-the-vault', VAULT_SALT: 'vault-salt' };
    await expect(rotateKey({ env, newPasswordEnv: 'MISSING_VAR', print: () => {} })).rejects.toThrow(/MISSING_VAR/);
    const result = await rotateKey({ env, newPasswordEnv: 'VAULT_PW', newSaltEnv: 'VAULT_SALT', print: (line) => lines.push(line) });
    expect(lines.join('\n')).toContain('CORDON_ENCRYPTION_SALT     = the value of VAULT_SALT');

    // The no-downtime flow for the next rotation: new key current, old one previous, then finish.
    const rotated = { CORDON_ENCRYPTION_PASSWORD: 'third-password', CORDON_ENCRYPTION_SALT: 'third-salt', CORDON_PREVIOUS_ENCRYPTION_PASSWORD: 'from-the-vault', CORDON_PREVIOUS_ENCRYPTION_SALT: 'vault-salt' };
    app = await instance.start(rotated);
    expect(app.secretBox.keyIds[1]).toBe(result.newKeyId);
    await expectEverySecretWorks(app, seeded, result.newKeyId);
    await app.close();
    const finishLines: string[] = [];
    const finish = await rotateKey({ env: { ...instance.env, ...rotated }, print: (line) => finishLines.push(line) });
    expect(finishLines.join('\n')).toMatch(/remove CORDON_PREVIOUS_ENCRYPTION_PASSWORD/);
    app = await instance.start({ CORDON_ENCRYPTION_PASSWORD: 'third-password', CORDON_ENCRYPTION_SALT: 'third-salt' });
    await expectEverySecretWorks(app, seeded, finish.newKeyId);
  });
});

describe('the cordon CLI', () => {
  it('prints help, refuses unknown commands and options', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCli(['help'], {}, (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.join('\n')).toMatch(/rotate-key[\s\S]*--force-drop-unreadable/);
    expect(await runCli(['nope'], {}, () => {}, (l) => err.push(l))).toBe(2);
    expect(await runCli(['rotate-key', '--bogus'], {}, () => {}, (l) => err.push(l))).toBe(2);
    expect(await runCli(['rotate-key', '--new-password-env'], {}, () => {}, (l) => err.push(l))).toBe(2);
    expect(err.join('\n')).toMatch(/unknown command nope[\s\S]*unknown option --bogus[\s\S]*needs the name of an environment variable/);
  });

  it('refuses a DATA_DIR that holds no instance, and creates nothing there', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'cordon-rotate-empty-'));
    try {
      await expect(rotateKey({ env: { DATA_DIR: empty }, print: () => {} })).rejects.toThrow(/No Cordon instance here: .*instance-secrets\.json and .*cordon\.db do not exist/);
      expect(await readdir(empty)).toEqual([]);
      const err: string[] = [];
      expect(await runCli(['rotate-key'], { DATA_DIR: path.join(empty, 'typo') }, () => {}, (l) => err.push(l))).toBe(1);
      expect(err.join('\n')).toMatch(/No Cordon instance here/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('npm run cordon -- rotate-key rotates the keys of a real instance (child process)', async () => {
    const instance = await createInstance(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
    let app = await instance.start();
    const seeded = await seed(app);
    const oldKeyId = app.secretBox.keyId;
    await app.close();

    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'cordon', '--', 'rotate-key'], {
      cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...instance.env },
    });
    expect(stdout).toMatch(/4\/4 Previous keys removed/);
    const [newKeyId] = fileKeyIds(instance.dataDir);
    expect(newKeyId).not.toBe(oldKeyId);
    expect(await fileMode(instance.dataDir)).toBe(0o600);
    app = await instance.start();
    await expectEverySecretWorks(app, seeded, newKeyId);
  });
});
