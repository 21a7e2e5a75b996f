import type { PageOf } from '../../../app/export/types';

/** One page of `items` (already filtered and ordered), as the engine's list calls return it. */
export function pageOf<T>(items: T[], page = 1, pageSize = 20): PageOf<T> {
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
}

/** Case-insensitive substring match, the engine's request ID filter. */
export function matchesText(value: string | undefined, text: string | undefined): boolean {
  return !text || (value ?? '').toLowerCase().includes(text.toLowerCase());
}
