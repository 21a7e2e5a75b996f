import type { Job } from '../../../app/export/types';
import { formatTime, shortId } from '../../components/format';

export interface UploadChartProps {
  /** Newest first, as the API lists them. */
  jobs: Job[];
}

const W = 480;
const H = 120;
const PAD = 20;
/** Room for the largest count's label (e.g. 1,000,000) left of the axis. */
const LEFT = 64;

/**
 * Indicators uploaded by each recent job, oldest on the left, as plain SVG bars. (Jobs record totals, not a
 * breakdown by indicator type, so that is what is drawn.)
 */
export function UploadChart({ jobs }: UploadChartProps) {
  if (jobs.length === 0) return null;
  const ordered = [...jobs].reverse();
  const max = Math.max(1, ...ordered.map((j) => j.counts.uploaded));
  const slot = (W - LEFT) / ordered.length;
  const bar = Math.max(2, Math.min(32, slot * 0.7));
  const summary = ordered.map((j) => `${shortId(j.requestId)}: ${j.counts.uploaded}`).join(', ');
  return (
    <figure class="chart" data-testid="upload-chart">
      <figcaption>{ordered.length === 1 ? 'Indicators uploaded by the last job' : `Indicators uploaded by the last ${ordered.length} jobs (oldest on the left)`}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + PAD}`} role="img" aria-label={`Indicators uploaded per job: ${summary}`}>
        <line x1={LEFT} y1={H} x2={W} y2={H} class="axis" />
        <text x={LEFT - 4} y={10} class="tick" text-anchor="end">
          {max.toLocaleString()}
        </text>
        <text x={LEFT - 4} y={H} class="tick" text-anchor="end">
          0
        </text>
        {ordered.map((j, i) => {
          // A failed job that sent nothing still gets a sliver, so its red mark shows.
          const h = Math.max(j.status === 'Failed' ? 3 : 0, Math.round(((H - 12) * j.counts.uploaded) / max));
          return (
            <rect key={j.requestId} x={LEFT + i * slot + (slot - bar) / 2} y={H - h} width={bar} height={h} class={j.status === 'Failed' ? 'bar failed' : 'bar'}>
              <title>{`${formatTime(j.startedAt)} · ${j.status} · ${j.counts.uploaded.toLocaleString()} uploaded`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
