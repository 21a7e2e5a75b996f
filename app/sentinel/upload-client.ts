import { HttpAuthError, sleep, type Logger } from '../../sdk';
import { bearerAuth, createExternalHttp, type ExternalHttpOptions } from './external-http';
import type { JsonText, StixUploader, UploadOutcome } from '../export/stix-uploader';
import { SENTINEL_LIMITS, uploadUrl, type SentinelLimits } from './limits';
import { createPacer, type Pacer, type PacerMemory } from './pacer';
import { SentinelError, uploadStatusError } from './sentinel-error';
import type { TokenProvider } from './token-provider';
import { errorDetails, parseRejections, retryAfterMs } from './upload-response';

export interface UploadClientOptions extends ExternalHttpOptions {
  apiUrl: string;
  workspaceId: string;
  /** `ThreatConnect-<Sentinel Source Name>` */
  sourceSystem: string;
  tokenProvider: TokenProvider;
  logger: Logger;
  limits?: Partial<SentinelLimits>;
  /** Shared pacer (one per caller identity); default one built from the limits. */
  pacer?: Pacer;
  /** Where the default pacer keeps its window across restarts (the App's state). */
  pacerMemory?: PacerMemory;
  /** Test hooks. */
  random?: () => number;
  now?: () => number;
}

export interface UploadClient extends StixUploader {
  readonly pacer: Pacer;
  /** Convenience for objects not yet serialized. */
  uploadObjects(objects: object[], signal?: AbortSignal): Promise<UploadOutcome>;
  close(): void;
}

const COMMA = Buffer.from(',');
const END = Buffer.from(']}');

/** The request body: the prefix, the objects' JSON comma-separated, and the closing brackets, as one buffer. */
function requestBody(prefix: Buffer, objects: readonly JsonText[]): Buffer {
  const parts: Uint8Array[] = [prefix];
  objects.forEach((object, i) => {
    if (i > 0) parts.push(COMMA);
    if (typeof object === 'string') parts.push(Buffer.from(object));
    else if (object instanceof Uint8Array) parts.push(object);
    else parts.push(...object);
  });
  parts.push(END);
  return Buffer.concat(parts);
}

function networkMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(err);
}

/**
 * Uploads batches of STIX objects to Sentinel's threat-intelligence upload API, paced under the request limit,
 * waiting as told on 429, retrying 5xx, timeouts and resets with jittered backoff, and renewing the token once on
 * 401. Never throws for an HTTP failure: a batch that cannot be sent comes back `failed` with a reason.
 * @example const client = createUploadClient({ apiUrl, workspaceId, sourceSystem, tokenProvider, logger }); await client.upload(jsonTexts)
 */
export function createUploadClient(options: UploadClientOptions): UploadClient {
  const limits: SentinelLimits = { ...SENTINEL_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pacer =
    options.pacer ??
    createPacer({ maxRequests: limits.maxRequestsPerWindow, windowMs: limits.windowMs, now, ...(options.pacerMemory ? { memory: options.pacerMemory } : {}) });
  const http = createExternalHttp(options, limits.requestTimeoutMs, bearerAuth(options.tokenProvider));
  const url = uploadUrl(options.apiUrl, options.workspaceId, limits);
  const log = options.logger.child({ component: 'sentinel-upload' });
  const prefix = Buffer.from(`{"sourcesystem":${JSON.stringify(options.sourceSystem)},"stixobjects":[`);
  const backoff = (attempt: number) => {
    const ceiling = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };

  async function upload(objects: readonly JsonText[], signal?: AbortSignal): Promise<UploadOutcome> {
    if (objects.length === 0) return { status: 'ok', accepted: 0, rejected: [] };
    if (objects.length > limits.maxObjectsPerRequest) {
      throw new Error(`A batch holds at most ${limits.maxObjectsPerRequest} objects, got ${objects.length}`);
    }
    const body = requestBody(prefix, objects);
    let attempts = 0;
    let throttled = 0;
    let renewed = false;
    let renewedAt = 0;
    let lastError: SentinelError | undefined;
    while (attempts < limits.maxAttempts) {
      const settle = await pacer.acquire(signal);
      attempts += 1;
      let status: number;
      let text: string;
      let headers: Record<string, unknown>;
      try {
        const res = await http.request({
          url,
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          renew: renewed && attempts === renewedAt,
          ...(signal ? { signal } : {}),
        });
        settle();
        status = res.status;
        text = typeof res.data === 'string' ? res.data : '';
        headers = res.headers as Record<string, unknown>;
      } catch (err) {
        settle();
        if (err instanceof HttpAuthError) {
          // No token: nothing was sent.
          const error = err.cause instanceof SentinelError ? err.cause : new SentinelError(networkMessage(err.cause));
          return { status: 'failed', error, attempts, fatal: error.fatal };
        }
        signal?.throwIfAborted();
        lastError = new SentinelError(`Upload request failed: ${networkMessage(err)}`, { cause: err });
        log.warn('Upload request failed; retrying', { attempt: attempts, error: lastError.message });
        await sleep(backoff(attempts), signal);
        continue;
      }
      if (status >= 200 && status < 300) {
        const rejected = parseRejections(text, objects.length);
        log.debug('Batch uploaded', { objects: objects.length, rejected: rejected.length, attempts });
        return { status: 'ok', accepted: objects.length - rejected.length, rejected };
      }
      if (status === 401 && !renewed) {
        renewed = true;
        attempts -= 1; // a token race is not the batch's fault
        renewedAt = attempts + 1; // the next attempt asks Entra for a new token
        log.info('Sentinel answered 401; renewing the token once');
        continue;
      }
      if (status === 429) {
        attempts -= 1; // waiting as told is pacing, not failure
        throttled += 1;
        const wait = retryAfterMs(headers['retry-after'], text, now()) ?? limits.defaultRetryAfterMs;
        log.warn('Sentinel throttled the upload (429); waiting as told', { waitMs: wait, throttled });
        pacer.pauseUntil(now() + wait);
        if (throttled > 50) return { status: 'failed', error: new SentinelError('Sentinel kept answering 429'), attempts, fatal: false };
        continue;
      }
      const details = errorDetails(text);
      const code = (headers['x-ms-error-code'] as string | undefined) ?? details.code;
      lastError = uploadStatusError(status, details.message, code);
      if (status === 401)
        lastError = new SentinelError('Sentinel refused the token (401) even after renewing it', {
          status,
          code,
          hint: 'Check the Client ID, Tenant ID and Azure Cloud parameters',
          fatal: true,
        });
      if (lastError.fatal) return { status: 'failed', error: lastError, attempts, fatal: true };
      log.warn('Sentinel answered an error; retrying', { status, attempt: attempts });
      await sleep(backoff(attempts), signal);
    }
    const error = lastError ?? new SentinelError('Upload failed');
    return { status: 'failed', error, attempts, fatal: false };
  }

  return {
    batchSize: limits.maxObjectsPerRequest,
    ceilingPerMinute: Math.round((limits.maxObjectsPerRequest * limits.maxRequestsPerWindow * 60_000) / limits.windowMs),
    concurrency: limits.concurrency,
    pacer,
    upload,
    uploadObjects: (objects, signal) =>
      upload(
        objects.map((o) => JSON.stringify(o)),
        signal,
      ),
    close: () => http.close(),
  };
}
