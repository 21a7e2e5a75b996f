import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface TableScrollProps {
  /** What the table holds, e.g. "Tasks": the name of the region a keyboard user scrolls. */
  label: string;
  children: ComponentChildren;
}

/**
 * A wide table's box, scrolled sideways on a narrow screen. While it is too narrow for its table it is a named
 * region in the tab order, so the keyboard can scroll it too (arrow keys once it has focus); otherwise it is a plain
 * box and adds no tab stop.
 */
export function TableScroll({ label, children }: TableScrollProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} class="table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
