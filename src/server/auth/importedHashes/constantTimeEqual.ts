import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two byte strings; a length mismatch is false (lengths are not secret). */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
