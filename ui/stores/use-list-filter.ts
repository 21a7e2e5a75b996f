import { useState } from 'preact/hooks';
import { hashOf, parseHash, type Screen } from './hash-route';

/** One filter of a list: free text, one of `options`, or (`many`) any of them. */
export interface FilterField {
  options?: readonly string[];
  many?: boolean;
}

export type FilterValues<S extends Record<string, FilterField>> = { [K in keyof S]: S[K] extends { many: true } ? string[] : string };

export interface ListFilter<S extends Record<string, FilterField>> {
  values: FilterValues<S>;
  page: number;
  /** Changes filters and goes back to the first page. */
  set(patch: Partial<FilterValues<S>>): void;
  setPage(page: number): void;
  /** Bumped by Refresh: add it to the list's refresh key. */
  refreshKey: number;
  refresh(): void;
}

/** A value from the address, kept only if the field allows it (a hand-edited address must not break the list). */
function read(field: FilterField, raw: string | null): string | string[] {
  const allowed = (v: string) => v !== '' && (!field.options || field.options.includes(v));
  if (field.many) return (raw ?? '').split(',').filter(allowed);
  return raw !== null && allowed(raw) ? raw : '';
}

/** The filters and page an address gives, each kept only if its field allows it. */
export function readFilters<S extends Record<string, FilterField>>(params: URLSearchParams, spec: S): { values: FilterValues<S>; page: number } {
  const values = Object.fromEntries(Object.entries(spec).map(([key, field]) => [key, read(field, params.get(key))])) as FilterValues<S>;
  return { values, page: Math.max(1, Math.floor(Number(params.get('page'))) || 1) };
}

/** The address of a screen showing these filters and page: lists comma-separated, what is empty or first left out. */
export function filterHash(screen: Screen, values: Record<string, string | readonly string[]>, page: number): string {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const text = typeof value === 'string' ? value : value.join(',');
    if (text) query[key] = text;
  }
  if (page > 1) query.page = String(page);
  return hashOf(screen, query);
}

/**
 * A list's filters and page, kept in the address (`#/jobs?status=Failed&page=2`) rather than in the screen: a
 * filtered view can be shared and reloaded, and Back returns to the filter before. The address is the only copy;
 * changing a filter writes it, and the screen follows `params` from the route.
 */
export function useListFilter<S extends Record<string, FilterField>>(params: URLSearchParams, spec: S): ListFilter<S> {
  const [refreshKey, setRefreshKey] = useState(0);
  const { values, page } = readFilters(params, spec);
  // A new history entry each time, so Back returns to the filter before.
  const go = (next: Record<string, string | readonly string[]>, nextPage: number) => {
    location.hash = filterHash(parseHash(location.hash).screen, next, nextPage);
  };
  return {
    values,
    page,
    set: (patch) => go({ ...values, ...patch } as Record<string, string | string[]>, 1),
    setPage: (p) => go(values, p),
    refreshKey,
    refresh: () => setRefreshKey((n) => n + 1),
  };
}
