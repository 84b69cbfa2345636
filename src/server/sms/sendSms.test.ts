import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { codeIn, setPhone, smsTo, testNumber } from '../phone/phoneTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { sessionCookieFrom, signUpUser } from '../testing/sessions';
import { settleSmsDeliveries } from './sendSms';
import { webhookSmsSender } from './webhookSmsSender';

interface Received { method: string; url: string; headers: IncomingMessage['headers']; body: string }

/** A real HTTP server standing in for an SMS provider's webhook; `answer` decides each reply. */
async function startWebhook(answer: (res: ServerResponse) => void = (res) => { res.writeHead(204).end(); }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: `http://127.0.0.1:${port}/sms?token=s3cret`,
    port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('SMS through the webhook (CORDON_SMS_WEBHOOK_URL)', () => {
  let t: TestApp | undefined;
  let webhook: Awaited<ReturnType<typeof startWebhook>> | undefined;
  const logLines: string[] = [];
  const logStream = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });

  beforeEach(() => { logLines.length = 0; });
  afterEach(async () => {
    if (t) await settleSmsDeliveries(t.app);
    await t?.close();
    await webhook?.close();
    t = undefined;
    webhook = undefined;
  });

  async function appWithWebhook(url: string) {
    t = await createTestApp({ CORDON_SMS_WEBHOOK_URL: url, LOG_LEVEL: 'trace' }, { logger: { stream: logStream } });
    await signUpUser(t.app); // the instance administrator
    const user = await signUpUser(t.app);
    const phone = testNumber();
    await setPhone(t.app, user.user.id, phone);
    return { app: t.app, user, phone };
  }

  it('POSTs { to, body } as JSON; the message is recorded as sent without its body; the code signs in', async () => {
    webhook = await startWebhook();
    const { app, user, phone } = await appWithWebhook(webhook.url);
    const response = await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } });
    expect(response.statusCode).toBe(202);
    await settleSmsDeliveries(app);

    expect(webhook.received).toHaveLength(1);
    const [request] = webhook.received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/sms?token=s3cret');
    expect(request!.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(request!.body) as { to: string; body: string };
    expect(Object.keys(payload).sort()).toEqual(['body', 'to']);
    expect(payload.to).toBe(phone);
    const code = codeIn(payload.body);

    const [message] = await smsTo(app, phone);
    expect(message).toMatchObject({ status: 'sent', body: null, error: null, kind: 'phone_code', user_id: user.user.id, subject: '' });
    expect(message!.sent_at).not.toBeNull();

    const signIn = await app.inject({ method: 'POST', url: apiRoutes.phoneSignInCode, payload: { phone, code } });
    expect(signIn.statusCode, signIn.body).toBe(200);
    expect(signIn.json()).toEqual({ user: user.user });
    expect(sessionCookieFrom(signIn.headers['set-cookie'])).toMatch(/^cordon_session=/);
    // Neither the code nor the webhook's token reached the log.
    expect(logLines.join('')).not.toContain(code);
    expect(logLines.join('')).not.toContain('s3cret');
  });

  it('a webhook that answers 500: the request is still 202, the message is failed with the status, its body dropped, nothing logged of it', async () => {
    webhook = await startWebhook((res) => { res.writeHead(500, { 'content-type': 'text/plain' }).end('provider down'); });
    const { app, phone } = await appWithWebhook(webhook.url);
    const response = await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } });
    expect(response.statusCode).toBe(202);
    await settleSmsDeliveries(app);
    expect(webhook.received).toHaveLength(1);
    const code = codeIn((JSON.parse(webhook.received[0]!.body) as { body: string }).body);
    const [message] = await smsTo(app, phone);
    expect(message).toMatchObject({ status: 'failed', body: null, error: 'the SMS webhook answered HTTP 500', sent_at: null });
    const logged = logLines.join('');
    expect(logged).toContain('SMS not sent');
    expect(logged).not.toContain(code);
    expect(logged).not.toContain('s3cret');
  });

  it('the request does not wait for the webhook: 202 at once, the message is marked sent when the webhook answers', async () => {
    const held: ServerResponse[] = [];
    webhook = await startWebhook((res) => { held.push(res); });
    const { app, phone } = await appWithWebhook(webhook.url);
    expect((await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } })).statusCode).toBe(202);
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });
    expect((await smsTo(app, phone))[0]).toMatchObject({ status: 'outbox' });
    held[0]!.writeHead(202).end();
    await settleSmsDeliveries(app);
    expect((await smsTo(app, phone))[0]).toMatchObject({ status: 'sent', body: null });
  });

  it('closing the app waits for SMS still being handed over', async () => {
    const held: ServerResponse[] = [];
    webhook = await startWebhook((res) => { held.push(res); });
    const { app, phone } = await appWithWebhook(webhook.url);
    expect((await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } })).statusCode).toBe(202);
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 5000 });
    expect((await smsTo(app, phone))[0]?.status).toBe('outbox');
    let closed = false;
    const closing = app.close().then(() => { closed = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    // Held open until the webhook answers.
    held[0]!.writeHead(200).end();
    await closing;
    expect(closed).toBe(true);
  });

  it('a redirect is a failure, not followed', async () => {
    webhook = await startWebhook((res) => { res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end(); });
    const { app, phone } = await appWithWebhook(webhook.url);
    expect((await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } })).statusCode).toBe(202);
    await settleSmsDeliveries(app);
    expect(webhook.received).toHaveLength(1);
    expect((await smsTo(app, phone))[0]).toMatchObject({ status: 'failed', body: null, error: 'the SMS webhook answered HTTP 302' });
  });

  it('a webhook that cannot be reached: 202, the message failed with the network reason', async () => {
    const closed = await startWebhook();
    const url = closed.url;
    await closed.close(); // nothing listens on that port any more
    const { app, phone } = await appWithWebhook(url);
    expect((await app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } })).statusCode).toBe(202);
    await settleSmsDeliveries(app);
    expect((await smsTo(app, phone))[0]).toMatchObject({ status: 'failed', body: null, error: 'the SMS webhook could not be reached: ECONNREFUSED' });
  });

  it('without a webhook the SMS stays in the outbox with its body', async () => {
    t = await createTestApp();
    await signUpUser(t.app);
    const user = await signUpUser(t.app);
    const phone = testNumber();
    await setPhone(t.app, user.user.id, phone);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } })).statusCode).toBe(202);
    await settleSmsDeliveries(t.app);
    const [message] = await smsTo(t.app, phone);
    expect(message).toMatchObject({ status: 'outbox', kind: 'phone_code', error: null, sent_at: null });
    expect(codeIn(message!.body)).toMatch(/^\d{6}$/);
  });
});

describe('webhookSmsSender', () => {
  let webhook: Awaited<ReturnType<typeof startWebhook>> | undefined;
  afterEach(async () => { await webhook?.close(); webhook = undefined; });

  it('gives no answer within the timeout: a failure that says so', async () => {
    webhook = await startWebhook(() => { /* never answers */ });
    const sender = webhookSmsSender(new URL(webhook.url), { timeoutMs: 200 });
    await expect(sender.send('+15550000000', 'hello')).rejects.toThrow('the SMS webhook could not be reached: no answer within 0.2 seconds');
  });

  it('sends user and password of the URL as Basic authorization, not in the URL', async () => {
    webhook = await startWebhook((res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}'); });
    const sender = webhookSmsSender(new URL(`http://sms%40user:p%3Ass@127.0.0.1:${webhook.port}/send`));
    await sender.send('+15550000000', 'hello');
    expect(webhook.received[0]!.url).toBe('/send');
    expect(webhook.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('sms@user:p:ss').toString('base64')}`);
    expect(JSON.parse(webhook.received[0]!.body)).toEqual({ to: '+15550000000', body: 'hello' });
  });
});
