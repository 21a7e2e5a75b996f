import { createHttpApp, type ServiceHttpApp } from '../../sdk/service/create-http-app';
import type { Logger } from '../../sdk/logger';
import { TEST_BODY_LIMIT } from './route-cases';
import { createSlowGate, registerTestRoutes, type SlowGate } from './test-routes';

/** The service's express app with the test routes, as both transports serve it. */
export function buildTestApp(logger: Logger, slow: SlowGate = createSlowGate()): { http: ServiceHttpApp; slow: SlowGate } {
  const http = createHttpApp({ logger, bodyLimit: TEST_BODY_LIMIT });
  registerTestRoutes(http.routes, slow);
  http.health.add('app', () => ({ exports: 'idle' }));
  return { http, slow };
}
