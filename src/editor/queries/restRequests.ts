import type { DatasourceKind, QueryDef, RestRequest } from '../../shared';

/** The request a query on a REST datasource starts with: GET of the base URL. */
export function emptyRestRequest(): RestRequest {
  return { method: 'GET', path: '', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [] };
}

/**
 * What picking another datasource does to a query's shape: a SQL query moved to a REST API gets
 * an empty request (its SQL stays in `body`, unused, in case it moves back); a REST query moved
 * to a SQL datasource loses its request. Same family: nothing changes but the datasource.
 */
export function restForDatasource(query: Pick<QueryDef, 'rest'>, kind: DatasourceKind | undefined): RestRequest | null | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'rest') return query.rest ? undefined : emptyRestRequest();
  return query.rest ? null : undefined;
}

/** Whether a request has anything a builder typed (so dropping it deserves a question first). */
export function restRequestIsEdited(request: RestRequest | undefined): boolean {
  if (!request) return false;
  return request.path !== '' || request.queryParams.length > 0 || request.headers.length > 0 || request.body !== '' || request.formFields.length > 0;
}
