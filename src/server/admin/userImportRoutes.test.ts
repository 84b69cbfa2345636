import { createHash, createCipheriv, scryptSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { hash as argon2Hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

const wordpress = createRequire(import.meta.url)('wordpress-hash-node') as { HashPassword(password: string): string };
const password = 'imported secret 1';

/** Firebase's modified scrypt, computed here from the algorithm's definition with node:crypto. */
function firebaseHash(secret: string, salt: Buffer, separator: Buffer, signerKey: Buffer): string {
  const key = scryptSync(secret, Buffer.concat([salt, separator]), 64, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const cipher = createCipheriv('aes-256-ctr', key.subarray(0, 32), Buffer.alloc(16));
  return Buffer.concat([cipher.update(signerKey), cipher.final()]).toString('base64');
}

/** One real hash of `password` per algorithm, each made by a real library. */
async function hashesOfEveryAlgorithm(): Promise<Record<string, unknown>[]> {
  const salt = Buffer.from('firebase-salt-1'), separator = Buffer.from([7]), signerKey = Buffer.alloc(64, 'k');
  return [
    { algorithm: 'bcrypt', hash: bcrypt.hashSync(password, 6) },
    { algorithm: 'md5', hash: createHash('md5').update(password).digest('hex') },
    { algorithm: 'sha', version: 'sha1', hash: createHash('sha1').update(password).digest('hex') },
    { algorithm: 'sha', version: 'sha512', hash: createHash('sha512').update(password).digest('hex') },
    { algorithm: 'sha', version: 'sha3-256', hash: createHash('sha3-256').update(password).digest('hex') },
    { algorithm: 'phpass', hash: wordpress.HashPassword(password) },
    { algorithm: 'scrypt', salt: 'salty', cost: 2048, blockSize: 8, parallelism: 1, length: 64, hash: scryptSync(password, 'salty', 64, { N: 2048, r: 8, p: 1 }).toString('hex') },
    { algorithm: 'scryptModified', salt: salt.toString('base64'), saltSeparator: separator.toString('base64'), signerKey: signerKey.toString('base64'), hash: firebaseHash(password, salt, separator, signerKey) },
    { algorithm: 'argon2', hash: await argon2Hash(password, { memoryCost: 4096, timeCost: 3, parallelism: 1 }) },
  ];
}

describe('user import routes', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app); // the first account administers the instance
  });
  afterEach(async () => { await t.close(); });

  const importJson = (users: unknown[], cookie = admin.cookie) => t.app.inject({ method: 'POST', url: apiRoutes.importUsers, headers: headersFor(cookie), payload: { users } });
  const signIn = (email: string, secret: string) => t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password: secret }, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  const userRow = (email: string) => t.app.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

  it('imports one user per algorithm; the first sign-in re-hashes with Argon2id, the next one uses it', async () => {
    const hashes = await hashesOfEveryAlgorithm();
    const users = hashes.map((hash, index) => ({ email: `imported-${index}@example.test`, name: `Imported ${index}`, hash }));
    const response = await importJson(users);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ created: hashes.length, skipped: 0, errors: [] });
    for (const [index, hash] of hashes.entries()) {
      const email = `imported-${index}@example.test`;
      const label = String((hash as { algorithm: string }).algorithm);
      const before = await userRow(email);
      expect(JSON.parse(before.password_import ?? 'null'), label).toMatchObject(hash);
      expect(before.password_hash, label).toBe('!imported');
      expect((await signIn(email, 'not the password')).statusCode, label).toBe(401);
      expect((await signIn(email, '')).statusCode, label).toBe(400);
      const first = await signIn(email, password);
      expect(first.statusCode, label).toBe(200);
      expect(first.json().user).toMatchObject({ email, name: `Imported ${index}`, isInstanceAdmin: false });
      const after = await userRow(email);
      expect(after.password_hash, label).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(after.password_import, label).toBeNull();
      expect((await signIn(email, password)).statusCode, label).toBe(200);
      expect((await signIn(email, 'not the password')).statusCode, label).toBe(401);
    }
  });

  it('imports the CSV form with its header row, skips existing emails and reports bad rows without echoing hashes', async () => {
    const md5 = createHash('md5').update(password).digest('hex');
    const sha = createHash('sha384').update(password).digest('hex');
    const scrypt = scryptSync(password, 'csv-salt', 32, { N: 1024, r: 8, p: 1 }).toString('hex');
    const csv = [
      'email,name,phone,algorithm,hash,version,salt,cost,blockSize,parallelism,length',
      `csv-md5@example.test,Csv Md5,+15550001111,md5,${md5},,,,,,`,
      `csv-sha@example.test,"Sha, Person",,sha,${sha},sha384,,,,,`,
      `csv-scrypt@example.test,Csv Scrypt,,scrypt,${scrypt},,csv-salt,1024,8,1,32`,
      `${admin.email},Existing,,md5,${md5},,,,,,`,
      `not-an-email,Bad,,md5,${md5},,,,,,`,
      `csv-bad@example.test,Bad Hash,,bcrypt,${md5},,,,,,`,
    ].join('\n');
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.importUsers, headers: { ...headersFor(admin.cookie), 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 3, skipped: 1 });
    expect(body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[5, 'invalid_row'], [6, 'invalid_row']]);
    expect(response.body).not.toContain(md5);
    expect((await userRow('csv-md5@example.test')).phone).toBe('+15550001111');
    expect((await userRow('csv-sha@example.test')).name).toBe('Sha, Person');
    for (const email of ['csv-md5@example.test', 'csv-sha@example.test', 'csv-scrypt@example.test']) {
      expect((await signIn(email, password)).statusCode, email).toBe(200);
    }
    // The existing account was left alone.
    expect((await signIn(admin.email, admin.password)).statusCode).toBe(200);
  });

  it('an imported user cannot sign in with an empty-looking or marker password, and failures count towards the limit', async () => {
    await importJson([{ email: 'limited@example.test', name: 'Limited', hash: { algorithm: 'md5', hash: createHash('md5').update(password).digest('hex') } }]);
    expect((await signIn('limited@example.test', '!imported')).statusCode).toBe(401);
    const from = (secret: string) => t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: 'limited@example.test', password: secret }, remoteAddress: '10.1.2.3' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await from(`wrong ${i}`)).statusCode);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    // Still limited, even with the right password; the import is untouched.
    expect((await from(password)).statusCode).toBe(429);
    expect((await userRow('limited@example.test')).password_import).not.toBeNull();
  });

  it('anonymous 401, non-administrators 403, bad bodies 400, more than 10,000 rows 400', async () => {
    const row = { email: 'x@example.test', name: 'X', hash: { algorithm: 'md5', hash: createHash('md5').update('x').digest('hex') } };
    const anonymous = await t.app.inject({ method: 'POST', url: apiRoutes.importUsers, payload: { users: [row] } });
    expect(anonymous.statusCode).toBe(401);
    const member = await signUpUser(t.app);
    const forbidden = await importJson([row], member.cookie);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('forbidden');
    expect((await importJson([])).statusCode).toBe(400);
    const tooMany = await importJson(Array.from({ length: 10_001 }, () => row));
    expect(tooMany.statusCode).toBe(400);
    const badCsv = await t.app.inject({ method: 'POST', url: apiRoutes.importUsers, headers: { ...headersFor(admin.cookie), 'content-type': 'text/csv' }, payload: 'email,name,password\na@example.test,A,plain' });
    expect(badCsv.statusCode).toBe(400);
    expect(badCsv.json().message).toContain('unknown column password');
    expect(await t.app.db.selectFrom('users').select('email').where('email', '=', 'x@example.test').executeTakeFirst()).toBeUndefined();
  });
});
