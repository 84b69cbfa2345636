import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { StartTwoFactorResponse } from '../../shared/api/twoFactor';
import { keyringFromSecrets } from '../crypto/keyringFromConfig';
import { envelopeKeyId } from '../crypto/secretBox';
import { expectStatus } from '../testing/dataTestKit';
import { headersFor, signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';
import { reencryptTotpSecrets, unreadableTotpSecrets } from './reencryptTotpSecrets';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('TOTP secrets in a key rotation', () => {
  it('re-seals them with the new key (the secret unchanged) and reports none left behind', async () => {
    const user = await signUpUser(t.app);
    const { secret } = expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.accountTwoFactor, headers: headersFor(user.cookie), payload: { currentPassword: user.password },
    }), 200).json<StartTwoFactorResponse>();
    const oldSecret = { encryptionPassword: t.app.config.encryptionPassword, encryptionSalt: t.app.config.encryptionSalt };
    const rotated = keyringFromSecrets({ encryptionPassword: 'a new encryption password', encryptionSalt: 'a-new-salt' }, [oldSecret]);
    const onlyNew = keyringFromSecrets({ encryptionPassword: 'a new encryption password', encryptionSalt: 'a-new-salt' }, []);

    expect(await unreadableTotpSecrets(t.app.db, rotated)).toEqual([{ userId: user.user.id, problem: 'old key' }]);
    expect(await unreadableTotpSecrets(t.app.db, onlyNew)).toEqual([{ userId: user.user.id, problem: 'unreadable' }]);
    expect(await reencryptTotpSecrets(t.app.db, rotated)).toBe(1);
    expect(await reencryptTotpSecrets(t.app.db, rotated)).toBe(0);

    const row = await t.app.db.selectFrom('users').select('totp_secret').where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(envelopeKeyId(row.totp_secret!)).toBe(onlyNew.keyId);
    expect(onlyNew.decrypt(row.totp_secret!)).toBe(secret);
    expect(await unreadableTotpSecrets(t.app.db, onlyNew)).toEqual([]);
  });
});
