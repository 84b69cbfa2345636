import { describe, expect, it } from 'vitest';
import { emptyRestRequest, restForDatasource, restRequestIsEdited } from './restRequests';

describe('restForDatasource', () => {
  it('gives a SQL query moved to a REST datasource an empty request', () => {
    expect(restForDatasource({}, 'rest')).toEqual(emptyRestRequest());
  });
  it('drops the request of a REST query moved to a SQL datasource', () => {
    expect(restForDatasource({ rest: emptyRestRequest() }, 'mysql')).toBeNull();
  });
  it('keeps the shape within a family, and when the kind is unknown', () => {
    expect(restForDatasource({}, 'postgres')).toBeUndefined();
    expect(restForDatasource({ rest: { ...emptyRestRequest(), path: '/a' } }, 'rest')).toBeUndefined();
    expect(restForDatasource({ rest: emptyRestRequest() }, undefined)).toBeUndefined();
  });
});

describe('restRequestIsEdited', () => {
  it('is false for nothing and an empty request, true once something is typed', () => {
    expect(restRequestIsEdited(undefined)).toBe(false);
    expect(restRequestIsEdited(emptyRestRequest())).toBe(false);
    expect(restRequestIsEdited({ ...emptyRestRequest(), path: '/users' })).toBe(true);
  });
});
