import { readFileSync } from 'node:fs';

/**
 * The 10,000 most common passwords, one a line, all lower case: Mark Burnett's "10,000 Top
 * Passwords" (xato.net), the list SecLists ships as Passwords/Common-Credentials/10k-most-common.txt
 * and Appwrite as app/assets/security/10k-common-passwords. Copied from the npm package
 * `common-password@0.1.2` (ISC, Michał Adamski; lib/"10k most common.txt", CRLF → LF); see
 * docs/security.md. Only 2,086 entries are 8 characters or longer: the shorter ones are already
 * refused by the minimum length.
 */
const dictionaryFile = new URL('./commonPasswords.txt', import.meta.url);

let dictionary: ReadonlySet<string> | undefined;

/** The list, read on first use (73 KB, once per process). */
function commonPasswords(): ReadonlySet<string> {
  dictionary ??= new Set(readFileSync(dictionaryFile, 'utf8').split('\n').filter((line) => line.length > 0));
  return dictionary;
}

/**
 * True when `password`, lower-cased, is one of the 10,000 most common passwords: a whole-string
 * match, case-insensitive. Appwrite matches case-sensitively against the same all-lower-case
 * list, so `Football` passes there; here it is refused, because capitalising the first letter
 * (or all of them) is among the first mutations every cracking rule set tries, so it adds
 * next to nothing to a listed password.
 */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** How many passwords the dictionary holds (for tests and docs). */
export function commonPasswordCount(): number {
  return commonPasswords().size;
}
