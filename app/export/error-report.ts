import type { ErrorEntry, ErrorGroup } from '../../sdk';
import type { ErrorGroupRecord, ErrorIndicator, ErrorRecord, ErrorStep } from './types';

/** The indicator an error's raw contents are, if they are one (a ThreatConnect indicator as it came). */
export function errorIndicator(raw: unknown): ErrorIndicator | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.type !== 'string' || (typeof r.id !== 'number' && typeof r.summary !== 'string')) return undefined;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const indicator: ErrorIndicator = {
    ...(typeof r.id === 'number' ? { id: r.id } : {}),
    type: r.type,
    ...(text(r.ownerName) ? { owner: text(r.ownerName) } : {}),
    ...(text(r.summary) ? { value: text(r.summary) } : {}),
    // Only a link of the web's own kind: the UI puts it in an href.
    ...(text(r.webLink) && /^https?:\/\//i.test(String(r.webLink)) ? { webLink: text(r.webLink) } : {}),
  };
  return indicator;
}

/** A stored error as REPORTS shows it: its step typed, and the indicator it is about. */
export function toErrorRecord<T extends ErrorEntry>(entry: T): T extends ErrorGroup ? ErrorGroupRecord : ErrorRecord {
  const indicator = errorIndicator(entry.raw);
  return { ...entry, step: entry.step as ErrorStep, ...(indicator ? { indicator } : {}) } as never;
}

const CSV_COLUMNS = ['time', 'request_id', 'step', 'message', 'configuration', 'indicator_type', 'owner', 'indicator', 'tc_id', 'web_link'] as const;
const GROUP_COLUMNS = ['count', 'first_time', 'request_ids'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet would read as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe, so opening the file runs nothing.
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Errors as CSV lines (each ending in CRLF), the header first; merged errors add their count, first time and jobs. */
export function* errorsCsv(records: Iterable<ErrorRecord | ErrorGroupRecord>, grouped: boolean): Generator<string> {
  const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
  yield line([...CSV_COLUMNS, ...(grouped ? GROUP_COLUMNS : [])]);
  for (const r of records) {
    const i = r.indicator;
    const group = grouped ? (r as ErrorGroupRecord) : undefined;
    const origin = group ? group.origins.join('; ') : r.origin;
    yield line([
      r.time,
      r.requestId,
      r.step,
      r.message,
      origin,
      i?.type,
      i?.owner,
      i?.value,
      i?.id,
      i?.webLink,
      ...(group ? [group.count, group.firstTime, group.requestIds.join(' ')] : []),
    ]);
  }
}
