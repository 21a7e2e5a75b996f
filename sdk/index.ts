// The SDK's public surface: what an App (app/) imports. Test tools live in sdk/testing and are imported from there.
export { defineApp } from './define-app';
export type { AppDefinition, AppRegistrar, AppSetup, AppWorker } from './define-app';
export type { AppContext, AppPaths, ServeMode } from './context';
export { startService } from './run';
export type { RunningService, StartOptions } from './run';
export { HttpError } from './service/http-error';
export type { ErrorBody } from './service/http-error';
export type { HealthContributor } from './service/health';
export { Secret, revealValue } from './inputs/secret';
export { createLogger, parseLogLevel } from './logger';
export type { Logger, LogFields, LogLevel } from './logger';
export { openStateDb, migrate, schemaVersion } from './state';
export type { Migration } from './state';
export { requestContext, currentApiToken } from './request-context';
export type { RequestContext } from './request-context';
export { createTcClient, TcApiError, listOwners, buildIndicatorTql, tqlString, tqlList, formatTqlDate } from './threatconnect';
export type { TcClient, TcClientOptions } from './threatconnect';
