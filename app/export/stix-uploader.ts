/** The result of sending one batch of at most 100 STIX objects. */
export type UploadOutcome =
  | { status: 'ok'; accepted: number; rejected: Array<{ index: number; messages: string[] }> }
  | { status: 'failed'; error: Error; attempts: number; fatal: boolean };

/** What the engine needs from the Sentinel side. The upload client implements it; tests may too. */
export interface StixUploader {
  /** Most objects per batch (Sentinel: 100). */
  readonly batchSize: number;
  /** Batches the engine may keep in flight at once (the uploader paces them). */
  readonly concurrency: number;
  /** Sends one batch of serialized STIX objects (JSON texts). Never throws for an HTTP failure. */
  upload(objects: string[], signal?: AbortSignal): Promise<UploadOutcome>;
}
