import { findHeader, type NameValue } from '../../service/name-values';

/** A RunService answer as Core sees it: the Acknowledged message plus the body read back from Redis. */
export interface EmulatedResponse {
  status: number;
  statusText: string;
  headers: NameValue[];
  body: Buffer;
  /** The first value of a header, case-insensitive. */
  header(name: string): string | undefined;
  text(): string;
  json<T = unknown>(): T;
  /** The Acknowledged message exactly as the App published it. */
  acknowledged: Record<string, unknown>;
}

function headerList(value: unknown): NameValue[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((h): h is { name: string; value: unknown } => typeof h === 'object' && h !== null && typeof (h as { name?: unknown }).name === 'string')
    .map((h) => ({ name: h.name, value: String(h.value) }));
}

/** Builds the response from an Acknowledged message and the body bytes. */
export function toEmulatedResponse(ack: Record<string, unknown>, body: Buffer): EmulatedResponse {
  const headers = headerList(ack.headers);
  return {
    status: Number(ack.statusCode),
    statusText: typeof ack.status === 'string' ? ack.status : '',
    headers,
    body,
    header: (name) => findHeader(headers, name),
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
    acknowledged: ack,
  };
}
