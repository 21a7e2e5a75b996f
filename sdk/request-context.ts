import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the service request being handled, carried across awaits. */
export interface RequestContext {
  /** The transport's id for the request (Core's requestKey, or a generated id for standalone HTTP). */
  requestId: string;
  /** Core's service token (`SVC:…`) for this request: every TC API call made while handling it uses it. */
  apiToken?: string;
  /** Epoch seconds at which `apiToken` expires. */
  apiTokenExpires?: number;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The service token of the request being handled, if any. */
export function currentApiToken(): string | undefined {
  return requestContext.getStore()?.apiToken;
}

/**
 * Runs `fn` outside any request, so work it starts (a job that outlives the request) uses the App's own
 * credentials rather than a request's short-lived service token.
 * @example outsideRequest(() => void runJob(ctx, id, signal));
 */
export function outsideRequest<T>(fn: () => T): T {
  return requestContext.exit(fn);
}
