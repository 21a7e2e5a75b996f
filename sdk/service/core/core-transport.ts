import type { RequestListener } from 'node:http';
import type Redis from 'ioredis';
import type { Logger } from '../../logger';
import { DEFAULT_GRACE_MS, type ServiceTransport } from '../transport';
import { appMessages, type ServiceMetrics } from './app-messages';
import { connectBroker, type BrokerConnection, type BrokerOptions } from './connect-broker';
import { closeRedis, createRedisClient, waitForRedis, type RedisOptions } from './connect-redis';
import { parseCoreMessage, type CoreCommand } from './core-messages';
import { HeartbeatWatchdog } from './heartbeat-watchdog';
import { RequestLimiter } from './request-limiter';
import { answerRunService, errorAnswer, serveRunService, type RunServiceDeps } from './serve-run-service';
import { errorMessage } from '../../error-message';

export interface CoreTransportOptions {
  /** The express app (or any request listener). */
  handler: RequestListener;
  logger: Logger;
  broker: BrokerOptions;
  redis: RedisOptions;
  /** `tc_svc_server_topic`: Core → App. */
  serverTopic: string;
  /** `tc_svc_client_topic`: App → Core. */
  clientTopic: string;
  /** `tc_svc_hb_timeout_seconds`: shut down when Core's heartbeats stop for this long. */
  heartbeatTimeoutSeconds: number;
  /** Pause between publishing BrokerCheck and shutting down. Default 5 s, as TcEx. */
  brokerCheckWaitMs?: number;
  /** Requests served at once; more wait their turn. Default 16. */
  maxConcurrentRequests?: number;
  discoveryTypes?: string[];
  /** Core asked the service to stop (Shutdown), or its heartbeats stopped. Called once. */
  onShutdown(reason: string): void;
}

export interface CoreTransport extends ServiceTransport {
  readonly kind: 'core';
  readonly metrics: Readonly<ServiceMetrics>;
}

/**
 * Serves the app to ThreatConnect Core over MQTT + Redis (docs/platform-protocol.md §3): connects, subscribes to the server
 * topic, publishes Ready, then answers RunService, Heartbeat, Shutdown and LoggingChange until closed.
 * @example const core = await startCoreTransport({ handler: http.handler, logger, broker, redis, serverTopic, clientTopic, heartbeatTimeoutSeconds: 20, onShutdown });
 */
export async function startCoreTransport(options: CoreTransportOptions): Promise<CoreTransport> {
  const logger = options.logger.child({ component: 'core-transport' });
  const metrics: ServiceMetrics = { Requests: 0, Responses: 0, Errors: 0 };
  const limiter = new RequestLimiter(options.maxConcurrentRequests ?? 16);
  const redis: Redis = createRedisClient(options.redis, logger);
  let broker: BrokerConnection | undefined;
  let accepting = true;
  let shutdownRequested = false;
  let closed: Promise<void> | undefined;

  const publish = async (message: unknown) => {
    if (!broker) throw new Error('The message broker is not connected yet');
    await broker.publish(options.clientTopic, message);
  };
  const deps: RunServiceDeps = { handler: options.handler, redis, logger, metrics, publish };

  const requestShutdown = (reason: string) => {
    if (shutdownRequested) return;
    shutdownRequested = true;
    stopWatching();
    options.onShutdown(reason);
  };

  let brokerCheckTimer: NodeJS.Timeout | undefined;
  const watchdog = new HeartbeatWatchdog(options.heartbeatTimeoutSeconds * 1000, () => {
    logger.error('No heartbeat from Core in time; checking the broker, then shutting down', { timeoutSeconds: options.heartbeatTimeoutSeconds });
    // TcEx sends the check to its own server topic: if the broker still works, the service hears it back.
    broker?.publish(options.serverTopic, appMessages.brokerCheck(options.heartbeatTimeoutSeconds)).catch(() => undefined);
    brokerCheckTimer = setTimeout(
      () => requestShutdown(`No heartbeat from Core within ${options.heartbeatTimeoutSeconds} s`),
      options.brokerCheckWaitMs ?? 5000,
    );
  });
  const stopWatching = () => {
    watchdog.stop();
    clearTimeout(brokerCheckTimer);
  };

  const failed = (what: string) => (err: unknown) => {
    metrics.Errors += 1;
    logger.error(what, { error: errorMessage(err) });
  };

  const onCommand = (command: CoreCommand) => {
    logger.debug('Command from Core', { command: command.kind });
    switch (command.kind) {
      case 'runService': {
        metrics.Requests += 1;
        const { requestKey } = command.request;
        if (!accepting) {
          answerRunService(requestKey, errorAnswer(503, 'Service Unavailable', 'The service is shutting down'), deps).catch(
            failed('Could not answer a RunService'),
          );
          return;
        }
        limiter.run(() => serveRunService(command.request, deps)).catch(failed('Could not answer a RunService'));
        return;
      }
      case 'heartbeat':
        watchdog.beat();
        publish(appMessages.heartbeat(metrics)).catch(failed('Could not answer a Heartbeat'));
        logger.debug('Heartbeat answered', { metric: { ...metrics } });
        return;
      case 'shutdown':
        logger.info('Shutdown requested by Core', { reason: command.reason });
        publish(appMessages.shutdownAcknowledged())
          .catch(failed('Could not acknowledge Shutdown'))
          .finally(() => requestShutdown(command.reason ?? 'Shutdown requested by Core'));
        return;
      case 'loggingChange':
        try {
          options.logger.setLevel(command.level);
          logger.info('Log level changed by Core', { level: command.level });
        } catch (err) {
          logger.warn('LoggingChange ignored', { level: command.level, error: (err as Error).message });
        }
        return;
      case 'acknowledged':
        logger.info('Core acknowledged', { type: command.message.type });
        return;
      case 'brokerCheck':
        logger.warn('Broker check received', { date: command.message.date });
        return;
      case 'unknown':
        logger.warn('Unknown command from Core ignored', { command: command.command });
        return;
      case 'malformed':
        logger.warn('Malformed message from Core ignored', { problems: command.problems, requestKey: command.requestKey });
        if (command.requestKey) {
          metrics.Requests += 1;
          // Core waits for an answer to every requestKey it sent: tell it what was wrong instead of timing out.
          const answer = errorAnswer(400, 'Bad Request', 'Malformed RunService message', { problems: command.problems });
          answerRunService(command.requestKey, answer, deps).catch(failed('Could not answer a malformed RunService'));
        }
        return;
    }
  };

  const onMessage = (_topic: string, payload: Buffer) => {
    try {
      onCommand(parseCoreMessage(payload));
    } catch (err) {
      failed('A message from Core could not be handled')(err);
    }
  };

  const timeoutSeconds = options.broker.connectTimeoutSeconds ?? 60;
  try {
    await waitForRedis(redis, timeoutSeconds * 1000);
    broker = await connectBroker(options.broker, { topics: [options.serverTopic], logger, onMessage });
    await publish(appMessages.ready(options.discoveryTypes ?? []));
  } catch (err) {
    await broker?.close().catch(() => undefined);
    await closeRedis(redis);
    throw err;
  }
  watchdog.start();
  logger.info('Service ready: Ready sent to Core', { serverTopic: options.serverTopic, clientTopic: options.clientTopic });

  const connectedBroker = broker;
  return {
    kind: 'core',
    metrics,
    stopAccepting() {
      accepting = false;
      stopWatching();
    },
    close(graceMs = DEFAULT_GRACE_MS) {
      closed ??= (async () => {
        accepting = false;
        stopWatching();
        if (!(await limiter.drain(graceMs))) logger.warn('Closing with requests still running', { running: limiter.running, queued: limiter.queued });
        await connectedBroker.close().catch((err: Error) => logger.warn('Broker close failed', { error: err.message }));
        await closeRedis(redis);
        logger.info('Core transport closed', { metric: { ...metrics } });
      })();
      return closed;
    },
    health: () => ({
      transport: 'core',
      broker: connectedBroker.connected ? 'connected' : 'reconnecting',
      redis: redis.status,
      requestsRunning: limiter.running,
      requestsQueued: limiter.queued,
      metric: { ...metrics },
    }),
  };
}
