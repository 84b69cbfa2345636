import { z } from 'zod';
import { errorCodes } from '../../shared/errors';

/** The `{ code, message }` body of every error, for route response schemas and OpenAPI. */
export const apiErrorSchema = z.object({ code: z.enum(errorCodes), message: z.string() });

/** Response schemas for the given error statuses: `...errorResponses(401, 404)`. */
export function errorResponses(...statuses: number[]): Record<number, typeof apiErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, apiErrorSchema]));
}
