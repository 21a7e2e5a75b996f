import type { JobCounts as Counts } from '../../../app/export/types';

export interface JobCountsProps {
  counts: Counts;
}

const LABELS: Array<[keyof Counts, string]> = [
  ['downloaded', 'Downloaded'],
  ['duplicates', 'Duplicates dropped'],
  ['converted', 'Converted'],
  ['convertErrors', 'Convert errors'],
  ['uploaded', 'Uploaded'],
  ['rejected', 'Rejected'],
  ['revoked', 'Revoked'],
  ['refreshed', 'Refreshed'],
];

/** A job's eight counts as a definition list, and, when a full update skipped any, how many were already current. */
export function JobCounts({ counts }: JobCountsProps) {
  const shown: Array<[keyof Counts, string]> = counts.current > 0 ? [...LABELS, ['current', 'Already current in Sentinel']] : LABELS;
  return (
    <dl class="counts" data-testid="job-counts">
      {shown.map(([key, label]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd data-count={key}>{counts[key].toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}
