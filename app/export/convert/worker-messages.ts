import type { TcPageLinks } from '../../../sdk';
import type { PageResult } from './page-processor';

/** Messages to the conversion worker. */
export type ToWorker =
  /** A page of indicators as the bytes of JSON it came as (moved to the worker); `refresh` for keep-alive pages. */
  { type: 'page'; seq: number; body: Uint8Array; refresh: boolean } | { type: 'finish' } | { type: 'discard' };

/** Messages from it. A page gets `read` (or `unreadable`) as soon as it is parsed, then `converted`. */
export type FromWorker =
  | { type: 'read'; seq: number; links: TcPageLinks }
  | { type: 'unreadable'; seq: number; reason: string }
  | { type: 'converted'; seq: number; result: PageResult }
  | { type: 'finished'; lines: number }
  | { type: 'discarded' }
  | { type: 'failed'; message: string };
