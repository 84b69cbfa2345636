// Placeholder while the issue 5 work on this card is in progress (same session); replaced by the real card.
export function PhoneCard() {
  return null;
}
