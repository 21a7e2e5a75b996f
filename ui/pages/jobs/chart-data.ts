import type { Job, JobStatus, TypeHoldings, UpdateMode } from '../../../app/export/types';
import { indicatorTypeLabel } from '../../components/labels';

/*
 * What the JOBS charts draw, shaped from the API's answers. Pure functions (no uPlot, no DOM), so they can be
 * tested on their own; the chart components hand the arrays to uPlot, which does the scales and axes.
 */

/** One recent job as the jobs-over-time chart draws it. */
export interface JobBar {
  requestId: string;
  startedAt: string;
  /** When it started, in seconds since the epoch (uPlot's time scale). */
  t: number;
  status: JobStatus;
  mode: UpdateMode;
  uploaded: number;
  rejected: number;
  revoked: number;
  /** Uploaded + rejected + revoked: 0 draws the "nothing sent" marker. */
  total: number;
}

/** The jobs oldest first (the API lists them newest first), without any whose start is not a date. */
export function jobBars(jobs: Job[]): JobBar[] {
  return jobs
    .map((j) => {
      const { uploaded, rejected, revoked } = j.counts;
      return {
        requestId: j.requestId,
        startedAt: j.startedAt,
        t: Date.parse(j.startedAt) / 1000,
        status: j.status,
        mode: j.mode,
        uploaded,
        rejected,
        revoked,
        total: uploaded + rejected + revoked,
      };
    })
    .filter((b) => Number.isFinite(b.t))
    .sort((a, b) => a.t - b.t);
}

/**
 * uPlot's aligned data for the stacked bars: times, then the tops of the three segments from the top down
 * (uploaded + rejected + revoked, uploaded + rejected, uploaded). Drawn in that order, each bar covers the one
 * before up to its own top, so every segment shows its own count.
 */
export function stackedJobData(bars: JobBar[]): [number[], number[], number[], number[]] {
  return [bars.map((b) => b.t), bars.map((b) => b.total), bars.map((b) => b.uploaded + b.rejected), bars.map((b) => b.uploaded)];
}

/** "120 uploaded, 3 rejected, 0 revoked", or that the job sent nothing. */
export function jobCountsText(b: Pick<JobBar, 'uploaded' | 'rejected' | 'revoked'>): string {
  if (b.uploaded + b.rejected + b.revoked === 0) return 'nothing uploaded, rejected or revoked';
  return `${b.uploaded.toLocaleString()} uploaded, ${b.rejected.toLocaleString()} rejected, ${b.revoked.toLocaleString()} revoked`;
}

/** One indicator type as the holdings chart draws it, named as the UI names it elsewhere. */
export interface HoldingRow extends TypeHoldings {
  label: string;
}

/** The types in the ledger's order, labelled ("EmailAddress" → "Email Address"). */
export function holdingRows(types: TypeHoldings[]): HoldingRow[] {
  return types.map((t) => ({ ...t, label: indicatorTypeLabel(t.type) }));
}

/** uPlot's aligned data for the grouped bars: category positions 0…n-1, then active, expiring soon, revoked. */
export function holdingData(rows: HoldingRow[]): [number[], number[], number[], number[]] {
  return [rows.map((_, i) => i), rows.map((r) => r.active), rows.map((r) => r.expiringSoon), rows.map((r) => r.revoked)];
}

/** "Email Address" → "Email\nAddress": a category label on two lines, so nine types fit under the bars. */
export function categoryLabel(label: string): string {
  return label.replace(/ /g, '\n');
}

/** Date formats for the time axis' labels, in the reader's locale and time zone unless told. */
export interface TickFormats {
  day: Intl.DateTimeFormat;
  dayYear: Intl.DateTimeFormat;
  minute: Intl.DateTimeFormat;
  second: Intl.DateTimeFormat;
  year: Intl.DateTimeFormat;
}

export function tickFormats(locale?: string, timeZone?: string): TickFormats {
  const zone = timeZone ? { timeZone } : {};
  return {
    day: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...zone }),
    dayYear: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', ...zone }),
    minute: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...zone }),
    second: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit', ...zone }),
    year: new Intl.DateTimeFormat(locale, { year: 'numeric', ...zone }),
  };
}

const MINUTE = 60;
const DAY = 86_400;

/**
 * Labels for the ticks uPlot chose (`splits`, seconds, `incr` apart): the time to the precision the spacing needs,
 * and under it the date, with its year, on the first tick and wherever the day changes. Ticks a day or more apart
 * are dates alone, the year on the first and where it changes.
 */
export function timeTickLabels(splits: number[], incr: number, f: TickFormats): string[] {
  let lastDay = '';
  let lastYear = '';
  return splits.map((s) => {
    const d = new Date(s * 1000);
    const dayYear = f.dayYear.format(d);
    if (incr >= DAY) {
      const year = f.year.format(d);
      const label = year !== lastYear ? dayYear : f.day.format(d);
      lastYear = year;
      return label;
    }
    const time = (incr < MINUTE ? f.second : f.minute).format(d);
    const label = dayYear !== lastDay ? `${time}\n${dayYear}` : time;
    lastDay = dayYear;
    return label;
  });
}

/** Whole numbers only on a count axis: uPlot picks among these steps. */
export const COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8];

/** The bar a key moves to from `current` among `n` (left and right step, Home and End jump); undefined for other keys. */
export function stepIndex(key: string, current: number | null, n: number): number | undefined {
  if (n === 0) return undefined;
  const at = current ?? n - 1;
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, at - 1);
    case 'ArrowRight':
      return Math.min(n - 1, at + 1);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return undefined;
  }
}

/** Steps a time axis may take, in seconds: never less than a second (jobs start on whole seconds). */
export const TIME_INCRS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000, 7_776_000, 31_536_000,
];
