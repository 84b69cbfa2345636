import type { QueryClient } from '@tanstack/react-query';
import type { SignInResponse } from '../../../shared';
import { queryKeys } from '../queryKeys';

/**
 * What every sign-in method (password, email code, magic URL, SMS code, second factor) does
 * with the server's answer: a new session replaces the cache (the previous user's answers must
 * not show); a two-factor challenge changes nothing yet.
 */
export function applySignInResult(client: QueryClient, result: SignInResponse): void {
  if (!('user' in result)) return;
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'config' });
  client.setQueryData(queryKeys.me, result.user);
}
