import type { NavigateFunction } from 'react-router-dom';
import type { SignInResponse } from '../../../shared';

/** Where the two-factor step of any sign-in method lives; it reads `TwoFactorStepState` from the router state. */
export const twoFactorStepPath = '/sign-in/two-factor';

export interface TwoFactorStepState {
  challenge: string;
  expiresAt: string;
  /** Where to go once signed in (already checked by safeNext). */
  next: string;
}

/**
 * Where every sign-in screen goes after the server answered: the two-factor step with the
 * challenge (in router state, never in the URL), or `next`.
 */
export function afterSignIn(result: SignInResponse, navigate: NavigateFunction, next: string): void {
  if ('twoFactor' in result) {
    const state: TwoFactorStepState = { ...result.twoFactor, next };
    navigate(twoFactorStepPath, { replace: true, state });
    return;
  }
  navigate(next, { replace: true });
}
