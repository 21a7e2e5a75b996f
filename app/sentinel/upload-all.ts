import type { JsonText, StixUploader } from '../export/stix-uploader';

export interface UploadAllResult {
  batches: number;
  accepted: number;
  /** Refused objects, by their index in the whole list. */
  rejected: Array<{ index: number; messages: string[] }>;
  /** Batches that could not be sent, with the index of their first object. */
  failed: Array<{ firstIndex: number; size: number; error: Error }>;
}

/**
 * Sends a list of STIX objects in batches of the uploader's size, `concurrency` batches in flight (the uploader
 * paces them), and maps every rejection back to the object's index in the list.
 * @example const result = await uploadAll(client, objects.map((o) => JSON.stringify(o)));
 */
export async function uploadAll(uploader: StixUploader, objects: readonly JsonText[], signal?: AbortSignal): Promise<UploadAllResult> {
  const result: UploadAllResult = { batches: 0, accepted: 0, rejected: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const first = next;
      const batch = objects.slice(first, first + uploader.batchSize);
      next += batch.length;
      const outcome = await uploader.upload(batch, signal);
      result.batches += 1;
      if (outcome.status === 'ok') {
        result.accepted += outcome.accepted;
        result.rejected.push(...outcome.rejected.map((r) => ({ index: first + r.index, messages: r.messages })));
      } else {
        result.failed.push({ firstIndex: first, size: batch.length, error: outcome.error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, uploader.concurrency) }, worker));
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}
