import {
  datasourceConfigSchemas, type CreateDatasourceRequest, type DatasourceConfig, type DatasourceDto, type DatasourceKind, type KeyValue,
  type RestAuth, type SecretName, type SecretsInput, type UpdateDatasourceRequest,
} from '../../shared';

// The datasource dialog's state as plain strings (what the inputs hold), and the one function
// that turns it into the API's create/update requests or into messages per field. Kept free of
// React so it can be tested alone.

/** A header or query parameter row; `key` only keeps React's list stable while rows are edited. */
export interface KeyValueRow {
  key: string;
  name: string;
  value: string;
}

/**
 * A write-only secret as the dialog holds it: `value` is what the builder typed (never what is
 * stored: the server does not send secrets back), `clear` asks the server to remove the stored one.
 */
export interface SecretDraft {
  value: string;
  clear: boolean;
}

export type RestAuthType = RestAuth['type'];
export type SslMode = 'disable' | 'require' | 'verify-full';

export interface DatasourceForm {
  kind: DatasourceKind;
  name: string;
  /** PostgreSQL and MySQL. */
  host: string;
  port: string;
  database: string;
  user: string;
  ssl: SslMode;
  /** REST. */
  baseUrl: string;
  headers: KeyValueRow[];
  queryParams: KeyValueRow[];
  authType: RestAuthType;
  username: string;
  apiKeyName: string;
  apiKeyIn: 'header' | 'query';
  /** SQLite. */
  file: string;
  readOnly: boolean;
  secrets: Record<SecretName, SecretDraft>;
}

/** Field names that can carry a message; rows are `headers.2.name` and the like. */
export type FieldErrors = Partial<Record<string, string>>;

export const defaultPorts: Partial<Record<DatasourceKind, number>> = { postgres: 5432, mysql: 3306 };

export const kindLabels: Record<DatasourceKind, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  rest: 'REST API',
  sqlite: 'SQLite',
};

let rowSeq = 0;
export function newRow(name = '', value = ''): KeyValueRow {
  rowSeq += 1;
  return { key: `row${rowSeq}`, name, value };
}

const emptySecret = (): SecretDraft => ({ value: '', clear: false });

/** The form for a new datasource of `kind`, or for editing `dto` (secrets empty: write-only). */
export function initialForm(dto: DatasourceDto | null, kind: DatasourceKind = 'postgres'): DatasourceForm {
  const form: DatasourceForm = {
    kind: dto?.kind ?? kind,
    name: dto?.name ?? '',
    host: '', port: String(defaultPorts[dto?.kind ?? kind] ?? ''), database: '', user: '', ssl: 'disable',
    baseUrl: '', headers: [], queryParams: [], authType: 'none', username: '', apiKeyName: '', apiKeyIn: 'header',
    file: '', readOnly: false,
    secrets: { password: emptySecret(), token: emptySecret(), apiKey: emptySecret() },
  };
  if (dto?.kind === 'postgres' || dto?.kind === 'mysql') {
    Object.assign(form, { host: dto.config.host, port: String(dto.config.port), database: dto.config.database, user: dto.config.user, ssl: dto.config.ssl });
  } else if (dto?.kind === 'rest') {
    const auth = dto.config.auth;
    Object.assign(form, {
      baseUrl: dto.config.baseUrl,
      headers: dto.config.headers.map((h) => newRow(h.name, h.value)),
      queryParams: dto.config.queryParams.map((p) => newRow(p.name, p.value)),
      authType: auth.type,
      username: auth.type === 'basic' ? auth.username : '',
      apiKeyName: auth.type === 'apiKey' ? auth.name : '',
      apiKeyIn: auth.type === 'apiKey' ? auth.in : 'header',
    });
  } else if (dto?.kind === 'sqlite') {
    Object.assign(form, { file: dto.config.file, readOnly: dto.config.readOnly });
  }
  return form;
}

/**
 * A new kind chosen on create: the port follows the kind unless the builder typed another one,
 * and typed secrets are dropped (a database password is not meant for an API's basic auth).
 */
export function withKind(form: DatasourceForm, kind: DatasourceKind): DatasourceForm {
  if (kind === form.kind) return form;
  const portUntouched = form.port === '' || form.port === String(defaultPorts[form.kind] ?? '');
  return {
    ...form,
    kind,
    port: portUntouched ? String(defaultPorts[kind] ?? '') : form.port,
    secrets: { password: emptySecret(), token: emptySecret(), apiKey: emptySecret() },
  };
}

/** The secrets a REST datasource's auth type uses; the others are cleared on save. */
export function secretsForAuth(authType: RestAuthType): SecretName[] {
  if (authType === 'basic') return ['password'];
  if (authType === 'bearer') return ['token'];
  if (authType === 'apiKey') return ['apiKey'];
  return [];
}

/** The secrets a form of this kind shows. */
export function visibleSecrets(form: DatasourceForm): SecretName[] {
  if (form.kind === 'postgres' || form.kind === 'mysql') return ['password'];
  if (form.kind === 'rest') return secretsForAuth(form.authType);
  return [];
}

export type BuiltRequests =
  | { ok: true; create: CreateDatasourceRequest; update: UpdateDatasourceRequest }
  | { ok: false; errors: FieldErrors };

/**
 * The create and update requests for the form, or a message per field that is wrong.
 * `stored` says which secrets the server holds now (for an update: clear those the new auth type
 * no longer uses, so a token is not left behind unused).
 */
export function buildRequests(form: DatasourceForm, stored: Partial<Record<SecretName, boolean>> = {}): BuiltRequests {
  const errors: FieldErrors = {};
  if (!form.name.trim()) errors.name = 'Give the datasource a name.';
  else if (form.name.trim().length > 100) errors.name = 'At most 100 characters.';

  const config = configOf(form, errors);
  if (config) {
    const parsed = datasourceConfigSchemas[form.kind].safeParse(config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOfIssue(issue.path);
        errors[field] ??= sentence(issue.message);
      }
    }
  }
  if (Object.keys(errors).length > 0 || !config) return { ok: false, errors };

  const used = new Set(visibleSecrets(form));
  const typed: SecretsInput = {};
  const changes: Record<string, string | null> = {};
  for (const secretName of ['password', 'token', 'apiKey'] as const) {
    const draft = form.secrets[secretName];
    if (!used.has(secretName)) {
      if (stored[secretName] && form.kind === 'rest') changes[secretName] = null;
      continue;
    }
    if (draft.value) {
      typed[secretName] = draft.value;
      changes[secretName] = draft.value;
    } else if (draft.clear) {
      changes[secretName] = null;
    }
  }
  const name = form.name.trim();
  const create = { name, kind: form.kind, config, secrets: typed } as CreateDatasourceRequest;
  const update: UpdateDatasourceRequest = { name, config: config as unknown as Record<string, unknown>, ...(Object.keys(changes).length > 0 ? { secrets: changes } : {}) };
  return { ok: true, create, update };
}

function configOf(form: DatasourceForm, errors: FieldErrors): DatasourceConfig | null {
  switch (form.kind) {
    case 'postgres':
    case 'mysql': {
      if (!form.host.trim()) errors.host = 'Enter the database server’s host name or address.';
      const port = Number(form.port);
      if (!/^\d+$/.test(form.port.trim()) || port < 1 || port > 65_535) errors.port = 'A number from 1 to 65535.';
      if (!form.database.trim()) errors.database = 'Enter the database name.';
      if (!form.user.trim()) errors.user = 'Enter the user to connect as.';
      return { host: form.host.trim(), port, database: form.database.trim(), user: form.user.trim(), ssl: form.ssl };
    }
    case 'rest': {
      const baseUrl = form.baseUrl.trim();
      if (!baseUrl) errors.baseUrl = 'Enter the API’s base URL, e.g. https://api.example.com/v1.';
      else if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) errors.baseUrl = 'The URL starts with http:// or https:// and a host.';
      const headers = keyValues(form.headers, 'headers', errors);
      const queryParams = keyValues(form.queryParams, 'queryParams', errors);
      let auth: RestAuth = { type: 'none' };
      if (form.authType === 'basic') auth = { type: 'basic', username: form.username };
      if (form.authType === 'bearer') auth = { type: 'bearer' };
      if (form.authType === 'apiKey') {
        if (!form.apiKeyName.trim()) errors.apiKeyName = form.apiKeyIn === 'header' ? 'Enter the header name, e.g. X-API-Key.' : 'Enter the query parameter name, e.g. api_key.';
        auth = { type: 'apiKey', name: form.apiKeyName.trim(), in: form.apiKeyIn };
      }
      return { baseUrl, headers, queryParams, auth };
    }
    case 'sqlite':
      if (!form.file) errors.file = 'Pick a database file.';
      return { file: form.file, readOnly: form.readOnly };
  }
}

/** Non-empty rows as name/value pairs; a row with a value but no name gets a message. */
export function keyValues(rows: KeyValueRow[], field: string, errors: FieldErrors): KeyValue[] {
  const result: KeyValue[] = [];
  rows.forEach((row, index) => {
    const name = row.name.trim();
    if (!name && !row.value) return;
    if (!name) errors[`${field}.${index}.name`] = 'Give this row a name, or remove it.';
    result.push({ name, value: row.value });
  });
  return result;
}

function fieldOfIssue(path: ReadonlyArray<PropertyKey>): string {
  if (path[0] === 'auth') return path[1] === 'username' ? 'username' : 'apiKeyName';
  return path.map(String).join('.') || 'name';
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.');
}

/** Whether saving `form` points an existing SQL or REST datasource at another server (the server then drops unsent secrets). */
export function movesServer(dto: DatasourceDto, form: DatasourceForm): boolean {
  if (dto.kind === 'postgres' || dto.kind === 'mysql') return dto.config.host.toLowerCase() !== form.host.trim().toLowerCase() || String(dto.config.port) !== form.port.trim();
  if (dto.kind === 'rest') return originOf(dto.config.baseUrl) !== originOf(form.baseUrl.trim());
  return false;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
