/**
 * Decides what an incoming runtime value means for a field the user types into. The field
 * reports each keystroke with setMeta, and the runtime echoes the values back later (possibly
 * coalesced). An echo of something we sent is old news; anything else (a setter, a reset, a new
 * default) replaces what the field shows.
 *
 * @param sent the values reported and not yet echoed, oldest first
 * @returns the values still awaiting their echo, and whether the field must show `incoming`
 */
export function reconcileEcho(sent: readonly string[], incoming: string): { sent: string[]; replace: boolean } {
  const index = sent.indexOf(incoming);
  if (index >= 0) return { sent: sent.slice(index + 1), replace: false };
  return { sent: [], replace: true };
}
