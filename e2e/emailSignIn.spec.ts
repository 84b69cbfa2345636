import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { UserDto } from '../src/shared';
import { signUp, uniqueEmail } from './support/api';
import { mailServerForThisFile, type ReceivedMail } from './support/smtp';

// Email one-time code and magic link sign-in, as people use them: the sign-in page's "An email
// code or link", the email arriving at a real SMTP server (the e2e server sends to
// CORDON_SMTP_URL, playwright.config.ts), then the code typed in, or the link opened.

const password = 'correct horse battery staple';
const shots = 'test-results/screenshots';

const mail = mailServerForThisFile();

/** A new browser with a fresh account that has signed out again (the account exists, no session). */
async function signedOutUser(browser: Browser, prefix: string): Promise<{ context: BrowserContext; page: Page; user: UserDto }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = await signUp(page.request, uniqueEmail(prefix), password, 'Eve Email');
  expect((await page.request.post('/api/v1/auth/sign-out', { data: {} })).status()).toBe(204);
  return { context, page, user };
}

function codeOf(received: ReceivedMail): string {
  const code = /sign-in code:\s+(\d{6})/.exec(received.text)?.[1];
  expect(code, received.text).toBeDefined();
  return code!;
}

function linkOf(received: ReceivedMail): string {
  const link = /(https?:\/\/\S+\/sign-in\/link#\S+)/.exec(received.text)?.[1];
  expect(link, received.text).toBeDefined();
  return link!;
}

/** From the sign-in page (with ?next=/account) to the "check your inbox" step; answers the email that arrived. */
async function askForEmail(page: Page, email: string): Promise<ReceivedMail> {
  await page.goto('/sign-in?next=%2Faccount');
  await page.getByRole('link', { name: 'An email code or link' }).click();
  await expect(page).toHaveURL(/\/sign-in\/email\?next=%2Faccount$/);
  await expect(page.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.screenshot({ path: `${shots}/email-sign-in-1-email.png` });
  const since = mail.messages.length;
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'has a Cordon account' })).toContainText(email);
  return mail.waitFor(email, (m) => m.subject.includes('sign-in'), since);
}

test('signs in with the code from the email (a wrong code first), and comes back to ?next=', async ({ browser }) => {
  const { context, page, user } = await signedOutUser(browser, 'email-code');
  const received = await askForEmail(page, user.email);
  const code = codeOf(received);
  await expect(page.getByRole('button', { name: /Send a new code in \d+ s/ })).toBeDisabled();

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByRole('textbox', { name: 'Code from the email' }).fill(wrong);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The code is wrong');
  await page.screenshot({ path: `${shots}/email-sign-in-2-wrong-code.png` });

  await page.getByRole('textbox', { name: 'Code from the email' }).fill(code);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as { user: UserDto };
  expect(me.user.email).toBe(user.email);
  const sessions = (await (await page.request.get('/api/v1/account/sessions')).json()) as { sessions: Array<{ provider: string; current: boolean }> };
  expect(sessions.sessions.find((s) => s.current)?.provider).toBe('email_otp');
  await page.screenshot({ path: `${shots}/email-sign-in-3-signed-in.png` });
  await context.close();
});

test('signs in by opening the magic link from the email; the used link then shows a clear error', async ({ browser }) => {
  const { context, page, user } = await signedOutUser(browser, 'email-link');
  const received = await askForEmail(page, user.email);
  await page.screenshot({ path: `${shots}/email-sign-in-4-check-inbox.png` });
  const link = linkOf(received);
  // Built from CORDON_PUBLIC_URL (the e2e server's own address here), the token in the fragment.
  const url = new URL(link);
  expect(url.origin).toBe(new URL(page.url()).origin);
  expect(url.pathname).toBe('/sign-in/link');
  expect(new URLSearchParams(url.hash.slice(1)).get('next')).toBe('/account');

  // Posted exactly once (the page guards against StrictMode's double effects in development builds).
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/auth/email-sign-in/link')) posts.push(r.url()); });
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  expect(new URL(page.url()).hash).toBe('');
  expect(posts).toHaveLength(1);
  const sessions = (await (await page.request.get('/api/v1/account/sessions')).json()) as { sessions: Array<{ provider: string; current: boolean }> };
  expect(sessions.sessions.find((s) => s.current)?.provider).toBe('magic_url');
  await page.screenshot({ path: `${shots}/email-sign-in-5-link-signed-in.png` });

  // The same link in another browser: used, so it cannot sign in again.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(link);
  await expect(otherPage.getByRole('heading', { name: "This sign-in link can't be used" })).toBeVisible();
  await expect(otherPage.getByRole('alert')).toContainText('already used');
  expect(new URL(otherPage.url()).hash).toBe('');
  await otherPage.screenshot({ path: `${shots}/email-sign-in-6-link-used.png` });
  await otherPage.getByRole('link', { name: 'Email me a new link' }).click();
  await expect(otherPage).toHaveURL(/\/sign-in\/email\?next=%2Faccount$/);
  await other.close();
  await context.close();
});
