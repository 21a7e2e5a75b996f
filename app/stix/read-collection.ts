/** The items of a v3 collection field (`{data: [...]}`); anything else reads as no items. */
export function collectionItems(collection: unknown): unknown[] {
  if (typeof collection !== 'object' || collection === null) return [];
  const data = (collection as { data?: unknown }).data;
  return Array.isArray(data) ? data : [];
}

/** A string property of an item of unknown shape. */
export function textOf(item: unknown, property: string): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const value = (item as Record<string, unknown>)[property];
  return typeof value === 'string' ? value : undefined;
}
