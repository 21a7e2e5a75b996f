import type { RequestListener } from 'node:http';
import type Redis from 'ioredis';
import type { Logger } from '../../logger';
import { requestContext } from '../../request-context';
import { dispatchRequest, type InProcessResponse } from '../dispatch-request';
import { appMessages, RESPONSE_BODY_FIELD, type ServiceMetrics } from './app-messages';
import type { RunServiceRequest } from './core-messages';

export interface RunServiceDeps {
  handler: RequestListener;
  redis: Redis;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Publishes on the client topic. */
  publish(message: unknown): Promise<void>;
}

/** A JSON error answer built without the express app (the app never saw the request). */
export function errorAnswer(status: number, statusText: string, error: string, details?: unknown): InProcessResponse {
  const body = Buffer.from(JSON.stringify(details === undefined ? { error } : { error, details }));
  return {
    status,
    statusText,
    headers: [
      { name: 'content-type', value: 'application/json; charset=utf-8' },
      { name: 'content-length', value: String(body.length) },
    ],
    body,
  };
}

/**
 * Answers Core: the body goes into Redis first (`HSET <requestKey> response.body`, only when there is one), then
 * Acknowledged is published, so Core never reads the hash before the body is there.
 */
export async function answerRunService(requestKey: string, response: InProcessResponse, deps: RunServiceDeps): Promise<void> {
  let answer = response;
  if (answer.body.length > 0) {
    try {
      await deps.redis.hset(requestKey, RESPONSE_BODY_FIELD, answer.body);
    } catch (err) {
      deps.logger.error('Could not write the response body to the key-value store', { requestKey, error: (err as Error).message });
      answer = { status: 500, statusText: 'Internal Server Error', headers: [], body: Buffer.alloc(0) };
    }
  }
  if (answer.status >= 500) deps.metrics.Errors += 1;
  await deps.publish(appMessages.runServiceAcknowledged(requestKey, answer.status, answer.statusText, answer.headers));
  deps.metrics.Responses += 1;
}

/** One RunService: body from Redis, the express app in-process inside the request's context, the answer back. */
export async function serveRunService(request: RunServiceRequest, deps: RunServiceDeps): Promise<void> {
  const { requestKey, method, path } = request;
  const log = deps.logger.child({ requestKey });
  log.debug('RunService received', { method, path });
  let body: Buffer | null = null;
  if (request.bodyVariable) {
    try {
      body = await deps.redis.hgetBuffer(requestKey, request.bodyVariable);
    } catch (err) {
      log.error('Could not read the request body from the key-value store', { error: (err as Error).message });
      await answerRunService(requestKey, errorAnswer(503, 'Service Unavailable', 'The request body could not be read'), deps);
      return;
    }
  }
  let response: InProcessResponse;
  try {
    const context = { requestId: requestKey, apiToken: request.apiToken, apiTokenExpires: request.expireSeconds };
    response = await requestContext.run(context, () =>
      dispatchRequest(deps.handler, {
        method,
        path,
        query: request.queryParams,
        headers: request.headers,
        body: body ?? undefined,
        remoteAddress: request.remoteAddress,
        secure: true,
      }),
    );
  } catch (err) {
    log.error('The request could not be handled', { method, path, error: (err as Error).message });
    response = errorAnswer(500, 'Internal Server Error', 'Internal server error', { requestId: requestKey });
  }
  await answerRunService(requestKey, response, deps);
}
