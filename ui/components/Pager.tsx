import { plural } from './format';

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  /** What is counted, singular, e.g. "job". */
  noun: string;
  onPage(page: number): void;
}

/** Previous / Next with "Page 2 of 5 · 93 jobs". */
export function Pager({ page, pageSize, total, noun, onPage }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label={`Pages of ${noun}s`} data-testid="pager">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Previous
      </button>
      <span aria-live="polite">
        Page {Math.min(page, pages)} of {pages} · {plural(total, noun)}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </nav>
  );
}
