import path from 'node:path';
import type { Database } from './state/sqlite';
import type { StateHandle } from './state/state-file';
import { Secret } from './inputs/secret';
import type { Logger, LoggerOptions } from './logger';
import type { TcClient, TcClientOptions } from './threatconnect';

/** Folders the App may use (docs/platform-protocol.md §2), all absolute. */
export interface AppPaths {
  /** Where install.json and the bundle live. */
  installDir: string;
  /** `tc_out_path`: persistent state (state.db lives here). */
  out: string;
  /** `tc_temp_path`: scratch files. */
  temp: string;
  /** `tc_log_path`, when logs go to a file. */
  log?: string;
}

/** How the service is being reached. */
export type ServeMode = 'core' | 'standalone';

/**
 * What an app function receives: everything it may use, passed in rather than looked up.
 * `TInputs` is the app's typed view of its inputs (platform inputs plus its own params).
 */
export interface AppContext<TInputs = Record<string, unknown>> {
  inputs: TInputs;
  logger: Logger;
  /** ThreatConnect REST client; inside a Core request it uses that request's service token. */
  tc: TcClient;
  /**
   * The App's SQLite state at `<tc_out_path>/state.db` (WAL); migrate it with sdk/state `migrate`. When the file
   * was found damaged (`state.condition`), an empty database in memory; after `state.restore`, use `state.db`.
   */
  db: Database;
  /** The state file: how it was found at start-up, its copies, backup and restore. */
  state: StateHandle;
  paths: AppPaths;
  mode: ServeMode;
  /** Aborted when the service shuts down: long work checks it and stops at a safe point. */
  signal: AbortSignal;
}

type Inputs = Record<string, unknown>;

function str(inputs: Inputs, name: string): string | undefined {
  const v = inputs[name];
  if (v === undefined || v === null) return undefined;
  const s = v instanceof Secret ? v.reveal() : String(v);
  return s.trim() === '' ? undefined : s.trim();
}

function num(inputs: Inputs, name: string): number | undefined {
  const s = str(inputs, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${s}"`);
  return n;
}

function bool(inputs: Inputs, name: string, fallback: boolean): boolean {
  const v = inputs[name];
  if (typeof v === 'boolean') return v;
  const s = str(inputs, name)?.toLowerCase();
  if (s === undefined) return fallback;
  return ['true', '1', 'yes'].includes(s);
}

/** A secret input as a Secret (plain strings are wrapped, so they too mask themselves). */
function secret(inputs: Inputs, name: string): Secret | undefined {
  const v = inputs[name];
  if (v instanceof Secret) return v.isEmpty ? undefined : v;
  const s = str(inputs, name);
  return s === undefined ? undefined : new Secret(s);
}

/** Every Secret among the inputs, so the logger can redact them wherever they turn up. */
export function secretsIn(inputs: Inputs): Secret[] {
  return Object.values(inputs).filter((v): v is Secret => v instanceof Secret && !v.isEmpty);
}

/** The App's folders: the platform's `tc_*_path` inputs, or folders beside the bundle for local runs. */
export function pathsFromInputs(inputs: Inputs, installDir: string): AppPaths {
  const at = (name: string, fallback: string) => path.resolve(installDir, str(inputs, name) ?? fallback);
  return { installDir, out: at('tc_out_path', 'out'), temp: at('tc_temp_path', 'tmp'), log: str(inputs, 'tc_log_path') ? at('tc_log_path', 'log') : undefined };
}

/** Logger settings from `tc_log_*` (docs/platform-protocol.md §2 and §5). */
export function loggerOptionsFromInputs(inputs: Inputs, paths: AppPaths): LoggerOptions {
  return {
    logPath: paths.log,
    logFile: str(inputs, 'tc_log_file') ?? 'app.log',
    level: str(inputs, 'tc_log_level') ?? 'info',
    maxBytes: num(inputs, 'tc_log_max_bytes'),
    backupCount: num(inputs, 'tc_log_backup_count'),
    secrets: secretsIn(inputs),
  };
}

/**
 * TC client settings from the platform inputs: `tc_api_path`; HMAC from `tc_access_id` + `tc_secret_key` when
 * both are given, and the platform token `tc_token` / `tc_token_expires`; `tc_verify`; the proxy when `tc_proxy_tc`.
 */
export function tcOptionsFromInputs(inputs: Inputs, logger: Logger): TcClientOptions {
  const apiPath = str(inputs, 'tc_api_path');
  if (!apiPath) throw new Error('tc_api_path is required (the ThreatConnect API base URL, e.g. https://app.threatconnect.com/api)');
  const accessId = str(inputs, 'tc_access_id');
  const secretKey = secret(inputs, 'tc_secret_key');
  const token = secret(inputs, 'tc_token');
  const proxyHost = str(inputs, 'tc_proxy_host');
  return {
    apiPath,
    logger,
    verify: bool(inputs, 'tc_verify', true),
    hmac: accessId && secretKey ? { accessId, secretKey } : undefined,
    token: token ? { token, tokenExpires: num(inputs, 'tc_token_expires') ?? 0 } : undefined,
    proxy:
      proxyHost && bool(inputs, 'tc_proxy_tc', false)
        ? {
            host: proxyHost,
            port: num(inputs, 'tc_proxy_port') ?? 8080,
            username: str(inputs, 'tc_proxy_username'),
            password: secret(inputs, 'tc_proxy_password'),
          }
        : undefined,
  };
}
