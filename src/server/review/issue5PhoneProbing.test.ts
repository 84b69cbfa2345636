import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { setPhone, testNumber } from '../phone/phoneTestKit';
import { headersFor, type SignedUpUser, signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

// Review of issue 5 (phone sign-in): phone sign-in answers 202 to every number so that it does
// not tell which numbers have accounts; adding a number on the Account page answers 409
// phone_taken for a number of another account, so it must not be an unlimited oracle.

let t: TestApp;
let others: SignedUpUser[];
let prober: SignedUpUser;

beforeEach(async () => {
  t = await createTestApp();
  await signUpUser(t.app); // the instance administrator
  prober = await signUpUser(t.app);
  others = await Promise.all(Array.from({ length: 11 }, () => signUpUser(t.app)));
});
afterEach(async () => {
  await t.close();
});

describe('probing phone numbers through the Account page', () => {
  it('counts each probe against the address before telling that a number is taken: the eleventh in an hour gets 429', async () => {
    const numbers: string[] = [];
    for (const other of others) {
      const phone = testNumber();
      await setPhone(t.app, other.user.id, phone);
      numbers.push(phone);
    }
    const answers: number[] = [];
    for (const phone of numbers) {
      const response = await t.app.inject({
        method: 'POST', url: apiRoutes.accountPhone, headers: headersFor(prober.cookie), payload: { phone, currentPassword: prober.password }, remoteAddress: '10.88.0.1',
      });
      answers.push(response.statusCode);
      if (response.statusCode === 429) expect(response.json()).toMatchObject({ code: 'rate_limited' });
    }
    expect(answers).toEqual([...Array.from({ length: 10 }, () => 409), 429]);
  });
});
