import type { UpdateMode } from '../../app/export/types';
import { formatCountdown, formatDateTime } from './format';
import { modeLabel } from './labels';

export interface NextRunProps {
  /** When the next scheduled job is due (ISO); nothing is shown until it is known. */
  at: string | undefined;
  /** The configuration's next update mode. */
  mode: UpdateMode | undefined;
}

/** "Next scheduled run: 5 Jan 2025, 15:04 (in 5 h 12 m) · Full": when the schedule acts next, and how. */
export function NextRun({ at, mode }: NextRunProps) {
  if (!at) return null;
  return (
    <p class="next-run" data-testid="next-run">
      Next scheduled run: <span class="nowrap">{formatDateTime(at)}</span> ({formatCountdown(Date.parse(at) - Date.now())}){mode && ` · ${modeLabel(mode)}`}
    </p>
  );
}
