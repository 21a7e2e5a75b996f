import fs from 'node:fs';
import Redis from 'ioredis';
import { revealValue, type Secret } from '../../inputs/secret';
import type { Logger } from '../../logger';

export interface RedisOptions {
  host: string;
  /** `tc_kvstore_port`, or `tc_kvstore_tls_port` when TLS is on. */
  port: number;
  username?: string;
  password?: string | Secret;
  /** `tc_playbook_kvstore_id`. */
  db?: number;
  /** `tc_kvstore_tls_enabled`; a CA file may be given for a private CA. */
  tls?: boolean | { caFile?: string };
  /** Reconnect delays double from min to max. Defaults 100 ms and 5 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

function tlsOptions(tls: RedisOptions['tls']): { ca?: Buffer } | undefined {
  if (!tls) return undefined;
  return typeof tls === 'object' && tls.caFile ? { ca: fs.readFileSync(tls.caFile) } : {};
}

/**
 * A Redis client for Core's key-value store: connects lazily, reconnects forever with doubling delays, queues
 * commands while disconnected. Errors are logged once per outage instead of once per attempt.
 * @example const redis = createRedisClient({ host, port, password, db: 0 }, logger); await redis.hgetBuffer(key, 'request.body');
 */
export function createRedisClient(options: RedisOptions, logger?: Logger): Redis {
  const minDelay = options.reconnectMinMs ?? 100;
  const maxDelay = options.reconnectMaxMs ?? 5000;
  const where = `${options.host}:${options.port}`;
  const redis = new Redis({
    host: options.host,
    port: options.port,
    username: options.username || undefined,
    password: revealValue(options.password) || undefined,
    db: options.db ?? 0,
    tls: tlsOptions(options.tls),
    lazyConnect: true,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 20,
    retryStrategy: (times) => Math.min(maxDelay, minDelay * 2 ** Math.min(times - 1, 16)),
  });
  let down = false;
  let lastError: string | undefined;
  redis.on('error', (err: Error) => {
    lastError = err.message;
  });
  // One warning per outage, one info when it ends; a dropped connection need not raise an error at all.
  redis.on('reconnecting', () => {
    if (!down) logger?.warn('Lost the key-value store (Redis) connection; reconnecting', { redis: where, error: lastError });
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('Key-value store (Redis) connection restored', { redis: where });
    down = false;
    lastError = undefined;
  });
  return redis;
}

/** Waits until the client is ready, or rejects after `timeoutMs` with the last connection error. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  let lastError = '';
  const onError = (err: Error) => {
    lastError = err.message;
  };
  redis.on('error', onError);
  try {
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        const o = redis.options;
        reject(
          new Error(
            `Could not connect to the key-value store (Redis) at ${o.host}:${o.port} within ${Math.round(timeoutMs / 1000)} s${lastError ? `: ${lastError}` : ''}`,
          ),
        );
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', onReady);
    });
  } finally {
    redis.off('error', onError);
  }
}

/** Closes politely, or at once when the server is unreachable. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
