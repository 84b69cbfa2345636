import { randomBytes } from 'node:crypto';
import type { AppEditDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { Role } from '../../shared/api/workspaces';
import type { FastifyInstance } from 'fastify';
import type { SignedUpUser } from '../testing/sessions';

/**
 * The vocabulary of the role-by-route matrix (roleByRoute.test.ts): callers, cases and the usual
 * shapes of expected statuses. Cases live in the test and in roleByRoute.*Cases.ts files, one
 * per area, so that areas add routes without touching each other's lists.
 */
export type Caller = 'anonymous' | Role | 'outsider' | 'instance_admin';
export const callers: Caller[] = ['anonymous', 'app_viewer', 'developer', 'administrator', 'outsider', 'instance_admin'];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Request { method: Method; url: string; payload?: object; remoteAddress?: string; /** Sent instead of the caller's cookie (a second session of the same caller). */ cookie?: string }

export interface RouteCase {
  method: Method;
  /** The route as the server registers it (`:param` segments), for the completeness check. */
  route: string;
  name?: string;
  /** Builds the request for one caller; may prepare data first (e.g. an app to delete). */
  request(ctx: Context, caller: Caller): Promise<Omit<Request, 'method'>>;
  expected: Record<Exclude<Caller, 'instance_admin'>, number> & { instance_admin?: number };
}

export interface Context {
  workspaceId: string;
  /** A published app with query `q1` (`select 1`) on the workspace's sample SQLite datasource. */
  appId: string;
  /** The action id of `q1` in the app as published now (each publish gives new ids). */
  actionId(): Promise<string>;
  datasource: DatasourceDto;
  freshAccount(): Promise<SignedUpUser>;
  /** A new account added to the workspace as App Viewer. */
  freshMember(): Promise<SignedUpUser>;
  freshApp(): Promise<AppEditDto>;
  freshDatasource(): Promise<DatasourceDto>;
  /** The app's current edit DTO (its version moves as the matrix saves it). */
  currentApp(): Promise<AppEditDto>;
  exportFile(): Promise<object>;
  /** Signs the caller in once more: a second session (cookie and id). Undefined for anonymous. */
  secondSession(caller: Caller): Promise<{ cookie: string; id: string } | undefined>;
  /** The caller's account (undefined for anonymous), with its current password. */
  account(caller: Caller): SignedUpUser | undefined;
  /** The test app, for cases that must prepare data the API cannot (e.g. read an outbox message). */
  app: FastifyInstance;
}

export const all = (status: number) => ({ anonymous: status, app_viewer: status, developer: status, administrator: status, outsider: status });
export const signedIn = (status: number) => ({ anonymous: 401, app_viewer: status, developer: status, administrator: status, outsider: status });
/** Workspace resources any member may use. */
export const members = (status: number) => ({ anonymous: 401, app_viewer: status, developer: status, administrator: status, outsider: 404 });
/** Developer+ routes on workspace resources. */
export const developers = (status: number) => ({ anonymous: 401, app_viewer: 403, developer: status, administrator: status, outsider: 404 });
export const administrators = (status: number) => ({ anonymous: 401, app_viewer: 403, developer: 403, administrator: status, outsider: 404 });
/** Instance administration: every workspace role is 403, only the instance administrator passes. */
export const instanceAdmins = (status: number) => ({ anonymous: 401, app_viewer: 403, developer: 403, administrator: 403, outsider: 403, instance_admin: status });


/** A fresh private address per request, so that cases do not spend each other's rate limits. */
export function randomAddress(): string {
  return `10.${[...randomBytes(3)].join('.')}`;
}
