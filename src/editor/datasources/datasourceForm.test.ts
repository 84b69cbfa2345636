import { describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared';
import { buildRequests, initialForm, movesServer, newRow, withKind } from './datasourceForm';

describe('datasource form', () => {
  it('builds a PostgreSQL create request with the typed password only', () => {
    const form = { ...initialForm(null, 'postgres'), name: ' Users ', host: 'db', database: 'app', user: 'me' };
    form.secrets.password = { value: 'pw', clear: false };
    const built = buildRequests(form);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.create).toEqual({ name: 'Users', kind: 'postgres', config: { host: 'db', port: 5432, database: 'app', user: 'me', ssl: 'disable' }, secrets: { password: 'pw' } });
    expect(built.update.secrets).toEqual({ password: 'pw' });
  });

  it('names each wrong field', () => {
    const built = buildRequests({ ...initialForm(null, 'mysql'), port: '99999' });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.errors).sort()).toEqual(['database', 'host', 'name', 'port', 'user']);
  });

  it('follows the kind with the default port unless another was typed', () => {
    expect(withKind(initialForm(null, 'postgres'), 'mysql').port).toBe('3306');
    expect(withKind({ ...initialForm(null, 'postgres'), port: '6543' }, 'mysql').port).toBe('6543');
    expect(withKind(initialForm(null, 'postgres'), 'rest').port).toBe('');
    const typed = initialForm(null, 'postgres');
    typed.secrets.password = { value: 'db-password', clear: false };
    expect(withKind(typed, 'rest').secrets.password.value).toBe('');
  });

  it('sends a cleared secret as null and leaves an untouched one out', () => {
    const dto: DatasourceDto = { id: 'd', workspaceId: 'w', name: 'Pg', kind: 'postgres', config: { host: 'db', port: 5432, database: 'a', user: 'u', ssl: 'disable' }, secrets: { password: { set: true } } };
    const form = initialForm(dto);
    expect(form.secrets.password.value).toBe('');
    const kept = buildRequests(form, { password: true });
    expect(kept.ok).toBe(true);
    expect(kept.ok ? kept.update.secrets : 'not built').toBeUndefined();
    form.secrets.password = { value: '', clear: true };
    const cleared = buildRequests(form, { password: true });
    expect(cleared.ok && cleared.update.secrets).toEqual({ password: null });
  });

  it('builds REST auth and rows, and clears the secrets the new auth type no longer uses', () => {
    const form = { ...initialForm(null, 'rest'), name: 'Api', baseUrl: 'https://api.example.com', authType: 'bearer' as const, headers: [newRow('Accept', 'application/json'), newRow('', '')] };
    form.secrets.token = { value: 't0k', clear: false };
    const built = buildRequests(form, { apiKey: true });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.create.config).toEqual({ baseUrl: 'https://api.example.com', headers: [{ name: 'Accept', value: 'application/json' }], queryParams: [], auth: { type: 'bearer' } });
    expect(built.create.secrets).toEqual({ token: 't0k' });
    expect(built.update.secrets).toEqual({ token: 't0k', apiKey: null });
  });

  it('refuses a REST base URL without a scheme, a nameless row and an API key without a name', () => {
    const form = { ...initialForm(null, 'rest'), name: 'Api', baseUrl: 'api.example.com', authType: 'apiKey' as const, queryParams: [newRow('', 'x')] };
    const built = buildRequests(form);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.errors).sort()).toEqual(['apiKeyName', 'baseUrl', 'queryParams.0.name']);
  });

  it('needs a SQLite file', () => {
    const built = buildRequests({ ...initialForm(null, 'sqlite'), name: 'Local' });
    expect(!built.ok && built.errors.file).toBeTruthy();
    const ok = buildRequests({ ...initialForm(null, 'sqlite'), name: 'Local', file: 'shop.sqlite', readOnly: true });
    expect(ok.ok && ok.create).toEqual({ name: 'Local', kind: 'sqlite', config: { file: 'shop.sqlite', readOnly: true }, secrets: {} });
  });

  it('knows when a change points the datasource at another server', () => {
    const dto: DatasourceDto = { id: 'd', workspaceId: 'w', name: 'Api', kind: 'rest', config: { baseUrl: 'https://a.example.com/v1', headers: [], queryParams: [], auth: { type: 'bearer' } }, secrets: { password: { set: false }, token: { set: true }, apiKey: { set: false } } };
    expect(movesServer(dto, { ...initialForm(dto), baseUrl: 'https://a.example.com/v2' })).toBe(false);
    expect(movesServer(dto, { ...initialForm(dto), baseUrl: 'https://b.example.com/v1' })).toBe(true);
  });
});
