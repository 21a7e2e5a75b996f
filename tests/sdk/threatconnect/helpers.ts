import { createCapturedLogger, type CapturedLogger } from '../../../sdk/testing/capture-logger';
import { startTcSimulator, type TcSimulator, type TcSimulatorOptions } from '../../../sdk/testing/tc-simulator';
import { createTcClient, type TcClient, type TcClientOptions } from '../../../sdk/threatconnect';

/** Retries that keep tests fast: the same policy as production, in milliseconds instead of seconds. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 2, maxDelayMs: 10 };

export interface SimHarness {
  sim: TcSimulator;
  tc: TcClient;
  logs: CapturedLogger;
  /** Requests the simulator saw whose path ends with `suffix`. */
  requestsTo(suffix: string): TcSimulator['requests'];
  close(): Promise<void>;
}

/** A simulator plus an HMAC client with captured debug logs and fast retries. */
export async function startHarness(simOptions: TcSimulatorOptions = {}, clientOptions: Partial<TcClientOptions> = {}): Promise<SimHarness> {
  const sim = await startTcSimulator(simOptions);
  const logs = createCapturedLogger({ level: 'debug' });
  const tc = createTcClient({ apiPath: sim.apiPath, hmac: sim.credentials, logger: logs.logger, retry: FAST_RETRY, ...clientOptions });
  return {
    sim,
    tc,
    logs,
    requestsTo: (suffix) => sim.requests.filter((r) => r.path.endsWith(suffix)),
    async close() {
      tc.close();
      await sim.close();
      await logs.logger.close();
    },
  };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}
