import type { TcIndicator } from '../../sdk';
import { boundedMemo } from './bounded-memo';
import { collectionItems, textOf } from './read-collection';

/** The STIX 2.1 predefined TLP 1.0 marking definitions. */
export const TLP_MARKINGS = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;

/** ThreatConnect label (upper case, without `TLP:`) → marking, ordered from least to most restrictive. */
const BY_LABEL = new Map<string, { rank: number; id: string }>([
  ['WHITE', { rank: 0, id: TLP_MARKINGS.white }],
  ['CLEAR', { rank: 0, id: TLP_MARKINGS.white }],
  ['GREEN', { rank: 1, id: TLP_MARKINGS.green }],
  ['AMBER', { rank: 2, id: TLP_MARKINGS.amber }],
  ['AMBER+STRICT', { rank: 2, id: TLP_MARKINGS.amber }],
  ['RED', { rank: 3, id: TLP_MARKINGS.red }],
]);
const PREFIX = /^TLP\s*:\s*/;
const markingOf = boundedMemo((name) => BY_LABEL.get(name.trim().toUpperCase().replace(PREFIX, '')));

/**
 * `object_marking_refs` from the security labels: the most restrictive TLP present (two TLPs contradict each
 * other, and sharing less is the safe reading); labels that are not TLP are ignored; undefined when none.
 */
export function tlpMarkingRefs(indicator: TcIndicator): string[] | undefined {
  let best: { rank: number; id: string } | undefined;
  for (const label of collectionItems(indicator.securityLabels)) {
    const name = textOf(label, 'name');
    const marking = name === undefined ? undefined : markingOf(name);
    if (marking && (!best || marking.rank > best.rank)) best = marking;
  }
  return best ? [best.id] : undefined;
}
