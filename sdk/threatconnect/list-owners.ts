import type { TcClient } from './tc-client';
import type { TcListResponse, TcOwner } from './types';

/**
 * The owners (Organization, Communities, Sources) the credentials in use can see.
 * @example const names = (await listOwners(tc)).map((o) => o.name)
 */
export async function listOwners(client: Pick<TcClient, 'request'>, options: { signal?: AbortSignal } = {}): Promise<TcOwner[]> {
  const body = await client.request<TcListResponse<TcOwner>>('/v3/security/owners', { signal: options.signal });
  return Array.isArray(body?.data) ? body.data : [];
}
