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

/** Where an indicator stands, as "Where is my indicator?" says it (`IndicatorLookup.state`). */
export type IndicatorState = 'active' | 'expired' | 'revoked' | 'rejected' | 'not converted';

const INDICATOR_STATES: Record<IndicatorState, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
  rejected: 'Rejected by Sentinel',
  'not converted': 'Not converted',
};

/** `not converted` → Not converted, `rejected` → Rejected by Sentinel. */
export function indicatorStateLabel(state: IndicatorState): string {
  return INDICATOR_STATES[state] ?? state;
}
