// The SDK's public surface: what an App (app/) imports. Deep imports of SDK files from app/ and ui/ fail the lint
// (eslint.config.mjs). Test tools are imported from 'sdk/testing'; what the browser UI may import, from 'sdk/browser'.

// Defining and running an App
export { defineApp } from './define-app';
export type { AppDefinition, AppRegistrar, AppSetup, AppWorker } from './define-app';
export type { AppContext, AppPaths, ServeMode } from './context';
export { loggerOptionsFromInputs, pathsFromInputs, tcOptionsFromInputs } from './context';
export { main, launchService, startService, parseServiceArgs } from './run';
export type { MainOptions, RunningService, StartOptions } from './run';
export { runOnce } from './run-once';
export type { OneShotContext, RunOnceOptions } from './run-once';
export { findManifestIssues, loadManifest, ManifestError } from './manifest';
export type { InstallJson, InstallParam, LayoutJson, Manifest, ParamRule } from './manifest';

// Inputs and secrets
export { loadInputs, resolveInputs, InputsError, decryptParamFile } from './inputs';
export type { InputProblem, InputSources } from './inputs';
export { Secret, revealValue } from './inputs/secret';
export { createPrivateFiles, keepFilesPrivate } from './private-files';

// Serving HTTP
export { createHttpApp, startCoreTransport, HttpError } from './service';
export type { ErrorBody, HealthContributor, HttpAppOptions, ServiceHttpApp } from './service';
export { requestContext, currentApiToken, outsideRequest } from './request-context';
export type { RequestContext } from './request-context';

// Logging
export { createLogger, parseLogLevel } from './logger';
export type { Logger, LogFields, LogLevel } from './logger';

// State (SQLite) and the job, task and error stores
export { openStateDb, migrate, schemaVersion, transaction, pluck, pluckAll, rows, row, changes } from './state';
export { openStateHandle, openCheckedStateDb, backupStateDb, restoreStateDb, listStateBackups } from './state';
export type { Database, Migration, SqlValue, Statement, StateBackup, StateHandle } from './state';
export { JobStore, JOBS_SCHEMA } from './stores/job-store';
export { likeContains, pageBounds, ListFilter, listPage } from './stores/paged-list';
export type { ListQuery, PageOf } from './stores/paged-list';
export type { JobRecord, JobListQuery } from './stores/job-store';
export { TaskStore, TASKS_SCHEMA } from './stores/task-store';
export type { TaskRecord, TaskListQuery } from './stores/task-store';
export { ErrorStore, ERRORS_SCHEMA, ERRORS_ORIGIN_MIGRATION, MAX_RAW_CHARS } from './stores/error-store';
export type { ErrorEntry, ErrorGroup, ErrorListQuery } from './stores/error-store';

// HTTP to other services, and ThreatConnect
export { createHttpClient, HttpAuthError } from './http/create-http-client';
export type { AuthHook, AuthRequest, HttpClient, HttpClientOptions, HttpProxyOptions, HttpRequest, HttpResponse } from './http/create-http-client';
export { sleep } from './threatconnect/retry-policy';
export { errorMessage } from './error-message';
export {
  createTcClient,
  TcApiError,
  listOwners,
  buildIndicatorTql,
  checkTqlSyntax,
  tqlString,
  tqlList,
  formatTqlDate,
  formatDeletedSince,
  MAX_RESULT_LIMIT,
} from './threatconnect';
export type { KeysetSort, TcBodyPage, TcClient, TcClientOptions, TcPageLinks, TcPageReading, TcProxyOptions, TqlSyntaxProblem } from './threatconnect';
export { TC_INDICATOR_TYPES, TC_REGISTRY_VALUE_TYPES, TC_VALUE_FIELDS } from './threatconnect/types';
export type { TcDeletedIndicator, TcIndicator, TcIndicatorType, TcOwner } from './threatconnect/types';
