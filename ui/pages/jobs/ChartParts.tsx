import type { ComponentChildren } from 'preact';
import type uPlot from 'uplot';

/** Room left of a count axis for its longest label (12px digits, about 7px each). */
export function countAxisSize(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(1, ...(values ?? []).map((v) => v.length));
  return longest * 7 + 24;
}

export interface ChartKeyItem {
  label: string;
  /** The CSS custom property of its colour (`--chart-uploaded`). */
  colour: string;
}

/** The chart's key: a swatch and a name for each series (uPlot's own legend is off). */
export function ChartKey({ items, zero }: { items: readonly ChartKeyItem[]; zero?: string }) {
  return (
    <ul class="chart-key" aria-hidden="true">
      {items.map((i) => (
        <li key={i.label}>
          <span class={`chart-swatch swatch${i.colour.replace(/^--chart/, '')}`} />
          {i.label}
        </li>
      ))}
      {zero && (
        <li>
          <span class="chart-swatch chart-swatch-zero" />
          {zero}
        </li>
      )}
    </ul>
  );
}

/** What the pointed-at or focused bar stands for; read out politely as it changes. */
export function ChartReadout({ testId, children }: { testId: string; children: ComponentChildren }) {
  return (
    <p class="chart-readout" aria-live="polite" data-testid={testId}>
      {children}
    </p>
  );
}
