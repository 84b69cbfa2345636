import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './loadConfig';

describe('loadConfig', () => {
  let cwd: string;
  beforeEach(() => { cwd = mkdtempSync(path.join(tmpdir(), 'cordon-config-')); });
  afterEach(() => { rmSync(cwd, { recursive: true, force: true }); });

  it('has safe defaults', () => {
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({
      port: 3000, host: '0.0.0.0', dataDir: path.join(cwd, 'data'), databaseUrl: undefined,
      disableIframeWidgetSandbox: false, publicUrl: undefined, logLevel: 'info', distDir: path.join(cwd, 'dist'),
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '127.0.0.1', DATA_DIR: 'state', DATABASE_URL: 'postgres://u:p@db:5432/cordon',
      CORDON_ENCRYPTION_PASSWORD: 'pw', CORDON_ENCRYPTION_SALT: 'salt', CORDON_DISABLE_IFRAME_WIDGET_SANDBOX: 'true',
      CORDON_PUBLIC_URL: 'https://cordon.example.com', LOG_LEVEL: 'debug', CORDON_DIST_DIR: 'build',
    }, cwd);
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', dataDir: path.join(cwd, 'state'), databaseUrl: 'postgres://u:p@db:5432/cordon',
      encryptionPassword: 'pw', encryptionSalt: 'salt', disableIframeWidgetSandbox: true, logLevel: 'debug', distDir: path.join(cwd, 'build'),
    });
    expect(config.publicUrl?.origin).toBe('https://cordon.example.com');
  });

  it('generates the encryption secrets once, with mode 0600, and reuses them', () => {
    const first = loadConfig({}, cwd);
    const file = path.join(cwd, 'data', 'instance-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.encryptionPassword.length).toBeGreaterThanOrEqual(32);
    expect(first.encryptionSalt.length).toBeGreaterThanOrEqual(16);
    const second = loadConfig({}, cwd);
    expect(second.encryptionPassword).toBe(first.encryptionPassword);
    expect(second.encryptionSalt).toBe(first.encryptionSalt);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ encryptionPassword: first.encryptionPassword, encryptionSalt: first.encryptionSalt });
    const otherInstance = loadConfig({ DATA_DIR: 'other' }, cwd);
    expect(otherInstance.encryptionPassword).not.toBe(first.encryptionPassword);
  });

  it('reads previous encryption keys from the file and from CORDON_PREVIOUS_ENCRYPTION_PASSWORD/SALT', () => {
    const first = loadConfig({}, cwd);
    expect(first.previousEncryptionSecrets).toBeUndefined();
    const file = path.join(cwd, 'data', 'instance-secrets.json');
    writeFileSync(file, JSON.stringify({ encryptionPassword: 'new', encryptionSalt: 'new-salt', previous: [{ encryptionPassword: first.encryptionPassword, encryptionSalt: first.encryptionSalt }] }));
    const rotated = loadConfig({ CORDON_PREVIOUS_ENCRYPTION_PASSWORD: 'older' }, cwd);
    expect(rotated).toMatchObject({ encryptionPassword: 'new', encryptionSalt: 'new-salt' });
    expect(rotated.previousEncryptionSecrets).toEqual([
      { encryptionPassword: first.encryptionPassword, encryptionSalt: first.encryptionSalt },
      { encryptionPassword: 'older', encryptionSalt: 'new-salt' },
    ]);
    expect(() => loadConfig({ CORDON_PREVIOUS_ENCRYPTION_SALT: 's' }, cwd)).toThrow(/CORDON_PREVIOUS_ENCRYPTION_SALT is set without/);
    writeFileSync(file, JSON.stringify({ encryptionPassword: 'new', encryptionSalt: 'new-salt', previous: [{ encryptionPassword: '' }] }));
    expect(() => loadConfig({}, cwd)).toThrow(/restore it from a backup/);
  });

  it('given secrets win over the generated file', () => {
    loadConfig({}, cwd);
    const config = loadConfig({ CORDON_ENCRYPTION_PASSWORD: 'mine', CORDON_ENCRYPTION_SALT: 'my-salt' }, cwd);
    expect(config.encryptionPassword).toBe('mine');
    expect(config.encryptionSalt).toBe('my-salt');
  });

  it('only the exact value true disables the iframe sandbox', () => {
    expect(loadConfig({ CORDON_DISABLE_IFRAME_WIDGET_SANDBOX: 'false' }, cwd).disableIframeWidgetSandbox).toBe(false);
    expect(loadConfig({ CORDON_DISABLE_IFRAME_WIDGET_SANDBOX: '' }, cwd).disableIframeWidgetSandbox).toBe(false);
    for (const nearMiss of ['1', 'yes', 'TRUE']) {
      expect(() => loadConfig({ CORDON_DISABLE_IFRAME_WIDGET_SANDBOX: nearMiss }, cwd)).toThrow(/CORDON_DISABLE_IFRAME_WIDGET_SANDBOX must be true or false/);
    }
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'mysql://root:secret@db/x' }, /DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ CORDON_PUBLIC_URL: 'cordon.example.com' }, /CORDON_PUBLIC_URL must be an absolute URL/],
    [{ CORDON_PUBLIC_URL: 'ftp://cordon.example.com' }, /CORDON_PUBLIC_URL must be an http/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env, cwd)).toThrow(ConfigError);
    expect(() => loadConfig(env, cwd)).toThrow(message);
  });

  it('reads the outbound address policy: nothing allowed or blocked by default; names, addresses and CIDR ranges', () => {
    expect(loadConfig({}, cwd).outbound).toEqual({ allowedHosts: [], blockedHosts: [], blockPrivateAddresses: false });
    const outbound = loadConfig({
      CORDON_ALLOWED_HOSTS: 'db.internal, 127.0.0.1,::1,10.1.0.0/16', CORDON_BLOCKED_HOSTS: 'api.example.com', CORDON_BLOCK_PRIVATE_ADDRESSES: 'true',
    }, cwd).outbound;
    expect(outbound.allowedHosts.map((entry) => (entry.kind === 'name' ? entry.name : `${entry.range[0].toString()}/${entry.range[1]}`)))
      .toEqual(['db.internal', '127.0.0.1/32', '::1/128', '10.1.0.0/16']);
    expect(outbound.blockedHosts).toEqual([{ kind: 'name', name: 'api.example.com' }]);
    expect(outbound.blockPrivateAddresses).toBe(true);
    expect(() => loadConfig({ CORDON_ALLOWED_HOSTS: '10.0.0.0/40' }, cwd)).toThrow(/CORDON_ALLOWED_HOSTS: "10.0.0.0\/40" is not a valid CIDR/);
    expect(() => loadConfig({ CORDON_BLOCKED_HOSTS: 'http://x' }, cwd)).toThrow(ConfigError);
    expect(() => loadConfig({ CORDON_BLOCK_PRIVATE_ADDRESSES: 'yes' }, cwd)).toThrow(/CORDON_BLOCK_PRIVATE_ADDRESSES must be true or false/);
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }, cwd)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  it('refuses a damaged secrets file instead of generating new secrets over it', () => {
    loadConfig({}, cwd);
    writeFileSync(path.join(cwd, 'data', 'instance-secrets.json'), '{"encryptionPassword": ""}');
    expect(() => loadConfig({}, cwd)).toThrow(/restore it from a backup/);
  });
});
