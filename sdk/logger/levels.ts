/** ThreatConnect's log levels (TcEx names), most severe first. */
export const LOG_LEVELS = { critical: 0, error: 1, warning: 2, info: 3, debug: 4, trace: 5 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

const ALIASES: Record<string, LogLevel> = { warn: 'warning', fatal: 'critical', verbose: 'debug', silly: 'trace' };

/** Parses a level name as Core or a user sends it ("DEBUG", "warn", …); undefined when unknown. */
export function parseLogLevel(name: string | undefined): LogLevel | undefined {
  if (!name) return undefined;
  const key = name.trim().toLowerCase();
  if (key in LOG_LEVELS) return key as LogLevel;
  return ALIASES[key];
}
