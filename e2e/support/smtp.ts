import { test } from '@playwright/test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The e2e server sends mail to CORDON_SMTP_URL = smtp://127.0.0.1:<smtpPort> (playwright.config.ts).
 * A spec that expects mail starts this real SMTP server (the `smtp-server` package) on that port
 * in beforeAll and stops it in afterAll; mail sent while no spec listens fails and is recorded as
 * failed by Cordon, which no spec relies on.
 */
export const e2eSmtpPort = Number(process.env.CORDON_E2E_SMTP_PORT ?? 4326);

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface TestMailServer {
  /** Every message received so far, oldest first. */
  messages: ReceivedMail[];
  /** Waits (up to 15 s) for a message to `to` (and matching `predicate`) that arrived after `since` messages. */
  waitFor(to: string, predicate?: (mail: ReceivedMail) => boolean, since?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startTestMailServer(port = e2eSmtpPort): Promise<TestMailServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        messages.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          parsed,
        });
        for (const wake of waiters) wake();
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    messages,
    async waitFor(to, predicate = () => true, since = 0) {
      const find = () => messages.slice(since).find((mail) => mail.to.includes(to.toLowerCase()) && predicate(mail));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = find();
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${to} arrived within 15 s (received: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none'})`);
        await new Promise<void>((resolve) => {
          const wake = () => { waiters.delete(wake); clearTimeout(timer); resolve(); };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a spec file that expects mail: starts the test mail server before the file's tests (its
 * first beforeAll when called first) and stops it after them. The answer reads the running server.
 */
export function mailServerForThisFile(): Omit<TestMailServer, 'close'> {
  let server: TestMailServer | undefined;
  test.beforeAll(async () => {
    server = await startTestMailServer();
  });
  test.afterAll(async () => {
    await server?.close();
  });
  const running = (): TestMailServer => {
    if (!server) throw new Error('the test mail server runs only while the tests of the file run');
    return server;
  };
  return {
    get messages() {
      return running().messages;
    },
    waitFor: (to, predicate, since) => running().waitFor(to, predicate, since),
  };
}
