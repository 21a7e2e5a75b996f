import fs from 'node:fs';
import winston from 'winston';
import { createStream, type Generator } from 'rotating-file-stream';
import Transport from 'winston-transport';
import { LOG_LEVELS, LogLevel, parseLogLevel } from './levels';
import { Redactor } from './redact';
import type { Secret } from '../inputs/secret';

export type LogFields = Record<string, unknown>;

/** The logger every part of the SDK and the app receives. Secrets it was told about never reach a sink. */
export interface Logger {
  critical(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line; it shares level, sinks and secrets with its parent. */
  child(fields: LogFields): Logger;
  /** Changes the level at once, for this logger, its parent and all children. Unknown names throw. */
  setLevel(level: string): void;
  readonly level: LogLevel;
  isLevelEnabled(level: LogLevel): boolean;
  /** Registers one more value that must never be printed. */
  addSecret(secret: string | Secret | undefined): void;
  /** Flushes and closes every sink. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Directory of the log file (`tc_log_path`); no file is written when absent. */
  logPath?: string;
  /** File name (`tc_log_file`), default `app.log`. */
  logFile?: string;
  /** Initial level (`tc_log_level`), default `info`. */
  level?: string;
  /** Rotate when the file reaches this size (`tc_log_max_bytes`), default 10 MiB. */
  maxBytes?: number;
  /** Rotated files kept, gzip-compressed (`tc_log_backup_count`), default 25. */
  backupCount?: number;
  /** Also print to the console (development). */
  console?: boolean;
  /** Extra sinks receiving the same JSON lines as the file (tests capture logs this way). */
  streams?: NodeJS.WritableStream[];
  secrets?: Array<string | Secret | undefined>;
  /** Fields added to every line. */
  fields?: LogFields;
}

const FIELD_ORDER_SKIP = new Set(['level', 'message', 'time']);

function redactFormat(redactor: Redactor) {
  return winston.format((info) => {
    info.message = typeof info.message === 'string' ? redactor.redactString(info.message) : redactor.redact(info.message);
    for (const key of Object.keys(info)) {
      if (key === 'level' || key === 'message') continue;
      info[key] = redactor.redact(info[key]);
    }
    return info;
  })();
}

const jsonLine = winston.format.printf((info) => {
  const { level, message, time, ...rest } = info as Record<string, unknown>;
  return JSON.stringify({ time, level, message, ...rest });
});

const consoleLine = winston.format.printf((info) => {
  const { level, message, time, ...rest } = info as Record<string, unknown>;
  const extra = Object.keys(rest)
    .filter((k) => !FIELD_ORDER_SKIP.has(k))
    .map((k) => `${k}=${typeof rest[k] === 'string' ? rest[k] : JSON.stringify(rest[k])}`)
    .join(' ');
  return `${time} ${String(level).toUpperCase().padEnd(8)} ${String(message)}${extra ? ` ${extra}` : ''}`;
});

class StreamSink extends Transport {
  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
  }
  override log(info: Record<symbol | string, unknown>, next: () => void): void {
    this.stream.write(`${String(info[Symbol.for('message')])}\n`);
    next();
  }
}

/**
 * Creates the app's logger: JSON lines to `<logPath>/<logFile>` rotated by size and gzip-compressed,
 * optional console output, runtime level changes, and redaction of every registered secret.
 * @example const log = createLogger({ logPath: '/tmp/log', level: 'debug', secrets: [inputs.tc_secret_key] });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = parseLogLevel(options.level) ?? 'info';
  const redactor = new Redactor();
  for (const s of options.secrets ?? []) redactor.add(s);

  const base = winston.format.combine(winston.format.timestamp({ alias: 'time', format: () => new Date().toISOString() }), redactFormat(redactor));
  const transports: Transport[] = [];
  const fileStreams: NodeJS.WritableStream[] = [];
  if (options.logPath) {
    fs.mkdirSync(options.logPath, { recursive: true });
    const file = options.logFile || 'app.log';
    // TcEx-style backups: app.log.1.gz (newest) … app.log.<backupCount>.gz.
    // In logrotate mode the generator receives only the rotation index (null for the live file).
    const name = ((index: number | null) => (index ? `${file}.${index}.gz` : file)) as unknown as Generator;
    const stream = createStream(name, {
      path: options.logPath,
      size: `${Math.max(1, Math.ceil((options.maxBytes ?? 10 * 1024 * 1024) / 1024))}K`,
      compress: 'gzip',
      rotate: options.backupCount ?? 25,
    });
    stream.on('error', () => undefined);
    fileStreams.push(stream);
    const sink = new winston.transports.Stream({ stream, format: jsonLine });
    transports.push(sink);
  }
  if (options.console) transports.push(new winston.transports.Console({ format: consoleLine }));
  for (const stream of options.streams ?? []) {
    const sink = new StreamSink(stream);
    sink.format = jsonLine;
    transports.push(sink);
  }
  const root = winston.createLogger({
    levels: LOG_LEVELS,
    level,
    format: base,
    transports,
    exitOnError: false,
    // A logger without sinks must still accept writes silently.
    silent: transports.length === 0,
  });
  root.on('error', () => undefined);
  const state = { level };
  return wrap(root, redactor, state, options.fields ?? {}, fileStreams);
}

function wrap(root: winston.Logger, redactor: Redactor, state: { level: LogLevel }, fields: LogFields, fileStreams: NodeJS.WritableStream[]): Logger {
  const write = (lvl: LogLevel) => (message: string, extra?: LogFields) => {
    if (LOG_LEVELS[lvl] > LOG_LEVELS[state.level]) return;
    const meta = extra ? { ...fields, ...extra } : fields;
    root.log(lvl, message, meta);
  };
  return {
    critical: write('critical'),
    error: write('error'),
    warn: write('warning'),
    info: write('info'),
    debug: write('debug'),
    trace: write('trace'),
    child: (more) => wrap(root, redactor, state, { ...fields, ...more }, fileStreams),
    setLevel(name: string) {
      const parsed = parseLogLevel(name);
      if (!parsed) throw new Error(`Unknown log level "${name}"; use one of ${Object.keys(LOG_LEVELS).join(', ')}`);
      state.level = parsed;
      root.level = parsed;
    },
    get level() {
      return state.level;
    },
    isLevelEnabled: (lvl) => LOG_LEVELS[lvl] <= LOG_LEVELS[state.level],
    addSecret: (s) => redactor.add(s),
    close: async () => {
      if (root.transports.length === 0) return;
      await new Promise<void>((resolve) => {
        root.once('finish', () => resolve());
        root.end();
      });
      await Promise.all(
        fileStreams.map(
          (stream) =>
            new Promise<void>((resolve) => {
              stream.once('finish', () => resolve());
              stream.once('error', () => resolve());
              stream.end();
            }),
        ),
      );
    },
  };
}
