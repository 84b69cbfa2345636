// The public surface of src/shared (L0). Other layers import from here, by name.
export { errorCodes } from './errors';
export type { ErrorCode, ApiErrorBody } from './errors';
export {
  appDocumentSchema, pageSchema, widgetSchema, widgetLayoutSchema, queryDefSchema, jsObjectSchema,
  entityNameSchema, idSchema, propValueSchema, gridColumns, gridRowHeight, entityNames, findDuplicateName, emptyAppDocument,
  appSettingsSchema, defaultHandlerTimeoutMs, handlerTimeoutOf,
} from './appDocument';
export type { AppDocument, Page, Widget, WidgetLayout, QueryDef, JsObjectDef, PropValue, AppSettings } from './appDocument';
export { parseTemplate, isDynamic, bindingExpressions, isSingleBinding, handlerCode } from './template';
export type { TemplateSegment } from './template';
export { apiRoutes } from './api/routes';
export { emailSchema, passwordSchema, signUpRequestSchema, signInRequestSchema, userDtoSchema, sessionResponseSchema } from './api/auth';
export type { SignUpRequest, SignInRequest, UserDto, SessionResponse } from './api/auth';
export { roles, roleSchema, workspaceDtoSchema, createWorkspaceRequestSchema, memberDtoSchema, addMemberRequestSchema, updateMemberRequestSchema } from './api/workspaces';
export type { Role, WorkspaceDto, MemberDto, AddMemberRequest } from './api/workspaces';
export {
  embeddingSchema, appSummaryDtoSchema, appEditDtoSchema, createAppRequestSchema, saveAppRequestSchema, saveAppResponseSchema,
  publishResponseSchema, viewQueryDtoSchema, appViewDtoSchema,
} from './api/apps';
export type { Embedding, AppSummaryDto, AppEditDto, SaveAppRequest, ViewQueryDto, AppViewDto } from './api/apps';
export {
  datasourceKinds, datasourceKindSchema, postgresConfigSchema, postgresSecretsInputSchema, secretStateSchema,
  createDatasourceRequestSchema, updateDatasourceRequestSchema, datasourceDtoSchema, testDatasourceResponseSchema,
} from './api/datasources';
export type { PostgresConfig, CreateDatasourceRequest, UpdateDatasourceRequest, DatasourceDto } from './api/datasources';
export { executeRequestSchema, executeResponseSchema } from './api/execute';
export type { ExecuteRequest, ExecuteResponse } from './api/execute';
export { clientConfigSchema } from './api/config';
export type { ClientConfig } from './api/config';
export { appExportSchema } from './api/appExport';
export type { AppExport } from './api/appExport';
export { frameworkFunctions, queryMembers, cordonMembers, cordonGlobal, cordonGlobalName, findFrameworkFunction } from './frameworkCatalog';
export type { FrameworkEntry } from './frameworkCatalog';
