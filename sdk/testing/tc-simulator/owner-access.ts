import type { TcOwner } from '../../threatconnect/types';
import { SimError } from './sim-error';
import { parseTql, type TqlNode } from './tql/parse-tql';

/**
 * Which owners the API user may read. ThreatConnect answers 403 for "an owner that does not exist or to which [the
 * API user does] not have access" (its v3 status-code documentation); an owner the user lost access to is no
 * longer listed either.
 */
export class OwnerAccess {
  readonly #denied = new Set<string>();
  /** Refused owners that are still listed (the user sees the owner but may not read its indicators). */
  readonly #listed = new Set<string>();
  /**
   * How a query naming a refused owner in its TQL is answered: 403 (as for the `owner` parameter, documented), or
   * as if the owner held nothing (what a filter on data the user cannot see may well do: not documented either way).
   */
  tqlAnswer: '403' | 'empty' = '403';

  /** `changed` runs when access changes (cached query results are stale then). */
  constructor(
    private readonly owners: readonly TcOwner[],
    private readonly changed: () => void = () => undefined,
  ) {}

  deny(name: string, options: { listed?: boolean } = {}): void {
    this.#denied.add(name);
    if (options.listed) this.#listed.add(name);
    this.changed();
  }

  allow(name: string): void {
    this.#denied.delete(name);
    this.#listed.delete(name);
    this.changed();
  }

  /** Whether the API user may read this owner's data. */
  readable(name: string): boolean {
    return !this.#denied.has(name) && this.owners.some((o) => o.name === name);
  }

  /** The owners the API user can see, in order. */
  visible(): TcOwner[] {
    return this.owners.filter((o) => !this.#denied.has(o.name) || this.#listed.has(o.name));
  }

  /** 403 when the `owner` parameter, or an owner the TQL asks for by name, is not one the user can read. */
  check(request: { owner?: string; tql?: string }): void {
    const names = [...(request.owner === undefined ? [] : [request.owner]), ...(this.tqlAnswer === '403' ? namedOwners(request.tql) : [])];
    const refused = names.find((name) => !this.readable(name));
    if (refused !== undefined) throw new SimError(403, 'Access Denied');
  }
}

/** The owner names a query asks for (`ownerName = "…"`, `ownerName in (…)`); none when it does not parse. */
function namedOwners(tql: string | undefined): string[] {
  if (!tql?.trim()) return [];
  let tree: TqlNode;
  try {
    tree = parseTql(tql);
  } catch {
    return []; // the query engine answers its 400
  }
  const names: string[] = [];
  const visit = (node: TqlNode): void => {
    if (node.kind === 'and' || node.kind === 'or') {
      visit(node.left);
      visit(node.right);
    } else if (node.kind === 'compare' && !node.negate && node.op === '=' && node.field.toLowerCase() === 'ownername') {
      names.push(String(node.value.value));
    } else if (node.kind === 'in' && !node.negate && node.field.toLowerCase() === 'ownername') {
      names.push(...node.values.map((v) => String(v.value)));
    }
  };
  visit(tree);
  return names;
}
