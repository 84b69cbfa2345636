import { z } from 'zod';

/**
 * Runs a query. `params` maps each binding expression of the query (exactly as the view DTO
 * lists it in `bindings`) to the value the client evaluated. Every declared binding must be
 * present and nothing else may be: the server binds them as prepared-statement parameters (I4).
 * There is deliberately no mode flag: the published route runs only the published body (I1).
 */
export const executeRequestSchema = z.object({
  params: z.record(z.string().max(10_000), z.unknown()).default({}),
}).strict();
export type ExecuteRequest = z.infer<typeof executeRequestSchema>;

export const executeResponseSchema = z.object({
  rows: z.array(z.record(z.string(), z.unknown())),
  fields: z.array(z.object({ name: z.string() })),
  rowCount: z.number().int(),
  /** True when the rows were cut at the server's row limit. */
  truncated: z.boolean(),
  durationMs: z.number(),
  /**
   * REST queries: the response's status, a few safe headers (content type, pagination) and its
   * body (parsed JSON, or text). `Query.data` is this body; for SQL kinds it is `rows`.
   */
  http: z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }).optional(),
});
export type ExecuteResponse = z.infer<typeof executeResponseSchema>;
