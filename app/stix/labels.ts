import type { TcIndicator } from '../../sdk';
import { collectionItems, textOf } from './read-collection';

/** STIX labels (Sentinel's Tags) from the tag names: blank names skipped, duplicates dropped; undefined when none. */
export function labelsFromTags(indicator: TcIndicator): string[] | undefined {
  const items = collectionItems(indicator.tags);
  if (items.length === 0) return undefined;
  const labels: string[] = [];
  for (const tag of items) {
    const name = textOf(tag, 'name')?.trim();
    if (name && !labels.includes(name)) labels.push(name);
  }
  return labels.length > 0 ? labels : undefined;
}
