import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A chart colour from the stylesheet (`--chart-…` on `.charts`), so the bars and their key agree. */
export function cssColour(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/** Revoked objects, in the same colour on both charts (jobs over time, and what Sentinel holds). */
export const REVOKED_SERIES = { label: 'Revoked', colour: '--chart-revoked', fallback: '#8250df' } as const;

/**
 * A uPlot chart in `ref`'s element, as wide as the element and `height` tall: made once (from `options`, given the
 * element), fed `data` whenever it changes, resized with its element, destroyed with the component. Returns the
 * element's ref and the chart's (null until it is made).
 */
export function usePlot(options: (el: HTMLElement) => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, height: number) {
  const ref = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const u = new uPlot({ ...options(el), width: el.clientWidth || 480, height }, data, el);
    plot.current = u;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Made once; later data goes through setData below.
  }, []);

  useEffect(() => {
    if (plot.current && plot.current.data !== data) plot.current.setData(data);
  }, [data]);

  return { ref, plot };
}

export { uPlot };
