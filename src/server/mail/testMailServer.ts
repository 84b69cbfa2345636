import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the test SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  parsed: ParsedMail;
}

export interface TestMailServer {
  /** smtp://127.0.0.1:<port>, for CORDON_SMTP_URL. */
  url: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: ReceivedMail[];
  /** The AUTH credentials clients presented, in order. */
  logins: { username: string; password: string }[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, for server tests of the
 * mail transport. `requireAuth` makes it accept only that user and password (AUTH PLAIN/LOGIN,
 * without TLS). Tests await `app.mailer.settled()` before looking at `messages`.
 */
export async function startTestMailServer(options: { requireAuth?: { username: string; password: string } } = {}): Promise<TestMailServer> {
  const messages: ReceivedMail[] = [];
  const logins: TestMailServer['logins'] = [];
  const auth = options.requireAuth;
  const server = new SMTPServer({
    authOptional: !auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(login, _session, callback) {
      logins.push({ username: login.username ?? '', password: login.password ?? '' });
      if (auth && (login.username !== auth.username || login.password !== auth.password)) {
        callback(new Error('Invalid username or password'));
        return;
      }
      callback(null, { user: login.username });
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        messages.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          parsed,
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
