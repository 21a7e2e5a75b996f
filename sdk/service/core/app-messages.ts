import type { NameValue } from '../name-values';

/** The counters Core shows on the Services page (up to four). */
export interface ServiceMetrics {
  Requests: number;
  Responses: number;
  Errors: number;
}

/** The body of a RunService answer is stored under this field of the request's Redis hash. */
export const RESPONSE_BODY_FIELD = 'response.body';

/** Messages the App publishes (docs/platform-protocol.md §3), built in one place so their shapes cannot drift. */
export const appMessages = {
  ready: (discoveryTypes: string[] = []) => ({ command: 'Ready', discoveryTypes }),
  heartbeat: (metric: ServiceMetrics) => ({ command: 'Heartbeat', metric: { ...metric } }),
  brokerCheck: (watchdogSeconds: number) => ({
    command: 'BrokerCheck',
    date: new Date().toISOString(),
    heartbeatWatchdogSeconds: watchdogSeconds,
  }),
  shutdownAcknowledged: () => ({ command: 'Acknowledged', type: 'Shutdown' }),
  runServiceAcknowledged: (requestKey: string, statusCode: number, status: string, headers: NameValue[]) => ({
    command: 'Acknowledged',
    type: 'RunService',
    requestKey,
    bodyVariable: RESPONSE_BODY_FIELD,
    statusCode: String(statusCode),
    status,
    headers,
  }),
};
