import { SORT_FIELDS } from '../types';
import type { StixValidator } from '../../stix/validate-stix';
import { isAscii } from 'node:buffer';
import type { TcPageLinks, TcIndicator } from '../../../sdk';
import { readIndicator } from '../../stix';
import { Deduplicator } from './dedupe';
import { indicatorConverter, type ConvertFailure, type ConvertSettings } from './convert-line';

/** A run of bytes of 0x80 and above, in a page read as Latin-1: the UTF-8 of one or more non-ASCII characters. */
const NON_ASCII_RUN = /[\x80-\xff]+/g;
const BACKSLASH = 0x5c;

/**
 * A run of UTF-8 bytes (as Latin-1 text, at `offset` in `page`) as the JSON escapes of the characters UTF-8 decoding
 * gives for it. After an odd number of backslashes the run is the characters themselves: there, in text that is
 * not JSON, an escape would make an escaped backslash of the last one.
 */
function escapeRun(run: string, offset: number, page: string): string {
  const text = Buffer.from(run, 'latin1').toString('utf8');
  let backslashes = 0;
  while (page.charCodeAt(offset - 1 - backslashes) === BACKSLASH) backslashes += 1;
  if (backslashes % 2 === 1) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * A page's bytes as JSON text that parses to what their UTF-8 text would. The bytes are copied as Latin-1 (several
 * times faster than UTF-8 decoding, and one-byte text parses faster); where there are non-ASCII bytes, each run of
 * them is replaced by the `\uXXXX` escapes of the characters it decodes to (U+FFFD for invalid UTF-8, as decoding
 * gives). JSON's structure is ASCII, so such bytes are inside strings, where an escape is the same character; and
 * an ASCII byte always ends a UTF-8 sequence, so decoding run by run is decoding the whole.
 */
export function decodePage(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  return isAscii(buffer) ? text : text.replace(NON_ASCII_RUN, escapeRun);
}

/** The indicator fields a download may be sorted by (the query configurations' sort fields, and id). */
const SORT_KEYS = ['id', ...SORT_FIELDS.filter((f) => f !== 'id')] as const;

/** The id and sort fields of a page's last indicator: where a keyset read of the list resumes. */
function lastItemKeys(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const keys: Record<string, unknown> = {};
  for (const key of SORT_KEYS) {
    const value = (item as Record<string, unknown>)[key];
    if (typeof value === 'number' || typeof value === 'string') keys[key] = value;
  }
  return keys;
}

/** What came of one page: indicators read, duplicates dropped, objects written, indicators that failed. */
export interface PageResult {
  received: number;
  duplicates: number;
  objects: number;
  failures: ConvertFailure[];
  /** ThreatConnect ids of the page's indicators (keep-alive pages only: what was found). */
  ids?: number[];
  /** The objects file's size once the page's objects are in it (whole lines, readable while conversion goes on). */
  fileBytes?: number;
}

/**
 * Reads, deduplicates and converts pages of indicators, in the order given (the first copy of a value wins, so
 * pages must come in configuration order, each configuration in its sort order). Runs on the conversion worker,
 * or on the main thread when there is none.
 * @example const p = pageProcessor(settings); const page = p.read(bytes); if (page.ok) p.convert(page.data, false, write);
 */
export function pageProcessor(settings: ConvertSettings, validator?: StixValidator) {
  const dedupe = new Deduplicator();
  /** ThreatConnect ids of the indicators reported as not convertible in this job. */
  const failed = new Set<number>();
  const convert = indicatorConverter(settings, validator);
  return {
    /** Parses a page (its bytes): its indicators and links, or why it is not a page of a v3 list. */
    read(bytes: Uint8Array): { ok: true; data: TcIndicator[]; links: TcPageLinks } | { ok: false; reason: string } {
      let body: unknown;
      try {
        body = JSON.parse(decodePage(bytes));
      } catch {
        return { ok: false, reason: 'the response is not JSON' };
      }
      const page = body as { status?: unknown; message?: unknown; data?: unknown; next?: unknown } | null;
      if (page && typeof page === 'object' && page.status === 'Error') {
        return { ok: false, reason: `ThreatConnect answered an error${typeof page.message === 'string' ? `: ${page.message}` : ''}` };
      }
      if (!page || typeof page !== 'object' || !Array.isArray(page.data)) return { ok: false, reason: 'the answer has no data list' };
      const data = page.data as TcIndicator[];
      const last = lastItemKeys(data[data.length - 1]);
      return {
        ok: true,
        data,
        links: { size: data.length, ...(typeof page.next === 'string' && page.next ? { next: page.next } : {}), ...(last ? { last } : {}) },
      };
    },
    /** Deduplicates the page's indicators and writes the objects of those kept. */
    convert(data: TcIndicator[], refresh: boolean, write: (line: string) => void): PageResult {
      const result: PageResult = { received: data.length, duplicates: 0, objects: 0, failures: [] };
      if (refresh) result.ids = data.map((i) => i.id);
      for (const indicator of data) {
        const read = readIndicator(indicator, settings.sourceSystem);
        // An indicator that cannot be read is not a duplicate of anything: conversion reports why, once per job
        // (another configuration, or a second look at what changed during the read, may return it again).
        const verdict = read.ok ? dedupe.check(read.ids) : failed.has(indicator.id) ? ({ keep: 'none' } as const) : ({ keep: 'all' } as const);
        if (verdict.keep === 'none') {
          result.duplicates += 1;
          continue;
        }
        const converted = convert(indicator, read, verdict.keep === 'some' ? verdict.ids : undefined, refresh);
        if (!converted.ok) {
          if (typeof indicator.id === 'number') failed.add(indicator.id);
          result.failures.push(converted.failure);
          continue;
        }
        for (const line of converted.lines) write(line);
        result.objects += converted.lines.length;
      }
      return result;
    },
  };
}
