import { Secret } from '../inputs/secret';
import type { BrokerOptions } from './core/connect-broker';
import type { RedisOptions } from './core/connect-redis';

type Value = string | number | boolean | Secret | undefined | null;

/** The platform inputs the transports read (docs/platform-protocol.md §2), in whatever shape the inputs loader gives them. */
export interface ServiceInputs {
  tc_svc_broker_host?: Value;
  tc_svc_broker_port?: Value;
  tc_svc_broker_token?: Value;
  tc_svc_broker_cacert_file?: Value;
  tc_svc_broker_conn_timeout?: Value;
  tc_svc_server_topic?: Value;
  tc_svc_client_topic?: Value;
  tc_svc_hb_timeout_seconds?: Value;
  tc_kvstore_host?: Value;
  tc_kvstore_port?: Value;
  tc_kvstore_user?: Value;
  tc_kvstore_pass?: Value;
  tc_kvstore_tls_enabled?: Value;
  tc_kvstore_tls_port?: Value;
  tc_playbook_kvstore_id?: Value;
  service_host?: Value;
  service_port?: Value;
  service_access_token?: Value;
  service_allowed_hosts?: Value;
}

export interface CoreInputs {
  broker: BrokerOptions;
  redis: RedisOptions;
  serverTopic: string;
  clientTopic: string;
  heartbeatTimeoutSeconds: number;
}

/** Defaults TcEx applies when the platform leaves an input out. */
export const CORE_DEFAULTS = { brokerPort: 1883, connTimeoutSeconds: 60, heartbeatTimeoutSeconds: 20, kvstorePort: 6379 } as const;

function text(v: Value): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = v instanceof Secret ? v.reveal() : String(v);
  return s.trim() === '' ? undefined : s.trim();
}

class Problems {
  readonly list: string[] = [];
  number(name: string, v: Value, fallback: number | undefined, { min = 0, integer = true } = {}): number {
    const raw = text(v);
    if (raw === undefined) {
      if (fallback === undefined) this.list.push(`${name} is required`);
      return fallback ?? 0;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      this.list.push(`${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got "${raw}"`);
    }
    return n;
  }
  required(name: string, v: Value): string {
    const s = text(v);
    if (s === undefined) this.list.push(`${name} is required`);
    return s ?? '';
  }
}

function flag(v: Value): boolean {
  return v === true || (typeof v === 'string' && ['true', '1', 'yes'].includes(v.trim().toLowerCase()));
}

/**
 * The Core transport's settings from the platform inputs; every missing or invalid one is reported in one error.
 * @example const core = coreInputs(inputs); await startCoreTransport({ ...core, handler, logger, onShutdown });
 */
export function coreInputs(inputs: ServiceInputs): CoreInputs {
  const p = new Problems();
  const tls = flag(inputs.tc_kvstore_tls_enabled ?? undefined);
  const plainPort = p.number('tc_kvstore_port', inputs.tc_kvstore_port, CORE_DEFAULTS.kvstorePort, { min: 1 });
  const result: CoreInputs = {
    broker: {
      host: p.required('tc_svc_broker_host', inputs.tc_svc_broker_host),
      port: p.number('tc_svc_broker_port', inputs.tc_svc_broker_port, CORE_DEFAULTS.brokerPort, { min: 1 }),
      token: inputs.tc_svc_broker_token instanceof Secret ? inputs.tc_svc_broker_token : text(inputs.tc_svc_broker_token),
      caFile: text(inputs.tc_svc_broker_cacert_file),
      connectTimeoutSeconds: p.number('tc_svc_broker_conn_timeout', inputs.tc_svc_broker_conn_timeout, CORE_DEFAULTS.connTimeoutSeconds, { min: 1 }),
    },
    redis: {
      host: p.required('tc_kvstore_host', inputs.tc_kvstore_host),
      port: tls ? p.number('tc_kvstore_tls_port', inputs.tc_kvstore_tls_port, plainPort, { min: 1 }) : plainPort,
      username: text(inputs.tc_kvstore_user),
      password: inputs.tc_kvstore_pass instanceof Secret ? inputs.tc_kvstore_pass : text(inputs.tc_kvstore_pass),
      db: p.number('tc_playbook_kvstore_id', inputs.tc_playbook_kvstore_id, 0),
      tls,
    },
    serverTopic: p.required('tc_svc_server_topic', inputs.tc_svc_server_topic),
    clientTopic: p.required('tc_svc_client_topic', inputs.tc_svc_client_topic),
    heartbeatTimeoutSeconds: p.number('tc_svc_hb_timeout_seconds', inputs.tc_svc_hb_timeout_seconds, CORE_DEFAULTS.heartbeatTimeoutSeconds, {
      min: 1,
      integer: false,
    }),
  };
  if (p.list.length > 0) throw new Error(`The service's platform inputs are incomplete: ${p.list.join('; ')}`);
  return result;
}

export interface StandaloneInputs {
  host: string;
  port: number;
  /** Undefined: a token made at start; false: none (`--no-token`). */
  accessToken?: string | Secret | false;
  allowedHosts: string[];
}

/**
 * The standalone server's settings: command-line flags win over the inputs `service_host`, `service_port` and
 * `service_access_token`; defaults 127.0.0.1 and 8080.
 */
export function standaloneInputs(inputs: ServiceInputs, flags: { host?: string; port?: string; noToken?: boolean } = {}): StandaloneInputs {
  const p = new Problems();
  const host = flags.host ?? text(inputs.service_host) ?? '127.0.0.1';
  const port = p.number(flags.port !== undefined ? '--port' : 'service_port', flags.port ?? inputs.service_port, 8080);
  if (port > 65535) p.list.push(`port must be at most 65535, got ${port}`);
  if (p.list.length > 0) throw new Error(`The standalone server settings are invalid: ${p.list.join('; ')}`);
  const token = inputs.service_access_token;
  const allowedHosts = (text(inputs.service_allowed_hosts) ?? '').split(/[\s,|]+/).filter(Boolean);
  const accessToken = flags.noToken ? false : token instanceof Secret ? token : text(token);
  return { host, port, ...(accessToken === undefined ? {} : { accessToken }), allowedHosts };
}

/** True when the inputs say the platform runs the service (Core transport). */
export function hasBroker(inputs: ServiceInputs): boolean {
  return text(inputs.tc_svc_broker_host) !== undefined;
}
