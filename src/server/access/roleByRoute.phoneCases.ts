import { apiRoutes } from '../../shared/api/routes';
import { codeIn, setPhone, smsTo, testNumber } from '../phone/phoneTestKit';
import { settleSmsDeliveries } from '../sms/sendSms';
import { type Context, type RouteCase, all, randomAddress, signedIn } from './roleByRouteKit';
import type { Caller } from './roleByRouteKit';

/** A fresh account with a fresh number, a sign-in code asked for it, and that code (read from the outbox). */
async function phoneWithCode(ctx: Context): Promise<{ phone: string; code: string }> {
  const owner = await ctx.freshAccount();
  const phone = testNumber();
  await setPhone(ctx.app, owner.user.id, phone);
  const asked = await ctx.app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone }, remoteAddress: randomAddress() });
  if (asked.statusCode !== 202) throw new Error(`phone sign-in: ${asked.statusCode} ${asked.body}`);
  await settleSmsDeliveries(ctx.app); // the code is issued after the answer
  return { phone, code: codeIn((await smsTo(ctx.app, phone)).at(-1)?.body) };
}

/** The caller started adding a fresh number (password checked, code sent); anonymous gets a number and a made-up code. */
async function pendingNumber(ctx: Context, caller: Caller): Promise<{ phone: string; code: string }> {
  const phone = testNumber();
  const me = ctx.account(caller);
  if (!me) return { phone, code: '123456' };
  const started = await ctx.app.inject({
    method: 'POST', url: apiRoutes.accountPhone, payload: { phone, currentPassword: me.password }, headers: { cookie: me.cookie }, remoteAddress: randomAddress(),
  });
  if (started.statusCode !== 202) throw new Error(`account phone: ${started.statusCode} ${started.body}`);
  return { phone, code: codeIn((await smsTo(ctx.app, phone)).at(-1)?.body) };
}

/** Role-by-route cases of phone sign-in and the account phone number (issue 5). */
export const phoneCases: RouteCase[] = [
  // Public: anyone may ask for a code (always 202) and sign in with one.
  { method: 'POST', route: apiRoutes.phoneSignIn, request: async () => ({ url: apiRoutes.phoneSignIn, payload: { phone: testNumber() }, remoteAddress: randomAddress() }), expected: all(202) },
  { method: 'POST', route: apiRoutes.phoneSignInCode, request: async (ctx) => ({ url: apiRoutes.phoneSignInCode, payload: await phoneWithCode(ctx), remoteAddress: randomAddress() }),
    expected: all(200) },

  // The caller's own number: every signed-in caller, whatever its roles.
  { method: 'GET', route: apiRoutes.accountPhone, request: async () => ({ url: apiRoutes.accountPhone }), expected: signedIn(200) },
  { method: 'POST', route: apiRoutes.accountPhone, request: async ({ account }, caller) => ({
    url: apiRoutes.accountPhone, payload: { phone: testNumber(), currentPassword: account(caller)?.password ?? 'correct horse battery staple' }, remoteAddress: randomAddress(),
  }), expected: signedIn(202) },
  { method: 'POST', route: apiRoutes.accountPhoneVerify, request: async (ctx, caller) => ({ url: apiRoutes.accountPhoneVerify, payload: await pendingNumber(ctx, caller), remoteAddress: randomAddress() }),
    expected: signedIn(200) },
  { method: 'DELETE', route: apiRoutes.accountPhone, request: async () => ({ url: apiRoutes.accountPhone }), expected: signedIn(204) },
];
