import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { disableNagle } from '../../service/core/connect-broker';
import { closeRedis, createRedisClient, waitForRedis } from '../../service/core/connect-redis';
import { findHeader, toNameValues, type NameValueInput } from '../../service/name-values';
import { toEmulatedResponse, type EmulatedResponse } from './emulated-response';
import { isCommand, MessageLog } from './message-log';

export interface CoreEmulatorOptions {
  broker: { host?: string; port: number };
  redis: { host?: string; port: number; password?: string; db?: number };
  /** Topics; unique ones are made up when absent (pass them on to the App). */
  serverTopic?: string;
  clientTopic?: string;
  /** How long to wait for the App's answers. Default 10 s. */
  timeoutMs?: number;
  /** The service token sent with every RunService unless a request names its own. */
  apiToken?: string;
}

export interface EmulatedRequestOptions {
  /** A Buffer or string is sent as it is; anything else as JSON (with `content-type: application/json`). */
  body?: unknown;
  query?: NameValueInput;
  headers?: NameValueInput;
  apiToken?: string;
  expireSeconds?: number;
  timeoutMs?: number;
}

export interface CoreEmulator {
  readonly serverTopic: string;
  readonly clientTopic: string;
  /** Every message the App published (client topic, plus its BrokerCheck on the server topic), parsed. */
  readonly messages: Array<Record<string, unknown>>;
  /** One HTTP request the way Core delivers it: body into Redis, RunService, wait for Acknowledged, body from Redis. */
  request(method: string, path: string, options?: EmulatedRequestOptions): Promise<EmulatedResponse>;
  /** Sends Heartbeat and resolves with the App's reply. */
  heartbeat(): Promise<Record<string, unknown>>;
  /** Sends Shutdown and resolves with the App's Acknowledged. */
  shutdown(reason?: string): Promise<Record<string, unknown>>;
  loggingChange(level: string): Promise<void>;
  /** Publishes anything on the server topic (objects as JSON). */
  sendRaw(payload: string | Buffer | object): Promise<void>;
  /** The first message from index `from` on that matches, waiting for it. */
  waitForMessage(predicate: (m: Record<string, unknown>) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<Record<string, unknown>>;
  /** Resolves once the App has published Ready. */
  waitForReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function encodeBody(body: unknown): { bytes?: Buffer; json: boolean } {
  if (body === undefined) return { json: false };
  if (Buffer.isBuffer(body)) return { bytes: body, json: false };
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8'), json: false };
  return { bytes: Buffer.from(JSON.stringify(body), 'utf8'), json: true };
}

/**
 * Plays ThreatConnect Core against a running service over a real broker and Redis, for tests, the demo and
 * benchmarks.
 * @example const core = await startCoreEmulator({ broker: { port }, redis: { port } }); const res = await core.request('GET', 'api/health');
 */
export async function startCoreEmulator(options: CoreEmulatorOptions): Promise<CoreEmulator> {
  const serverTopic = options.serverTopic ?? `tc/svc/server/${randomUUID()}`;
  const clientTopic = options.clientTopic ?? `tc/svc/client/${randomUUID()}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = new MessageLog();
  const sentByUs = new Map<string, number>();
  const redis: Redis = createRedisClient({ ...options.redis, host: options.redis.host ?? '127.0.0.1', reconnectMaxMs: 500 });
  await waitForRedis(redis, timeoutMs);
  const client: MqttClient = await mqtt.connectAsync({
    host: options.broker.host ?? '127.0.0.1',
    port: options.broker.port,
    clean: true,
    reconnectPeriod: 100,
  });
  client.on('error', () => undefined);
  disableNagle(client);
  const subscribe = () => client.subscribeAsync([serverTopic, clientTopic], { qos: 0 });
  client.on('connect', () => {
    disableNagle(client);
    void subscribe().catch(() => undefined);
  });
  await subscribe();

  client.on('message', (topic, payload) => {
    const text = payload.toString('utf8');
    if (topic === serverTopic) {
      // The server topic carries our own messages too; only what the App sent there (BrokerCheck) is recorded.
      const count = sentByUs.get(text) ?? 0;
      if (count > 0) {
        if (count === 1) sentByUs.delete(text);
        else sentByUs.set(text, count - 1);
        return;
      }
    }
    try {
      const parsed: unknown = JSON.parse(text);
      log.add(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { raw: text });
    } catch {
      log.add({ raw: text });
    }
  });

  const publish = async (payload: string | Buffer | object) => {
    const data = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    const text = data.toString();
    sentByUs.set(text, (sentByUs.get(text) ?? 0) + 1);
    await client.publishAsync(serverTopic, data, { qos: 0 });
  };

  return {
    serverTopic,
    clientTopic,
    messages: log.messages,
    async request(method, path, req = {}) {
      const requestKey = randomUUID();
      const headers = toNameValues(req.headers);
      const { bytes, json } = encodeBody(req.body);
      if (json && !findHeader(headers, 'content-type')) headers.push({ name: 'Content-Type', value: 'application/json' });
      if (bytes && bytes.length > 0) await redis.hset(requestKey, 'request.body', bytes);
      const from = log.messages.length;
      await publish({
        command: 'RunService',
        requestKey,
        method,
        path,
        queryParams: toNameValues(req.query),
        headers,
        bodyVariable: 'request.body',
        apiToken: req.apiToken ?? options.apiToken ?? 'SVC:emulated-service-token',
        expireSeconds: req.expireSeconds ?? Math.floor(Date.now() / 1000) + 3600,
        appId: 1,
        remoteAddress: '127.0.0.1',
        requestUrl: `/api/services/emulated/v1/${path.replace(/^\//, '')}`,
      });
      const ack = await log.waitFor(
        (m) => isCommand(m, 'Acknowledged', 'RunService') && m.requestKey === requestKey,
        req.timeoutMs ?? timeoutMs,
        from,
        `Acknowledged for RunService ${method} ${path}`,
      );
      const body = (await redis.hgetBuffer(requestKey, String(ack.bodyVariable ?? 'response.body'))) ?? Buffer.alloc(0);
      await redis.del(requestKey);
      return toEmulatedResponse(ack, body);
    },
    async heartbeat() {
      const from = log.messages.length;
      await publish({ command: 'Heartbeat', metric: {}, memoryPercent: 0, cpuPercent: 0 });
      return log.waitFor((m) => isCommand(m, 'Heartbeat'), timeoutMs, from, 'a Heartbeat reply');
    },
    async shutdown(reason = 'Service disabled by user.') {
      const from = log.messages.length;
      await publish({ command: 'Shutdown', reason });
      return log.waitFor((m) => isCommand(m, 'Acknowledged', 'Shutdown'), timeoutMs, from, 'Acknowledged for Shutdown');
    },
    async loggingChange(level) {
      await publish({ command: 'LoggingChange', level });
    },
    sendRaw: publish,
    waitForMessage: (predicate, opts = {}) => log.waitFor(predicate, opts.timeoutMs ?? timeoutMs, opts.from ?? 0),
    async waitForReady(readyTimeoutMs = timeoutMs) {
      await log.waitFor((m) => isCommand(m, 'Ready'), readyTimeoutMs, 0, 'Ready');
    },
    async close() {
      await client.endAsync();
      await closeRedis(redis);
    },
  };
}
