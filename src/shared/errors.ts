/**
 * Stable error codes. Every API error is `{ code, message }` with one of these codes;
 * clients branch on `code`, never on `message` (which is for people and may change).
 */
export const errorCodes = [
  'bad_request',          // the body, query or params failed validation (400)
  'unauthenticated',      // no valid session (401)
  'invalid_credentials',  // wrong email or password (401)
  'forbidden',            // signed in, but the role does not allow this (403)
  'cross_origin',         // a state-changing request from another origin (403)
  'not_found',            // no such resource, or not visible to this user (404)
  'email_taken',          // sign-up with an email that already has an account (409)
  'version_conflict',     // a save against a stale version (409)
  'conflict',             // any other uniqueness conflict (409)
  'not_published',        // the app has no published snapshot yet (404)
  'missing_param',        // a query ran without a value for one of its bindings (400)
  'unknown_param',        // a query ran with a parameter its bindings do not declare (400)
  'query_failed',         // the datasource refused or failed the query (400); message never echoes the query
  'datasource_unreachable', // could not connect to the datasource (502)
  'query_cancelled',      // the user cancelled a running query, or left; the work was stopped (400)
  'address_refused',      // the outbound address policy refused a datasource's host or a redirect (400)
  'path_refused',         // a SQLite file outside DATA_DIR/databases, or not a database file (400)
  'response_too_large',   // a REST response over the size limit (502)
  'password_recently_used', // the new password is one of the user's last N (400)
  'password_in_dictionary', // the password is one of the 10,000 most common (400)
  'password_personal_data', // the password contains the user's id, email, name or phone (400)
  'invalid_code',         // a one-time code (email or SMS) is wrong, used or expired (401 at sign-in, 400 otherwise)
  'phone_taken',          // the phone number already belongs to another account (409)
  'recovery_token_invalid', // a password recovery link that is unknown, used or expired (400)
  'invalid_two_factor_code', // a TOTP or recovery code that is wrong or already used (401 at sign-in, 400 otherwise)
  'two_factor_challenge_invalid', // the two-factor step of a sign-in is unknown, used, expired or had too many wrong codes: sign in again (401)
  'two_factor_enrolment_required', // the instance requires two-factor and this session has not enrolled yet (403)
  'two_factor_required',  // two-factor cannot be turned off while the instance requires it (403)
  'payload_too_large',    // request body over the limit (413)
  'rate_limited',         // too many requests (429)
  'internal',             // anything unexpected (500); details only in the server log
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The one error shape every API route returns. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
}
