import { MAX_RESULT_LIMIT, paginateItems } from './paginate';
import type { TcClient } from './tc-client';
import type { TcOwner } from './types';

/**
 * The owners (Organization, Communities, Sources) the credentials in use can see: every page of the v3 list
 * (`/v3/security/owners` pages like any v3 list: 100 by default, then `next`), largest pages first.
 * @example const names = (await listOwners(tc)).map((o) => o.name)
 */
export async function listOwners(client: Pick<TcClient, 'request'>, options: { signal?: AbortSignal } = {}): Promise<TcOwner[]> {
  const owners: TcOwner[] = [];
  for await (const owner of paginateItems<TcOwner>(
    client,
    '/v3/security/owners',
    { resultLimit: MAX_RESULT_LIMIT },
    options.signal ? { signal: options.signal } : {},
  )) {
    owners.push(owner);
  }
  return owners;
}
