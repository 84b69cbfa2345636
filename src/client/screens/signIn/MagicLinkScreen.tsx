import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMagicLinkSignIn } from '../../api/hooks/emailSignIn';
import { buttonClassName } from '../../ui/Button';
import { Spinner } from '../../ui/Spinner';
import { AuthLayout } from '../AuthLayout';
import { safeNext } from '../safeNext';
import { afterSignIn } from './afterSignIn';
import { emailSignInError } from './emailSignInError';
import './emailSignIn.css';

/** The token and the page to come back to, from the link's fragment (`#token=…&next=…`), read once. */
function readFragment(): { token: string | null; next: string } {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return { token: fragment.get('token'), next: safeNext(fragment.get('next')) };
}

/**
 * `/sign-in/link#token=…`: the page an emailed magic link opens. The token is in the fragment
 * (never sent to a server, never in a Referer); the page takes it out of the address bar, posts it
 * once (a token works once: the ref keeps React's StrictMode double effects from posting twice),
 * then goes on like every sign-in (`next`, or the two-factor step).
 */
export function MagicLinkScreen() {
  const navigate = useNavigate();
  const signIn = useMagicLinkSignIn();
  const [link] = useState(readFragment);
  const posted = useRef(false);
  const [error, setError] = useState<string | null>(link.token ? null : 'This link is incomplete: it has no sign-in token. Copy the whole link from the email, or ask for a new email.');

  useEffect(() => {
    if (!link.token || posted.current) return;
    posted.current = true;
    // The token is of no use once posted: keep it out of the history and of anything that reads the address.
    window.history.replaceState(window.history.state, '', window.location.pathname);
    signIn(link.token).then(
      (result) => afterSignIn(result, navigate, link.next),
      (failure: unknown) => setError(emailSignInError(failure)),
    );
  }, [link, navigate, signIn]);

  const nextQuery = link.next !== '/' ? `?next=${encodeURIComponent(link.next)}` : '';

  if (error === null) {
    return (
      <AuthLayout title="Signing you in…">
        <div className="magic-link__status" role="status"><Spinner size="sm" label="" /> Checking your sign-in link.</div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="This sign-in link can't be used" footer={<>New here? <Link to="/sign-up">Create an account</Link></>}>
      <div className="form-error magic-link__error" role="alert">{error}</div>
      <p className="magic-link__hint">
        Links work once, for a short time, and only the latest email's link works.
      </p>
      <div className="magic-link__actions">
        <Link className={`${buttonClassName('primary')} form-submit`} to={`/sign-in/email${nextQuery}`}>Email me a new link</Link>
        <Link className={buttonClassName('secondary')} to={`/sign-in${nextQuery}`}>Sign in with a password</Link>
      </div>
    </AuthLayout>
  );
}
