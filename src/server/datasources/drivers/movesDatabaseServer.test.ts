import { describe, expect, it } from 'vitest';
import { movesDatabaseServer } from './movesDatabaseServer';

const base = { host: 'db.example.com', port: 5432, database: 'shop', user: 'app', ssl: 'verify-full' as const };

describe('movesDatabaseServer', () => {
  it('keeps the password for the same server, in any letter case, and for stronger TLS', () => {
    expect(movesDatabaseServer(base, { ...base, host: 'DB.example.com', database: 'other', user: 'someone' })).toBe(false);
    expect(movesDatabaseServer({ ...base, ssl: 'disable' }, { ...base, ssl: 'require' })).toBe(false);
    expect(movesDatabaseServer({ ...base, ssl: 'require' }, base)).toBe(false);
  });

  it('forgets it for another host or port, and for weaker TLS', () => {
    expect(movesDatabaseServer(base, { ...base, host: 'attacker.example.com' })).toBe(true);
    expect(movesDatabaseServer(base, { ...base, port: 6543 })).toBe(true);
    expect(movesDatabaseServer(base, { ...base, ssl: 'require' })).toBe(true);
    expect(movesDatabaseServer({ ...base, ssl: 'require' }, { ...base, ssl: 'disable' })).toBe(true);
  });
});
