import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxResponse } from '../../shared/api/outbox';
import { apiRoutes } from '../../shared/api/routes';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';
import { sendEmail } from './sendEmail';
import { startTestMailServer, type TestMailServer } from './testMailServer';

/** A pino stream that keeps every log line, to prove what is never logged. */
function logCapture(): { lines: string[]; logger: object } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
  return { lines, logger: { stream, level: 'debug' } };
}

async function closedPort(): Promise<number> {
  const server = await startTestMailServer();
  await server.close();
  return server.port;
}

describe('sendEmail and the outbox', () => {
  let t: TestApp | undefined;
  let mail: TestMailServer | undefined;
  afterEach(async () => {
    await t?.close();
    await mail?.close();
    t = undefined;
    mail = undefined;
  });

  async function storedMessages() {
    return t!.app.db.selectFrom('messages').selectAll().orderBy('created_at').execute();
  }

  it('without CORDON_SMTP_URL keeps the message in the outbox with its body', async () => {
    t = await createTestApp();
    await sendEmail(t.app, { to: 'ada@example.com', subject: 'Hello', text: 'The body 123456', kind: 'test', userId: null });
    await t.app.mailer.settled();
    const [row, ...rest] = await storedMessages();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ channel: 'email', kind: 'test', recipient: 'ada@example.com', subject: 'Hello', body: 'The body 123456', status: 'outbox', error: null, sent_at: null });
  });

  it('with SMTP delivers through the real server (authenticated), then marks it sent and drops the body; neither the body nor the SMTP password reaches the log', async () => {
    mail = await startTestMailServer({ requireAuth: { username: 'cordon', password: 's3cret-smtp-pass' } });
    const capture = logCapture();
    t = await createTestApp({
      CORDON_SMTP_URL: `smtp://cordon:s3cret-smtp-pass@127.0.0.1:${mail.port}`,
      CORDON_SMTP_FROM: 'Cordon <cordon@example.com>',
    }, { logger: capture.logger });
    await sendEmail(t.app, { to: 'ada@example.com', subject: 'Your code', text: 'Code: 314159', kind: 'test', userId: null });
    await t.app.mailer.settled();
    expect(mail.messages).toHaveLength(1);
    expect(mail.messages[0]).toMatchObject({ to: ['ada@example.com'], from: 'cordon@example.com', subject: 'Your code' });
    expect(mail.messages[0]!.text.trim()).toBe('Code: 314159');
    expect(mail.logins).toEqual([{ username: 'cordon', password: 's3cret-smtp-pass' }]);
    const [row] = await storedMessages();
    expect(row).toMatchObject({ status: 'sent', body: null, error: null });
    expect(row!.sent_at).not.toBeNull();
    const log = capture.lines.join('');
    expect(log).not.toContain('314159');
    expect(log).not.toContain('s3cret-smtp-pass');
  });

  it('a mail server that refuses the login: the message is failed with the reason, the body dropped, the password never in the reason', async () => {
    mail = await startTestMailServer({ requireAuth: { username: 'cordon', password: 'right-password' } });
    const capture = logCapture();
    t = await createTestApp({ CORDON_SMTP_URL: `smtp://cordon:wrong-password-xyz@127.0.0.1:${mail.port}` }, { logger: capture.logger });
    await sendEmail(t.app, { to: 'ada@example.com', subject: 'S', text: 'secret body 271828', kind: 'test', userId: null });
    await t.app.mailer.settled();
    expect(mail.messages).toEqual([]);
    const [row] = await storedMessages();
    expect(row).toMatchObject({ status: 'failed', body: null, sent_at: null });
    expect(row!.error).toMatch(/Invalid/i);
    expect(row!.error).not.toContain('wrong-password-xyz');
    const log = capture.lines.join('');
    expect(log).toContain('email not sent');
    expect(log).not.toContain('271828');
    expect(log).not.toContain('wrong-password-xyz');
  });

  it('a mail server that is down: a sign-in that sends an alert still answers 200 at once, the message ends failed', async () => {
    t = await createTestApp({ CORDON_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    const admin = await signUpUser(t.app);
    await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: { sessionAlerts: true }, headers: headersFor(admin.cookie) });
    const user = await signUpUser(t.app);
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password } });
    expect(response.statusCode).toBe(200);
    await t.app.mailer.settled();
    const rows = await storedMessages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'session_alert', recipient: user.email, status: 'failed', body: null });
    expect(rows[0]!.error).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('a mail server that never answers', () => {
  it('does not hold up the request: the sign-in answers while the delivery still waits, which then ends failed', async () => {
    // Accepts connections and says nothing (no SMTP greeting), like a hung mail server.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => { sockets.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const t = await createTestApp({ CORDON_SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    try {
      const admin = await signUpUser(t.app);
      await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: { sessionAlerts: true }, headers: headersFor(admin.cookie) });
      const user = await signUpUser(t.app);
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password } });
      expect(response.statusCode).toBe(200);
      const waiting = await t.app.db.selectFrom('messages').select(['status', 'body']).where('kind', '=', 'session_alert').executeTakeFirstOrThrow();
      expect(waiting.status).toBe('outbox'); // written, not sent yet: the answer did not wait for the mail server
      expect(waiting.body).toContain('IP address');
      while (sockets.size === 0) await new Promise((resolve) => setTimeout(resolve, 10)); // the delivery has connected
      for (const socket of sockets) socket.destroy(); // and the mail server dies mid-conversation
      await t.app.mailer.settled();
      const ended = await t.app.db.selectFrom('messages').select(['status', 'body']).where('kind', '=', 'session_alert').executeTakeFirstOrThrow();
      expect(ended).toEqual({ status: 'failed', body: null });
    } finally {
      await t.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('GET admin outbox', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  afterEach(() => t.close());

  async function seed(): Promise<void> {
    t = await createTestApp({}, { now: () => clock });
    admin = await signUpUser(t.app);
    const rows = [
      { channel: 'email', status: 'outbox', body: 'body one' },
      { channel: 'sms', status: 'outbox', body: 'sms body' },
      { channel: 'email', status: 'sent', body: 'should never show' },
      { channel: 'email', status: 'failed', body: null },
      { channel: 'email', status: 'outbox', body: 'body five' },
    ] as const;
    for (const [index, row] of rows.entries()) {
      await t.app.db.insertInto('messages').values({
        id: `msg_${index}`, channel: row.channel, kind: 'test', user_id: null, recipient: `r${index}@example.com`, subject: `s${index}`,
        body: row.body, status: row.status, error: row.status === 'failed' ? 'refused' : null,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(), sent_at: null,
      }).execute();
    }
  }
  let clock = new Date('2026-01-02T00:00:00Z');

  function list(query: string, cookie = admin.cookie) {
    return t.app.inject({ method: 'GET', url: `${apiRoutes.outbox}${query}`, headers: headersFor(cookie) });
  }

  it('lists newest first with bodies only in the outbox, filters by channel and status, pages by cursor', async () => {
    clock = new Date('2026-01-02T00:00:00Z');
    await seed();
    const all = (await list('')).json<OutboxResponse>();
    expect(all.messages.map((m) => m.id)).toEqual(['msg_4', 'msg_3', 'msg_2', 'msg_1', 'msg_0']);
    expect(all.messages.map((m) => m.body)).toEqual(['body five', null, null, 'sms body', 'body one']);
    expect(all.messages[1]).toMatchObject({ status: 'failed', error: 'refused' });
    expect(all).toMatchObject({ nextCursor: null, smtpConfigured: false, smsWebhookConfigured: false });

    expect((await list('?channel=sms')).json<OutboxResponse>().messages.map((m) => m.id)).toEqual(['msg_1']);
    expect((await list('?status=outbox&channel=email')).json<OutboxResponse>().messages.map((m) => m.id)).toEqual(['msg_4', 'msg_0']);

    const first = (await list('?limit=2')).json<OutboxResponse>();
    expect(first.messages.map((m) => m.id)).toEqual(['msg_4', 'msg_3']);
    const second = (await list(`?limit=2&cursor=${first.nextCursor}`)).json<OutboxResponse>();
    expect(second.messages.map((m) => m.id)).toEqual(['msg_2', 'msg_1']);
    const third = (await list(`?limit=2&cursor=${second.nextCursor}`)).json<OutboxResponse>();
    expect(third).toMatchObject({ nextCursor: null });
    expect(third.messages.map((m) => m.id)).toEqual(['msg_0']);

    expect((await list('?cursor=nonsense')).json()).toMatchObject({ code: 'bad_request' });
    expect((await list('?status=lost')).statusCode).toBe(400);
  });

  it('drops a kept body once the code or link in it has expired (a session alert, with no secret, keeps its body)', async () => {
    clock = new Date('2026-01-02T00:00:00Z');
    await seed();
    const message = (id: string, bodyExpiresAt: string | null) => ({
      id, channel: 'email' as const, kind: 'test', user_id: null, recipient: 'r@example.com', subject: 's', body: `body of ${id}`,
      status: 'outbox' as const, error: null, created_at: '2026-01-01T23:00:00.000Z', sent_at: null, body_expires_at: bodyExpiresAt,
    });
    await t.app.db.insertInto('messages').values([
      message('msg_expired', '2026-01-01T23:59:59.000Z'), message('msg_live', '2026-01-02T00:10:00.000Z'), message('msg_alert', null),
    ]).execute();
    const mine = new Set(['msg_expired', 'msg_live', 'msg_alert']);
    const bodies = async () => Object.fromEntries((await list('')).json<OutboxResponse>().messages.filter((m) => mine.has(m.id)).map((m) => [m.id, m.body]));
    expect(await bodies()).toEqual({ msg_expired: null, msg_live: 'body of msg_live', msg_alert: 'body of msg_alert' });
    clock = new Date('2026-01-02T00:10:00Z');
    expect(await bodies()).toEqual({ msg_expired: null, msg_live: null, msg_alert: 'body of msg_alert' });
    // Gone from the store, not only from the answer.
    expect((await t.app.db.selectFrom('messages').select('body').where('id', '=', 'msg_expired').executeTakeFirstOrThrow()).body).toBeNull();
  });

  it('is for instance administrators only: 401 signed out, 403 for any other account', async () => {
    await seed();
    const other = await signUpUser(t.app);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.outbox })).statusCode).toBe(401);
    const refused = await list('', other.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect(refused.body).not.toContain('body one');
    // Even a bad query string answers 403, not a 400 that would describe the route.
    expect((await list('?status=lost', other.cookie)).statusCode).toBe(403);
  });
});
