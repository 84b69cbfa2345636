import type { RestConfig, SecretName } from '../../../shared/api/datasources';
import { HttpError } from '../../http/httpError';
import type { PreparedRestRequest } from './renderRestRequest';
import { checkedHeaderValue } from './renderRestRequest';

/**
 * Adds the datasource's credentials to a request, just before it is sent (I2): basic auth,
 * a bearer token, or an API key in a header or query parameter. Returns the names of the headers
 * it set, which are dropped when a redirect leads to another origin.
 */
export function applyRestAuth(request: PreparedRestRequest, auth: RestConfig['auth'], secret: (name: SecretName) => string | undefined): string[] {
  switch (auth.type) {
    case 'none':
      return [];
    case 'basic': {
      const password = secret('password') ?? '';
      request.headers.set('authorization', `Basic ${Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64')}`);
      return ['authorization'];
    }
    case 'bearer': {
      const token = required(secret('token'), 'a bearer token');
      request.headers.set('authorization', `Bearer ${checkedSecret(token)}`);
      return ['authorization'];
    }
    case 'apiKey': {
      const key = required(secret('apiKey'), 'an API key');
      if (auth.in === 'query') {
        request.url.searchParams.set(auth.name, key);
        return [];
      }
      const name = auth.name.toLowerCase();
      request.headers.set(name, checkedSecret(key));
      return [name];
    }
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') {
    throw new HttpError(400, 'query_failed', `The datasource's authentication needs ${what}, and none is set. Enter it in the datasource.`);
  }
  return value;
}

/** A secret that can travel in a header; the error never carries the value. */
function checkedSecret(value: string): string {
  try {
    return checkedHeaderValue('authentication', value);
  } catch {
    throw new HttpError(400, 'query_failed', "The datasource's secret holds characters that a header cannot carry. Enter it again.");
  }
}

/**
 * Every form in which a secret could come back in a response or an error: as it is, URL-encoded,
 * JSON-escaped, form-encoded, and inside the basic-auth credentials.
 */
export function secretForms(auth: RestConfig['auth'], secrets: readonly string[], secret: (name: SecretName) => string | undefined): string[] {
  const forms = new Set<string>();
  for (const value of secrets) {
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(new URLSearchParams({ v: value }).toString().slice(2));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  if (auth.type === 'basic') {
    const password = secret('password');
    if (password) forms.add(Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64'));
  }
  return [...forms].filter((form) => form.length >= 3).sort((a, b) => b.length - a.length);
}

/** The text with every secret form replaced by `[secret]`. */
export function maskSecrets(text: string, forms: readonly string[]): string {
  let masked = text;
  for (const form of forms) masked = masked.split(form).join('[secret]');
  return masked;
}
