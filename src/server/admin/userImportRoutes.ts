import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { importCsvColumns, importUserSchema, importUsersRequestSchema, importUsersResponseSchema, maxImportRows, type ImportUsersResponse } from '../../shared/api/userImport';
import { auditRequest } from '../audit/recordAuditEvent';
import { isUniqueViolation } from '../auth/createAccount';
import { importedPasswordMarker } from '../auth/importedHashes/signInWithImportedHash';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { newId } from '../store/newId';

/** 10,000 rows of the longest hashes with their options fit well under this. */
const bodyLimit = 16 * 1024 * 1024;

/**
 * Instance administrators: import users with the password hashes of another system (JSON or
 * CSV). Hashes are stored as given and verified at the first sign-in, then replaced by Argon2id.
 * Responses name rows, never a hash.
 */
export const userImportRoutes: FastifyPluginAsyncZod = async (app) => {
  // Encapsulated in this plugin: only this route takes text/csv. Parsed into rows in the handler.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit }, (_request, body, done) => { done(null, { csv: body }); });

  app.post(apiRoutes.importUsers, {
    bodyLimit,
    // Before the body is validated: anonymous 401 and non-admin 403 whatever they sent.
    preValidation: async (request) => { await requireInstanceAdmin(request); },
    schema: {
      tags: ['admin'],
      summary: 'Imports users with existing password hashes (instance administrators only). JSON {users: [...]} or text/csv.',
      body: z.union([importUsersRequestSchema, z.object({ csv: z.string() })]),
      response: { 200: importUsersResponseSchema, ...errorResponses(400, 401, 403, 413) },
    },
  }, async (request) => {
    const rows = 'csv' in request.body ? csvRows(request.body.csv) : request.body.users;
    const result: ImportUsersResponse = { created: 0, skipped: 0, errors: [] };
    for (const [index, raw] of rows.entries()) {
      const row = index + 1;
      const parsed = importUserSchema.safeParse(raw);
      if (!parsed.success) {
        // Paths and messages only: zod's issues could quote the input (a hash).
        const issue = parsed.error.issues[0];
        result.errors.push({ row, code: 'invalid_row', message: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      const user = parsed.data;
      const exists = await app.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst();
      if (exists) { result.skipped++; continue; }
      try {
        await app.db.insertInto('users').values({
          id: newId('usr_'),
          email: user.email,
          name: user.name,
          phone: user.phone ?? null,
          password_hash: importedPasswordMarker,
          password_import: JSON.stringify(user.hash),
          is_instance_admin: 0,
          created_at: new Date().toISOString(),
        }).execute();
        result.created++;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const taken = await app.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst();
        if (taken) result.skipped++;
        else result.errors.push({ row, code: 'phone_taken', message: 'An account with this phone number already exists.' });
      }
    }
    // One event per import: how many accounts it created (never emails or hashes).
    await auditRequest(request, { type: 'users_imported', details: { count: result.created } });
    return result;
  });
};

/** The CSV's data rows as objects keyed by the header row; empty cells dropped so defaults apply. */
function csvRows(csv: string): unknown[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((name) => {
        const column = name.trim();
        if (!(importCsvColumns as readonly string[]).includes(column)) throw new Error(`unknown column ${column.slice(0, 40)}`);
        return column;
      }),
      skip_empty_lines: true,
      bom: true,
      to: maxImportRows + 1,
    });
  } catch (error) {
    const message = error instanceof Error && error.message.startsWith('unknown column') ? error.message : 'The CSV could not be parsed.';
    throw new HttpError(400, 'bad_request', `${message} The header row names the columns: ${importCsvColumns.join(',')}.`);
  }
  if (records.length === 0) throw new HttpError(400, 'bad_request', 'The CSV has no data rows.');
  if (records.length > maxImportRows) throw new HttpError(400, 'bad_request', `At most ${maxImportRows} rows per import.`);
  return records.map((record) => {
    const { algorithm, hash, email, name, phone, ...options } = record;
    const present = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== ''));
    return { ...present({ email, name, phone }), hash: { ...present({ algorithm, hash }), ...present(options) } };
  });
}
