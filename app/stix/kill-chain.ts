import type { TcIndicator } from '../../sdk';
import type { KillChainPhase } from './types';
import { boundedMemo } from './bounded-memo';
import { collectionItems, textOf } from './read-collection';

export const KILL_CHAIN_NAME = 'lockheed-martin-cyber-kill-chain';
/** The ThreatConnect attribute type whose values are kill chain phases. */
export const PHASE_ATTRIBUTE = 'phase of intrusion';
const SPACES = /\s+/g;

/** `Command and Control` → `command-and-control`. */
export function phaseName(value: string): string {
  return value.trim().toLowerCase().replace(SPACES, '-');
}

const cachedPhaseName = boundedMemo(phaseName);
const isPhaseAttribute = boundedMemo((type) => type.trim().toLowerCase() === PHASE_ATTRIBUTE);

/** One phase per "Phase of Intrusion" attribute value (duplicates dropped); undefined when none. */
export function killChainPhases(indicator: TcIndicator): KillChainPhase[] | undefined {
  let phases: KillChainPhase[] | undefined;
  for (const attribute of collectionItems(indicator.attributes)) {
    const type = textOf(attribute, 'type');
    if (type === undefined || !isPhaseAttribute(type)) continue;
    const name = cachedPhaseName(textOf(attribute, 'value') ?? '');
    if (name === '' || phases?.some((p) => p.phase_name === name)) continue;
    (phases ??= []).push({ kill_chain_name: KILL_CHAIN_NAME, phase_name: name });
  }
  return phases;
}
