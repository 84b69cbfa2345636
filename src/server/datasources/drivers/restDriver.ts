import type { Agent } from 'undici';
import type { RestRequest } from '../../../shared/appDocument';
import type { RestConfig } from '../../../shared/api/datasources';
import { HttpError } from '../../http/httpError';
import { applyRestAuth, secretForms } from '../rest/restAuth';
import { createRestDispatcher } from '../rest/restDispatcher';
import { type PreparedRestRequest, checkedHeaderName, renderRestRequest } from '../rest/renderRestRequest';
import { toExecuteResponse, statusError } from '../rest/restResponse';
import { restSendError } from '../rest/restSendError';
import { type RestResponse, sendRestRequest } from '../rest/sendRestRequest';
import type { DatasourceDriver, DriverEnvironment, OpenDatasource, RunContext } from './datasourceDriver';
import { abortSignalOf } from '../CancelSignal';

export interface RestDriverOptions {
  /** Bytes of response body (decompressed) beyond which a query fails with 502 response_too_large. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Time limit of Test connection. Default 10 s. */
  testTimeoutMs?: number;
  /** Trusted CA certificates (PEM) instead of Node's list; for tests (a private CA in production: NODE_EXTRA_CA_CERTS). */
  ca?: string;
}

const defaultMaxResponseBytes = 10 * 1024 * 1024;

/**
 * REST APIs: each query's request is built from its template (every binding encoded for its
 * place), the datasource's credentials are added just before it is sent, and it goes out
 * through a dispatcher whose every connection passes the outbound address policy. Redirects are
 * followed by hand, each hop checked. Responses are read up to a size limit; the time limit and
 * Cancel abort the request itself. Nothing of a request or response is logged (I5).
 */
export function createRestDriver(environment: DriverEnvironment, options: RestDriverOptions = {}): DatasourceDriver<RestConfig> {
  let dispatcher: Agent | undefined;
  const dispatcherOf = () => (dispatcher ??= createRestDispatcher((host, port) => environment.resolveOutbound(host, port), { ca: options.ca }));
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;

  async function send(datasource: OpenDatasource<RestConfig>, prepared: PreparedRestRequest, timeoutMs: number, context: RunContext, readBody: boolean): Promise<RestResponse> {
    const { config } = datasource;
    const credentialHeaders = applyRestAuth(prepared, config.auth, (name) => datasource.secret(name));
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = AbortSignal.any([timeout.signal, abortSignalOf(context.signal)]);
    try {
      if (context.signal.aborted) throw new Error('cancelled before start');
      return await sendRestRequest(prepared, { dispatcher: dispatcherOf(), signal, maxResponseBytes, credentialHeaders, readBody });
    } catch (error) {
      const failure = restSendError(error, { cancelled: context.signal.aborted, timedOut: timeout.signal.aborted, timeoutMs });
      if (failure.code === 'datasource_unreachable') context.log.info({ datasourceId: datasource.id, kind: 'unreachable' }, 'REST request failed');
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    kind: 'rest',
    // The credentials belong to the server of the base URL: another origin clears them (I2).
    movesTarget: (before, after) => new URL(before.baseUrl).origin !== new URL(after.baseUrl).origin,
    validateConfig(config) {
      const url = new URL(config.baseUrl);
      if (url.username || url.password) {
        throw new HttpError(400, 'bad_request', 'The base URL cannot hold a user name or password; use the authentication settings, whose secrets are encrypted.');
      }
      for (const header of config.headers) checkedHeaderName(header.name);
      if (config.auth.type === 'apiKey' && config.auth.in === 'header') checkedHeaderName(config.auth.name);
    },
    /**
     * A GET of the base URL with the datasource's headers, parameters and credentials. Any HTTP
     * answer below 500 means reachable (an API root often answers 404 or 405), except 401 and
     * 403: the credentials were not accepted. 5xx, no answer, or a refused address fail.
     */
    async test(datasource, context) {
      const request: RestRequest = { method: 'GET', path: '', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [] };
      const response = await send(datasource, renderRestRequest(datasource.config, request, {}), options.testTimeoutMs ?? 10_000, context, false);
      if (response.status === 401 || response.status === 403) {
        throw new HttpError(502, 'datasource_unreachable', `The API did not accept the credentials (HTTP ${response.status}).`);
      }
      if (response.status >= 500) throw new HttpError(502, 'datasource_unreachable', `The API answered with a server error (HTTP ${response.status}).`);
    },
    async run(datasource, query, params, context) {
      if (!query.rest) throw new HttpError(400, 'query_failed', 'This query has no REST request. Edit the query.');
      const started = performance.now();
      const prepared = renderRestRequest(datasource.config, query.rest, params);
      const response = await send(datasource, prepared, query.timeoutMs, context, true);
      const forms = secretForms(datasource.config.auth, datasource.secretValues(), (name) => datasource.secret(name));
      if (response.status < 200 || response.status > 299) {
        context.log.info({ datasourceId: datasource.id, status: response.status }, 'REST query answered outside 2xx');
        throw statusError(response, context.mode, forms);
      }
      return toExecuteResponse(response, Math.round(performance.now() - started), forms);
    },
    // Nothing is cached per datasource: connections are per origin, and each was checked when it opened.
    evict: async () => {},
    async close() {
      const current = dispatcher;
      dispatcher = undefined;
      await current?.destroy();
    },
  };
}
