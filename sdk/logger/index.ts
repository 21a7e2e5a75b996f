export { createLogger } from './create-logger';
export type { Logger, LoggerOptions, LogFields } from './create-logger';
export { LOG_LEVELS, parseLogLevel } from './levels';
export type { LogLevel } from './levels';
export { Redactor, REDACTED } from './redact';
