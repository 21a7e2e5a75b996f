/** The result of sending one batch of at most 100 STIX objects. */
export type UploadOutcome =
  | { status: 'ok'; accepted: number; rejected: Array<{ index: number; messages: string[] }> }
  | { status: 'failed'; error: Error; attempts: number; fatal: boolean };

/** One serialized STIX object: JSON text, its UTF-8 bytes, or bytes in parts to be sent end to end. */
export type JsonText = string | Uint8Array | readonly Uint8Array[];

/** What the engine needs from the Sentinel side. The upload client implements it; tests may too. */
export interface StixUploader {
  /** Most objects per batch (Sentinel: 100). */
  readonly batchSize: number;
  /** Batches the engine may keep in flight at once (the uploader paces them). */
  readonly concurrency: number;
  /** Sends one batch of serialized STIX objects. Never throws for an HTTP failure. */
  upload(objects: readonly JsonText[], signal?: AbortSignal): Promise<UploadOutcome>;
  /** Until when Sentinel's last 429 holds the uploads back (epoch ms), if the uploader paces them. */
  readonly pacer?: { readonly pausedUntil: number };
  /** Most objects a minute the uploader may send (Sentinel's ceiling), if it paces them. */
  readonly ceilingPerMinute?: number;
}
