import { z } from 'zod';

/** How a session was signed in. */
export const sessionProviders = ['password', 'magic_url', 'email_otp', 'phone'] as const;
export type SessionProvider = (typeof sessionProviders)[number];

/**
 * One of a user's sessions, as the account page and administrators see it. Never the token
 * or its hash: the id only names the session so that it can be revoked.
 */
export const sessionDtoSchema = z.object({
  id: z.string(),
  /** A readable summary of the User-Agent, e.g. "Chrome 131 on Windows 10 (desktop)"; "Unknown device" when none. */
  device: z.string(),
  /** The User-Agent the session was created from (at most 512 characters; '' when none). */
  userAgent: z.string(),
  /** The client address the session was created from (the TCP peer unless a trusted proxy is configured). */
  ip: z.string(),
  provider: z.enum(sessionProviders),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  /** Slides forward with use, by the session duration of the security settings. */
  expiresAt: z.string(),
  /** True for the session of the request that asked. */
  current: z.boolean(),
});
export type SessionDto = z.infer<typeof sessionDtoSchema>;

export const sessionListResponseSchema = z.object({ sessions: z.array(sessionDtoSchema) });
export type SessionListResponse = z.infer<typeof sessionListResponseSchema>;

/** What a revocation ended: how many sessions. */
export const revokeSessionsResponseSchema = z.object({ revoked: z.number().int() });
export type RevokeSessionsResponse = z.infer<typeof revokeSessionsResponseSchema>;
