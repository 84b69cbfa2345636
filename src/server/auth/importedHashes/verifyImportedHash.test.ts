import { createHash, scryptSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { hash as argon2Hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { importedHashSchema, shaVersions, type ShaVersion } from '../../../shared/api/userImport';
import { firebaseScryptHash } from './verifyFirebaseScrypt';
import { verifyImportedHash } from './verifyImportedHash';

// wordpress-hash-node: the portable phpass of WordPress, as a real producer of $P$ hashes.
const wordpress = createRequire(import.meta.url)('wordpress-hash-node') as { HashPassword(password: string): string };

const password = 'correct horse battery staple';
const check = (hash: unknown, candidate: string) => verifyImportedHash(JSON.stringify(importedHashSchema.parse(hash)), candidate);

describe('verifyImportedHash', () => {
  it('bcrypt (bcryptjs)', async () => {
    const hash = bcrypt.hashSync(password, 6);
    expect(await check({ algorithm: 'bcrypt', hash }, password)).toBe(true);
    expect(await check({ algorithm: 'bcrypt', hash }, 'wrong')).toBe(false);
  });

  it('md5 and every SHA version (node:crypto)', async () => {
    const md5 = createHash('md5').update(password).digest('hex');
    expect(await check({ algorithm: 'md5', hash: md5 }, password)).toBe(true);
    expect(await check({ algorithm: 'md5', hash: md5 }, 'wrong')).toBe(false);
    for (const version of Object.keys(shaVersions) as ShaVersion[]) {
      const hash = createHash(version).update(password).digest('hex');
      expect(await check({ algorithm: 'sha', version, hash }, password), version).toBe(true);
      expect(await check({ algorithm: 'sha', version, hash }, `${password}!`), version).toBe(false);
    }
    // sha256 is the default version; a sha1 digest under sha256 is rejected by the schema (length).
    expect(await check({ algorithm: 'sha', hash: createHash('sha256').update(password).digest('hex') }, password)).toBe(true);
    expect(importedHashSchema.safeParse({ algorithm: 'sha', version: 'sha256', hash: createHash('sha1').update(password).digest('hex') }).success).toBe(false);
  });

  it('phpass (wordpress-hash-node), for passwords of several lengths', async () => {
    for (const candidate of [password, 'x', 'a'.repeat(70)]) {
      const hash = wordpress.HashPassword(candidate);
      expect(hash).toMatch(/^\$P\$B/);
      expect(await check({ algorithm: 'phpass', hash }, candidate)).toBe(true);
      expect(await check({ algorithm: 'phpass', hash }, `${candidate}y`)).toBe(false);
    }
  });

  it('scrypt (node:crypto) with its parameters', async () => {
    const params = { salt: 'pepper-salt', cost: 1024, blockSize: 4, parallelism: 2, length: 32 };
    const hash = scryptSync(password, params.salt, params.length, { N: params.cost, r: params.blockSize, p: params.parallelism }).toString('hex');
    expect(await check({ algorithm: 'scrypt', hash, ...params }, password)).toBe(true);
    expect(await check({ algorithm: 'scrypt', hash, ...params }, 'wrong')).toBe(false);
    expect(await check({ algorithm: 'scrypt', hash, ...params, blockSize: 8 }, password)).toBe(false);
    expect(importedHashSchema.safeParse({ algorithm: 'scrypt', hash, ...params, cost: 1000 }).success).toBe(false);
  });

  it("Firebase's modified scrypt matches Firebase's published example", async () => {
    // The example of firebase/scrypt's README (user1password with the sample project's hash config).
    const example = {
      salt: '42xEC+ixf3L2lw==', saltSeparator: 'Bw==', rounds: 8, memCost: 14,
      signerKey: 'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
    };
    const expected = 'lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==';
    expect((await firebaseScryptHash('user1password', example)).toString('base64')).toBe(expected);
    expect(await check({ algorithm: 'scryptModified', hash: expected, ...example }, 'user1password')).toBe(true);
    expect(await check({ algorithm: 'scryptModified', hash: expected, ...example }, 'user2password')).toBe(false);
  });

  it('argon2 (@node-rs/argon2, argon2id and argon2i)', async () => {
    const id = await argon2Hash(password, { memoryCost: 4096, timeCost: 3, parallelism: 1 });
    const i = await argon2Hash(password, { memoryCost: 4096, timeCost: 3, parallelism: 1, algorithm: 1 as never });
    expect(i).toMatch(/^\$argon2i\$/);
    for (const hash of [id, i]) {
      expect(await check({ algorithm: 'argon2', hash }, password)).toBe(true);
      expect(await check({ algorithm: 'argon2', hash }, 'wrong')).toBe(false);
    }
  });

  it('is false, not an exception, for a stored value that is not an imported hash', async () => {
    expect(await verifyImportedHash('not json', password)).toBe(false);
    expect(await verifyImportedHash(JSON.stringify({ algorithm: 'rot13', hash: 'x' }), password)).toBe(false);
  });
});
