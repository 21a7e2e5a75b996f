import type { JobType, UpdateMode } from '../../app/export/types';

/*
 * How the UI shows the API's values. The API keeps its own spellings (`full`, `ad-hoc`, `EmailAddress`): filters
 * and requests still send those; only what a person reads goes through here, so one thing has one spelling.
 */

const MODES: Record<UpdateMode, string> = { full: 'Full', delta: 'Delta' };
const JOB_TYPES: Record<JobType, string> = { scheduled: 'Scheduled', 'ad-hoc': 'Ad-hoc' };

/** `full` → Full. */
export function modeLabel(mode: UpdateMode): string {
  return MODES[mode] ?? mode;
}

/** `ad-hoc` → Ad-hoc. */
export function jobTypeLabel(type: JobType): string {
  return JOB_TYPES[type] ?? type;
}

/** ThreatConnect's `EmailAddress` → Email Address; the other eight already read as words (CIDR, Registry Key…). */
export function indicatorTypeLabel(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2');
}
