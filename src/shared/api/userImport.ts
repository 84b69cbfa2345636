import { z } from 'zod';
import { emailSchema } from './auth';

const hex = (bytes: number) => z.string().trim().toLowerCase().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `must be ${bytes * 2} hex digits`);
const base64 = z.string().trim().min(1).max(1024).regex(/^[A-Za-z0-9+/_-]+={0,2}$/, 'must be base64');

/** Digest length in bytes of each SHA version (the hash is given as hex). */
export const shaVersions = {
  sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64,
  'sha3-224': 28, 'sha3-256': 32, 'sha3-384': 48, 'sha3-512': 64,
} as const;
export type ShaVersion = keyof typeof shaVersions;

const shaSchema = z.object({
  algorithm: z.literal('sha'),
  version: z.enum(Object.keys(shaVersions) as [ShaVersion, ...ShaVersion[]]).default('sha256'),
  hash: z.string().trim().toLowerCase().regex(/^[0-9a-f]{40,128}$/, 'must be hex'),
}).strict().refine((h) => h.hash.length === shaVersions[h.version] * 2, { message: 'hash length does not match the SHA version', path: ['hash'] });

/**
 * An imported password hash, one shape per algorithm. Limits on the scrypt costs keep a
 * sign-in (which anyone can attempt) from asking for more than 64 MiB or long CPU time.
 */
export const importedHashSchema = z.discriminatedUnion('algorithm', [
  z.object({ algorithm: z.literal('argon2'), hash: z.string().trim().regex(/^\$argon2(id|i|d)\$/, 'must be an Argon2 PHC string').max(512) }).strict(),
  z.object({ algorithm: z.literal('bcrypt'), hash: z.string().trim().regex(/^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/, 'must be a bcrypt hash') }).strict(),
  z.object({ algorithm: z.literal('md5'), hash: hex(16) }).strict(),
  shaSchema,
  z.object({ algorithm: z.literal('phpass'), hash: z.string().trim().regex(/^\$[PH]\$[./0-9A-Za-z]{31}$/, 'must be a portable phpass hash ($P$ or $H$)') }).strict(),
  z.object({
    algorithm: z.literal('scrypt'),
    /** The derived key, hex. */
    hash: z.string().trim().toLowerCase().regex(/^([0-9a-f]{2}){16,256}$/, 'must be hex'),
    /** The salt as given to scrypt (UTF-8 text). */
    salt: z.string().max(1024),
    /** N, a power of two. */
    cost: z.coerce.number().int().min(2).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two').default(16384),
    /** r */
    blockSize: z.coerce.number().int().min(1).max(32).default(8),
    /** p */
    parallelism: z.coerce.number().int().min(1).max(16).default(1),
    /** Key length in bytes; must equal the hash's length. */
    length: z.coerce.number().int().min(16).max(256).default(64),
  }).strict()
    .refine((h) => h.hash.length === h.length * 2, { message: 'hash length does not match length', path: ['hash'] })
    .refine((h) => 128 * h.cost * h.blockSize <= 64 * 1024 * 1024, { message: 'cost × blockSize needs more than 64 MiB', path: ['cost'] }),
  z.object({
    algorithm: z.literal('scryptModified'),
    /** Firebase's passwordHash, base64. */
    hash: base64,
    salt: base64,
    saltSeparator: base64,
    signerKey: base64,
    /** Firebase's rounds (scrypt r) and mem_cost (N = 2^memCost); Firebase's defaults 8 and 14. */
    rounds: z.coerce.number().int().min(1).max(32).default(8),
    memCost: z.coerce.number().int().min(1).max(16).default(14),
  }).strict(),
]);
export type ImportedHash = z.infer<typeof importedHashSchema>;
export type ImportedHashAlgorithm = ImportedHash['algorithm'];

export const maxImportRows = 10_000;

export const importUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(100),
  /** E.164 */
  phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').optional(),
  hash: importedHashSchema,
}).strict();
export type ImportUser = z.infer<typeof importUserSchema>;

/** The JSON body. Rows are validated one by one (a bad row is an error, not a 400 for the whole import). */
export const importUsersRequestSchema = z.object({
  users: z.array(z.unknown()).min(1).max(maxImportRows),
}).strict();

/**
 * The CSV form: this header row (columns in any order; only email, name, algorithm and hash are
 * required; empty cells are absent). The other columns are the per-algorithm options above.
 */
export const importCsvColumns = ['email', 'name', 'phone', 'algorithm', 'hash', 'version', 'salt', 'saltSeparator', 'signerKey', 'cost', 'blockSize', 'parallelism', 'length', 'rounds', 'memCost'] as const;

export const importUsersResponseSchema = z.object({
  created: z.number().int(),
  /** Rows whose email already has an account (nothing changed). */
  skipped: z.number().int(),
  /** Row numbers are 1-based over the data rows (the CSV header is not a row). */
  errors: z.array(z.object({ row: z.number().int(), code: z.string(), message: z.string() })),
});
export type ImportUsersResponse = z.infer<typeof importUsersResponseSchema>;
