import fs from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { revealValue, type Secret } from '../../inputs/secret';
import type { Logger } from '../../logger';

export interface BrokerOptions {
  host: string;
  port: number;
  /** `tc_svc_broker_token`: sent as the password, with an empty username. */
  token?: string | Secret;
  /** `tc_svc_broker_cacert_file`: connect over TLS, trusting this CA, when given. */
  caFile?: string;
  /** `tc_svc_broker_conn_timeout`: how long the first connection may take. Default 60. */
  connectTimeoutSeconds?: number;
  /** Reconnect delays double from min to max. Defaults 500 ms and 30 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  keepaliveSeconds?: number;
  clientId?: string;
}

/** A broker session that reconnects by itself and re-subscribes after every reconnect. */
export interface BrokerConnection {
  readonly connected: boolean;
  /** Publishes one JSON message (QoS 0); while disconnected it is queued and sent on reconnect. */
  publish(topic: string, message: unknown): Promise<void>;
  close(): Promise<void>;
}

export interface BrokerHandlers {
  topics: string[];
  logger: Logger;
  onMessage(topic: string, payload: Buffer): void;
  /** After each (re)connection, once the topics are subscribed. */
  onSubscribed?(reconnected: boolean): void;
}

/**
 * mqtt.js leaves Nagle's algorithm on, and it writes a packet in pieces: each small message would wait for the
 * peer's delayed ACK (~40 ms). Messages here are small and latency-bound, so send at once.
 */
export function disableNagle(client: MqttClient): void {
  const stream = client.stream as { setNoDelay?: (noDelay: boolean) => void } | undefined;
  stream?.setNoDelay?.(true);
}

function clientOptions(options: BrokerOptions): IClientOptions {
  const password = revealValue(options.token);
  return {
    host: options.host,
    port: options.port,
    protocol: options.caFile ? 'mqtts' : 'mqtt',
    ...(options.caFile ? { ca: fs.readFileSync(options.caFile), rejectUnauthorized: true } : {}),
    // Core authenticates the App by the token alone: empty username, token as password (TcEx does the same).
    ...(password !== undefined ? { username: '', password } : {}),
    clientId: options.clientId ?? '',
    clean: true,
    keepalive: options.keepaliveSeconds ?? 60,
    connectTimeout: (options.connectTimeoutSeconds ?? 60) * 1000,
    // Reconnects are scheduled here, with backoff, rather than at mqtt.js's fixed period.
    reconnectPeriod: 0,
    queueQoSZero: true,
  };
}

/**
 * Connects to the broker and subscribes; resolves once the first subscription is in place, or rejects when that
 * does not happen within the connect timeout. Later drops are retried forever with doubling delays.
 * @example const broker = await connectBroker({ host, port, token }, { topics: [serverTopic], logger, onMessage });
 */
export function connectBroker(options: BrokerOptions, handlers: BrokerHandlers): Promise<BrokerConnection> {
  const { logger } = handlers;
  const where = `${options.host}:${options.port}`;
  const minDelay = options.reconnectMinMs ?? 500;
  const maxDelay = options.reconnectMaxMs ?? 30_000;
  const client: MqttClient = mqtt.connect(clientOptions(options));
  let closing = false;
  let attempts = 0;
  let everSubscribed = false;
  let lastError: string | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const connection: BrokerConnection = {
    get connected() {
      return client.connected;
    },
    async publish(topic, message) {
      await client.publishAsync(topic, typeof message === 'string' ? message : JSON.stringify(message), { qos: 0 });
    },
    async close() {
      closing = true;
      clearTimeout(reconnectTimer);
      await client.endAsync();
    },
  };

  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => {
        if (everSubscribed) return;
        closing = true;
        clearTimeout(reconnectTimer);
        client.end(true);
        reject(
          new Error(`Could not connect to the message broker at ${where} within ${options.connectTimeoutSeconds ?? 60} s${lastError ? `: ${lastError}` : ''}`),
        );
      },
      (options.connectTimeoutSeconds ?? 60) * 1000,
    );

    client.on('message', (topic, payload) => handlers.onMessage(topic, payload));
    client.on('error', (err) => {
      lastError = err.message;
      logger.debug('Message broker error', { broker: where, error: err.message });
    });
    client.on('connect', () => {
      attempts = 0;
      disableNagle(client);
      client.subscribe(handlers.topics, { qos: 0 }, (err) => {
        if (err) {
          logger.error('Could not subscribe to the server topic', { broker: where, error: err.message });
          client.end(true, () => scheduleReconnect());
          return;
        }
        const reconnected = everSubscribed;
        everSubscribed = true;
        logger.info(reconnected ? 'Reconnected to the message broker' : 'Connected to the message broker', { broker: where, topics: handlers.topics });
        handlers.onSubscribed?.(reconnected);
        if (!reconnected) {
          clearTimeout(deadline);
          resolve(connection);
        }
      });
    });
    client.on('close', () => scheduleReconnect());

    function scheduleReconnect(): void {
      if (closing || reconnectTimer) return;
      const delay = Math.min(maxDelay, minDelay * 2 ** Math.min(attempts, 16));
      attempts += 1;
      if (everSubscribed && attempts === 1) logger.warn('Lost the message broker connection; reconnecting', { broker: where });
      logger.debug('Reconnecting to the message broker', { broker: where, delayMs: delay, attempt: attempts, error: lastError });
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        if (!closing) client.reconnect();
      }, delay);
    }
  });
}
