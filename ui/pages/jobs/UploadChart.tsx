import { useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Job } from '../../../app/export/types';
import { formatTime, shortId } from '../../components/format';
import { modeLabel } from '../../components/labels';
import { COUNT_INCRS, TIME_INCRS, jobBars, jobCountsText, stackedJobData, stepIndex, tickFormats, timeTickLabels, type JobBar } from './chart-data';
import { ChartKey, ChartReadout, countAxisSize } from './ChartParts';
import { cssColour, REVOKED_SERIES, uPlot, usePlot } from './chart-plot';

export interface UploadChartProps {
  /** Newest first, as the API lists them. */
  jobs: Job[];
}

const HEIGHT = 200;

/** The stacked segments, from the top down: the order uPlot draws them in (see stackedJobData). */
const SEGMENTS = [
  REVOKED_SERIES,
  { label: 'Rejected', colour: '--chart-rejected', fallback: '#b42318' },
  { label: 'Uploaded', colour: '--chart-uploaded', fallback: '#0a5cc2' },
] as const;

/**
 * Jobs over time: what each recent job uploaded, had rejected and revoked, as stacked bars on a dated time axis
 * (uPlot). A job that sent nothing gets a ring on the baseline. Pointing at a bar, or focusing the chart and
 * stepping with the arrow keys, tells that job's start, status and counts; a visually hidden table gives the same
 * numbers to screen readers.
 */
export function UploadChart({ jobs }: UploadChartProps) {
  const titleId = useId();
  const bars = useMemo(() => jobBars(jobs), [jobs]);
  const data = useMemo(() => stackedJobData(bars), [bars]);
  // The chart's callbacks are made once: they read the latest jobs here.
  const barsRef = useRef(bars);
  barsRef.current = bars;
  const [selected, setSelected] = useState<number | null>(null);

  const { ref, plot } = usePlot(
    (el) => {
      const formats = tickFormats();
      return {
        legend: { show: false },
        // Room on the right for the last time label, which is centred on its tick.
        padding: [8, 32, 0, 0],
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: {
            time: true,
            // Room for half a bar beyond the first and last job; a lone job gets a minute either side.
            range: (_u, min, max) => {
              const pad = max > min ? Math.max((max - min) * 0.1, 5) : 60;
              return [min - pad, max + pad];
            },
          },
          y: { range: (_u, _min, max) => uPlot.rangeNum(0, Math.max(max, 1), 0.1, true) },
        },
        axes: [
          {
            values: (_u, splits, _axis, _space, incr) => {
              const labels = timeTickLabels(splits, incr, formats);
              // What the axis reads, on the element too (the canvas holds only pixels).
              el.dataset.axisLabels = labels.join(' | ').replace(/\n/g, ' ');
              return labels;
            },
            // Whole seconds at least, and room for a label like "12:34:56 PM".
            incrs: TIME_INCRS,
            space: 96,
            size: 52,
          },
          { incrs: COUNT_INCRS, values: (_u, splits) => splits.map((v) => v.toLocaleString()), size: countAxisSize },
        ],
        series: [
          {},
          ...SEGMENTS.map((s) => ({
            label: s.label,
            fill: cssColour(el, s.colour, s.fallback),
            stroke: cssColour(el, s.colour, s.fallback),
            width: 0,
            paths: uPlot.paths.bars!({ size: [0.6, 36, 6] }),
            points: { show: false },
          })),
        ],
        hooks: {
          setCursor: [(u) => setSelected(u.cursor.idx ?? null)],
          // A ring on the baseline for each job that sent nothing, placed by uPlot's own scale.
          draw: [
            (u) => {
              u.over.querySelectorAll('.chart-zero').forEach((m) => m.remove());
              barsRef.current.forEach((b) => {
                if (b.total !== 0) return;
                const mark = document.createElement('span');
                mark.className = 'chart-zero';
                mark.dataset.requestId = b.requestId;
                mark.style.left = `${u.valToPos(b.t, 'x')}px`;
                u.over.appendChild(mark);
              });
            },
          ],
        },
      };
    },
    data,
    HEIGHT,
  );

  const select = (i: number) => {
    const u = plot.current;
    const b = bars[i];
    if (!u || !b) return;
    u.setCursor({ left: u.valToPos(b.t, 'x'), top: u.valToPos(b.total, 'y') });
    setSelected(i);
  };
  const shown = selected !== null ? bars[selected] : undefined;
  const n = bars.length;

  return (
    <section class="chart" aria-labelledby={titleId} data-testid="upload-chart">
      <h2 id={titleId}>Jobs over time</h2>
      <p class="chart-sub muted">{n === 0 ? 'No jobs yet.' : n === 1 ? 'The last job, by when it started.' : `The last ${n} jobs, by when they started.`}</p>
      {n > 0 && (
        <>
          <ChartKey items={[...SEGMENTS].reverse()} zero="Nothing sent" />
          <div
            ref={ref}
            class="chart-plot"
            tabIndex={0}
            role="group"
            aria-label="Jobs over time. Use the left and right arrow keys to read each job."
            data-testid="upload-plot"
            onKeyDown={(e) => {
              const i = stepIndex(e.key, selected, n);
              if (i === undefined) return;
              e.preventDefault();
              select(i);
            }}
            onFocus={() => {
              if (selected === null) select(n - 1);
            }}
          />
          <ChartReadout testId="upload-readout">
            {shown ? <JobReadout bar={shown} /> : 'Point at a bar, or focus the chart and use the arrow keys, to read a job.'}
          </ChartReadout>
          <div class="visually-hidden">
            <table data-testid="upload-table">
              <caption>Uploaded, rejected and revoked by each of the last {n === 1 ? 'job' : `${n} jobs`}, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Job</th>
                  <th scope="col">Status</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">Rejected</th>
                  <th scope="col">Revoked</th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.requestId}>
                    <th scope="row">{formatTime(b.startedAt)}</th>
                    <td>{shortId(b.requestId)}</td>
                    <td>{b.status}</td>
                    <td>{b.uploaded}</td>
                    <td>{b.rejected}</td>
                    <td>{b.revoked}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function JobReadout({ bar }: { bar: JobBar }) {
  return (
    <>
      <strong>{formatTime(bar.startedAt)}</strong> · {modeLabel(bar.mode)} job <span class="mono">{shortId(bar.requestId)}</span>, {bar.status}:{' '}
      {jobCountsText(bar)}
    </>
  );
}
