import { useId, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient, HoldingsAnswer } from '../../api/api-client';
import { formatTime } from '../../components/format';
import { LoadState } from '../../components/LoadState';
import { useRemote } from '../../stores/use-remote';
import { categoryLabel, COUNT_INCRS, holdingData, holdingRows, stepIndex, type HoldingRow } from './chart-data';
import { ChartKey, ChartReadout, countAxisSize } from './ChartParts';
import { cssColour, REVOKED_SERIES, uPlot, usePlot } from './chart-plot';

export interface HoldingsChartProps {
  api: ApiClient;
  /** Loads again, quietly, when this changes (with the jobs lists). */
  refreshKey: number;
}

const HEIGHT = 200;

/** The bars of each type, left to right, in holdingData's order. */
const GROUP = [
  { label: 'Active', colour: '--chart-active', fallback: '#1a7f37' },
  { label: 'Expiring within a day', colour: '--chart-expiring', fallback: '#9a6700' },
  REVOKED_SERIES,
] as const;
/** Each bar's width and where the group starts, in category widths (a category is 1 wide, centred on its index). */
const BAR = 0.26;
const GROUP_START = -(BAR * GROUP.length) / 2;

/**
 * What Sentinel holds from the App per indicator type (GET /api/holdings, from the ledger): active, of those
 * expiring within a day, and revoked, as grouped bars (uPlot), with a visually hidden table of the same numbers.
 */
export function HoldingsChart({ api, refreshKey }: HoldingsChartProps) {
  const titleId = useId();
  const holdings = useRemote((signal) => api.getHoldings(signal), [], refreshKey);
  return (
    <section class="chart" aria-labelledby={titleId} data-testid="holdings-chart">
      <h2 id={titleId}>What Sentinel holds from the App</h2>
      <LoadState remote={holdings} what="what Sentinel holds" isEmpty={(h) => h.types.length === 0} empty="Sentinel holds nothing from the App yet.">
        {(h) => <HoldingsPlot holdings={h} />}
      </LoadState>
    </section>
  );
}

function HoldingsPlot({ holdings }: { holdings: HoldingsAnswer }) {
  const rows = useMemo(() => holdingRows(holdings.types), [holdings]);
  const data = useMemo(() => holdingData(rows), [rows]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const [selected, setSelected] = useState<number | null>(null);

  const { ref, plot } = usePlot(
    (el) => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: (u) => [-0.5, u.data[0].length - 0.5] },
        y: { range: (_u, _min, max) => uPlot.rangeNum(0, Math.max(max, 1), 0.1, true) },
      },
      axes: [
        {
          // One tick a type, named as the UI names it.
          splits: (u) => [...u.data[0]],
          values: (_u, splits) => {
            const labels = splits.map((i) => rowsRef.current[i]?.label ?? '');
            el.dataset.axisLabels = labels.join(' | ');
            return labels.map(categoryLabel);
          },
          gap: 4,
          size: 44,
          grid: { show: false },
        },
        { incrs: COUNT_INCRS, values: (_u, splits) => splits.map((v) => v.toLocaleString()), size: countAxisSize },
      ],
      series: [
        {},
        ...GROUP.map((g, k) => ({
          label: g.label,
          fill: cssColour(el, g.colour, g.fallback),
          stroke: cssColour(el, g.colour, g.fallback),
          width: 0,
          points: { show: false },
          // Side by side within the type's slot: each bar starts a fixed offset from the type's index.
          paths: uPlot.paths.bars!({
            disp: {
              x0: { unit: 1, values: (u) => Array.from(u.data[0], (i) => i + GROUP_START + k * BAR) },
              size: { unit: 1, values: (u) => Array.from(u.data[0], () => BAR * 0.9) },
            },
          }),
        })),
      ],
      hooks: { setCursor: [(u) => setSelected(u.cursor.idx ?? null)] },
    }),
    data,
    HEIGHT,
  );

  const select = (i: number) => {
    const u = plot.current;
    const r = rows[i];
    if (!u || !r) return;
    u.setCursor({ left: u.valToPos(i, 'x'), top: u.valToPos(r.active, 'y') });
    setSelected(i);
  };
  const shown = selected !== null ? rows[selected] : undefined;

  return (
    <>
      <p class="chart-sub muted">By indicator type, as the ledger records it at {formatTime(holdings.at)}.</p>
      <ChartKey items={GROUP} />
      <div
        ref={ref}
        class="chart-plot"
        tabIndex={0}
        role="group"
        aria-label="What Sentinel holds by type. Use the left and right arrow keys to read each type."
        data-testid="holdings-plot"
        onKeyDown={(e) => {
          const i = stepIndex(e.key, selected, rows.length);
          if (i === undefined) return;
          e.preventDefault();
          select(i);
        }}
        onFocus={() => {
          if (selected === null) select(0);
        }}
      />
      <ChartReadout testId="holdings-readout">
        {shown ? <HoldingReadout row={shown} /> : 'Point at a type, or focus the chart and use the arrow keys, to read its numbers.'}
      </ChartReadout>
      <div class="visually-hidden">
        <table data-testid="holdings-table">
          <caption>What Sentinel holds from the App by indicator type</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Active</th>
              <th scope="col">Expiring within a day</th>
              <th scope="col">Revoked</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.type} data-type={r.type}>
                <th scope="row">{r.label}</th>
                <td>{r.active}</td>
                <td>{r.expiringSoon}</td>
                <td>{r.revoked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function HoldingReadout({ row }: { row: HoldingRow }) {
  return (
    <>
      <strong>{row.label}</strong>: {row.active.toLocaleString()} active ({row.expiringSoon.toLocaleString()} of them expiring within a day),{' '}
      {row.revoked.toLocaleString()} revoked
    </>
  );
}
