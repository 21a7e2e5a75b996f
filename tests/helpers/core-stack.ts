import type { Logger } from '../../sdk/logger';
import { startCoreTransport, type CoreTransport, type CoreTransportOptions } from '../../sdk/service/core/core-transport';
import { startCoreEmulator, type CoreEmulator } from '../../sdk/testing/core-emulator';
import type { SystemService } from '../../sdk/testing/system-services';
import { buildTestApp } from './test-service';
import { createSlowGate, type SlowGate } from './test-routes';
import type { ServiceHttpApp } from '../../sdk/service/create-http-app';

export interface CoreStack {
  emulator: CoreEmulator;
  transport: CoreTransport;
  http: ServiceHttpApp;
  slow: SlowGate;
  /** Reasons passed to onShutdown, in order. */
  shutdowns: string[];
  stop(): Promise<void>;
}

export interface CoreStackOptions {
  broker: SystemService;
  redis: SystemService;
  logger: Logger;
  redisPassword?: string;
  redisDb?: number;
  overrides?: Partial<CoreTransportOptions>;
}

/** The test app served by a Core transport, with a Core emulator on its own topics, over the given broker and Redis. */
export async function startCoreStack(options: CoreStackOptions): Promise<CoreStack> {
  const { broker, redis, logger } = options;
  const redisConn = { port: redis.port, password: options.redisPassword, db: options.redisDb };
  const emulator = await startCoreEmulator({ broker: { port: broker.port }, redis: redisConn, timeoutMs: 8000 });
  const slow = createSlowGate();
  const { http } = buildTestApp(logger, slow);
  const shutdowns: string[] = [];
  const transport = await startCoreTransport({
    handler: http.handler,
    logger,
    broker: { host: broker.host, port: broker.port, token: 'broker-token-abc', connectTimeoutSeconds: 10, reconnectMinMs: 100, reconnectMaxMs: 1000 },
    redis: { host: redis.host, ...redisConn, reconnectMaxMs: 500 },
    serverTopic: emulator.serverTopic,
    clientTopic: emulator.clientTopic,
    heartbeatTimeoutSeconds: 60,
    onShutdown: (reason) => shutdowns.push(reason),
    ...options.overrides,
  });
  http.health.add('service', () => transport.health());
  await emulator.waitForReady();
  return {
    emulator,
    transport,
    http,
    slow,
    shutdowns,
    async stop() {
      slow.release();
      await transport.close(2000);
      await emulator.close();
    },
  };
}
