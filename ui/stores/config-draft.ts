import type { QueryConfig } from '../../app/export/types';
import type { ProblemDetail } from '../api/api-error';

/** The fields of a query configuration a problem can be about. */
export type QueryField = keyof QueryConfig;

/** One row of the CONFIGURE table while editing: `key` follows the row when it moves. */
export interface DraftRow {
  key: number;
  query: QueryConfig;
  /** Server problems per field (`_` for the row as a whole). */
  problems: Partial<Record<QueryField | '_', string[]>>;
}

let lastKey = 0;
const nextKey = () => (lastKey += 1);

export function toDraft(queries: QueryConfig[]): DraftRow[] {
  return queries.map((query) => ({ key: nextKey(), query, problems: {} }));
}

export function fromDraft(rows: DraftRow[]): QueryConfig[] {
  return rows.map((r) => r.query);
}

/** Moves row `index` by `delta` places (−1 up, +1 down); out-of-range moves change nothing. */
export function moveRow(rows: DraftRow[], index: number, delta: number): DraftRow[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return rows;
  const next = [...rows];
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row as DraftRow);
  return next;
}

export function removeRow(rows: DraftRow[], key: number): DraftRow[] {
  return rows.filter((r) => r.key !== key);
}

/** Replaces the row with `key` (its problems are cleared: they were about the old values), or appends a new row. */
export function putRow(rows: DraftRow[], key: number | undefined, query: QueryConfig): DraftRow[] {
  if (key === undefined) return [...rows, { key: nextKey(), query, problems: {} }];
  return rows.map((r) => (r.key === key ? { key, query, problems: {} } : r));
}

export function isDirty(saved: QueryConfig[], rows: DraftRow[]): boolean {
  return JSON.stringify(saved) !== JSON.stringify(fromDraft(rows));
}

/**
 * Puts the server's problems (`queries/1/tql`, `queries/0/owners/2`…) on the rows they are about, so they stay
 * with their row; problems about no row (`nextUpdate`, `queries`) are returned as general messages.
 */
export function attachProblems(rows: DraftRow[], details: ProblemDetail[]): { rows: DraftRow[]; general: string[] } {
  const next = rows.map((r) => ({ ...r, problems: {} as DraftRow['problems'] }));
  const general: string[] = [];
  for (const d of details) {
    const m = /^queries\/(\d+)(?:\/([^/]+))?/.exec(d.path);
    const row = m ? next[Number(m[1])] : undefined;
    if (!row) {
      general.push(`${d.path}: ${d.message}`);
      continue;
    }
    const field = (m?.[2] ?? '_') as QueryField | '_';
    row.problems[field] = [...(row.problems[field] ?? []), d.message];
  }
  return { rows: next, general };
}

/** Problems of a preview (`tql`, `owners/0`…) by field. */
export function problemsByField(details: ProblemDetail[]): Partial<Record<string, string[]>> {
  const out: Partial<Record<string, string[]>> = {};
  for (const d of details) {
    const field = d.path.split('/')[0] ?? '';
    out[field] = [...(out[field] ?? []), d.message];
  }
  return out;
}
