// The public surface of src/shared (L0). Other layers import from here, by name.
export { errorCodes } from './errors';
export type { ErrorCode, ApiErrorBody } from './errors';
export {
  appDocumentSchema, pageSchema, widgetSchema, widgetLayoutSchema, queryDefSchema, jsObjectSchema,
  entityNameSchema, idSchema, propValueSchema, gridColumns, gridRowHeight, entityNames, findDuplicateName, emptyAppDocument,
  appSettingsSchema, defaultHandlerTimeoutMs, handlerTimeoutOf, restRequestSchema, restKeyValueSchema, restMethods,
} from './appDocument';
export type { AppDocument, Page, Widget, WidgetLayout, QueryDef, JsObjectDef, PropValue, AppSettings, RestRequest } from './appDocument';
export { queryBindingExpressions, restTemplates } from './queryBindings';
export { parseTemplate, isDynamic, bindingExpressions, isSingleBinding, handlerCode } from './template';
export type { TemplateSegment } from './template';
export { apiRoutes } from './api/routes';
export { emailSchema, passwordSchema, signUpRequestSchema, signInRequestSchema, userDtoSchema, sessionResponseSchema, signInResponseSchema, oneTimeCodeSchema } from './api/auth';
export type { SignUpRequest, SignInRequest, UserDto, SessionResponse, SignInResponse, SessionRestriction, TwoFactorChallenge } from './api/auth';
export { roles, roleSchema, workspaceDtoSchema, createWorkspaceRequestSchema, memberDtoSchema, addMemberRequestSchema, updateMemberRequestSchema } from './api/workspaces';
export type { Role, WorkspaceDto, MemberDto, AddMemberRequest } from './api/workspaces';
export {
  embeddingSchema, appSummaryDtoSchema, appEditDtoSchema, createAppRequestSchema, saveAppRequestSchema, saveAppResponseSchema,
  publishResponseSchema, viewQueryDtoSchema, appViewDtoSchema,
} from './api/apps';
export type { Embedding, AppSummaryDto, AppEditDto, SaveAppRequest, ViewQueryDto, AppViewDto } from './api/apps';
export {
  datasourceKinds, datasourceKindSchema, postgresConfigSchema, mysqlConfigSchema, restConfigSchema, sqliteConfigSchema,
  restAuthSchema, keyValueSchema, sslModeSchema, datasourceSecretNames, datasourceConfigSchemas,
  postgresSecretsInputSchema, mysqlSecretsInputSchema, restSecretsInputSchema, secretStateSchema,
  createDatasourceRequestSchema, updateDatasourceRequestSchema, datasourceDtoSchema, testDatasourceResponseSchema,
  sqliteFilesResponseSchema,
} from './api/datasources';
export type {
  DatasourceKind, DatasourceConfig, PostgresConfig, MysqlConfig, RestConfig, RestAuth, SqliteConfig, KeyValue, SecretName,
  SecretsInput, SecretState, CreateDatasourceRequest, UpdateDatasourceRequest, DatasourceDto, TestDatasourceResponse,
} from './api/datasources';
export { executeRequestSchema, executeResponseSchema } from './api/execute';
export type { ExecuteRequest, ExecuteResponse } from './api/execute';
export { clientConfigSchema } from './api/config';
export type { ClientConfig } from './api/config';
export { appExportSchema } from './api/appExport';
export type { AppExport } from './api/appExport';
export { frameworkFunctions, queryMembers, cordonMembers, cordonGlobal, cordonGlobalName, findFrameworkFunction } from './frameworkCatalog';
export type { FrameworkEntry } from './frameworkCatalog';
export { securitySettingsSchema, updateSecuritySettingsRequestSchema, phoneSchema } from './api/security';
export type { SecuritySettings } from './api/security';
