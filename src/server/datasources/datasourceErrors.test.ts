import { describe, expect, it } from 'vitest';
import { isConnectionError, queryFailedError, unreachableError } from './datasourceErrors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('datasource errors', () => {
  it('maps connection failures to fixed messages that never carry pg text', () => {
    const cases: Array<[unknown, RegExp]> = [
      [pgError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432 postgres://u:hunter2@h/db'), /refused/],
      [pgError('ENOTFOUND', 'getaddrinfo ENOTFOUND secret-host'), /host name was not found/],
      [pgError('28P01', 'password authentication failed for user "admin" hunter2'), /user name or password was not accepted/],
      [pgError('3D000', 'database "payroll" does not exist'), /database does not exist/],
      [new Error('timeout expired'), /timed out/],
      [new Error('something else hunter2'), /connection failed/],
    ];
    for (const [error, reason] of cases) {
      const http = unreachableError(error);
      expect(http).toMatchObject({ status: 502, code: 'datasource_unreachable' });
      expect(http.message).toMatch(reason);
      expect(http.message).not.toMatch(/hunter2|postgres:|payroll|admin|secret-host|10\.0\.0\.5/);
    }
  });

  it('recognises connection errors', () => {
    expect(isConnectionError(pgError('ECONNRESET', 'x'))).toBe(true);
    expect(isConnectionError(pgError('08006', 'x'))).toBe(true);
    expect(isConnectionError(pgError('42P01', 'x'))).toBe(false);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('shows the SQLSTATE only in view mode and masks secrets in edit mode', () => {
    const error = pgError('22P02', 'invalid input syntax for type integer: "hunter2-typed"');
    expect(queryFailedError(error, 'view', 1000, () => ['hunter2']).message).toBe('The query failed (SQLSTATE 22P02).');
    const edit = queryFailedError(error, 'edit', 1000, () => ['hunter2']);
    expect(edit).toMatchObject({ status: 400, code: 'query_failed' });
    expect(edit.message).toBe('invalid input syntax for type integer: "[secret]-typed" (SQLSTATE 22P02)');
    expect(queryFailedError(pgError('57014', 'canceling statement due to statement timeout'), 'view', 250, () => []).message).toMatch(/time limit of 250 ms/);
  });
});
