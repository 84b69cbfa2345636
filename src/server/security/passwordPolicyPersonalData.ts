/** What the personal-data policy compares a password with. Empty or missing fields are skipped. */
export interface PasswordOwner {
  id: string;
  email: string;
  name: string;
  phone: string | null;
}

/**
 * Fragments shorter than this are not compared. A two-letter name ("Li", "Al") or email local
 * part would otherwise refuse every password that merely contains those letters ("million",
 * "always"), which says nothing about guessability; ids, emails and phones are always longer.
 */
export const minPersonalFragmentLength = 3;

/**
 * True when `password` contains, case-insensitively, the user's id, email, the email's local
 * part, name (whole, not split into words, like Appwrite) or phone with or without its `+`.
 */
export function containsPersonalData(password: string, owner: PasswordOwner): boolean {
  const haystack = password.toLowerCase();
  return personalFragments(owner).some((fragment) => haystack.includes(fragment));
}

function personalFragments(owner: PasswordOwner): string[] {
  const email = owner.email.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const phone = (owner.phone ?? '').trim();
  const fragments = [
    owner.id,
    email,
    at > 0 ? email.slice(0, at) : '',
    owner.name,
    phone,
    phone.startsWith('+') ? phone.slice(1) : '',
  ];
  return fragments
    .map((fragment) => fragment.trim().toLowerCase())
    .filter((fragment) => fragment.length >= minPersonalFragmentLength);
}
