import { describe, expect, it } from 'vitest';
import { reconcileEcho } from './reconcileEcho';

describe('reconcileEcho', () => {
  it('ignores echoes of typed values, even late ones, and forgets older ones', () => {
    let sent = ['a', 'ab', 'abc'];
    let step = reconcileEcho(sent, 'a');
    expect(step).toEqual({ sent: ['ab', 'abc'], replace: false });
    sent = step.sent;
    // A coalesced echo skips 'ab'.
    step = reconcileEcho(sent, 'abc');
    expect(step).toEqual({ sent: [], replace: false });
  });

  it('replaces the text when the value was not typed here', () => {
    expect(reconcileEcho(['a', 'ab'], 'zzz')).toEqual({ sent: [], replace: true });
    expect(reconcileEcho([], 'start')).toEqual({ sent: [], replace: true });
  });
});
