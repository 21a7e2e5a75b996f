import { Secret } from '../../../sdk/inputs/secret';
import { createCapturedLogger, type CapturedLogger } from '../../../sdk/testing/capture-logger';
import { createTokenProvider, createUploadClient, type SentinelLimits, type UploadClient } from '../../../app/sentinel';
import { CLOUDS } from '../../../app/sentinel/clouds';
import type { SentinelSimulator } from '../../../app/testing/sentinel-simulator';

export const SOURCE = 'ThreatConnect-Tests';

/** An upload client wired to the simulator the way app/index.ts wires it to Sentinel. */
export function clientFor(
  sim: SentinelSimulator,
  limits: Partial<SentinelLimits> = {},
  overrides: { clientSecret?: string; tenantId?: string; clientId?: string; workspaceId?: string; scope?: string } = {},
): { client: UploadClient; log: CapturedLogger } {
  const log = createCapturedLogger({ level: 'debug' });
  const clientSecret = new Secret(overrides.clientSecret ?? sim.credentials.clientSecret);
  log.logger.addSecret(clientSecret);
  const tokenProvider = createTokenProvider({
    tenantId: overrides.tenantId ?? sim.credentials.tenantId,
    clientId: overrides.clientId ?? sim.credentials.clientId,
    clientSecret,
    authorityHost: sim.authorityHost,
    scope: overrides.scope ?? CLOUDS.AzureCloud.scope,
    logger: log.logger,
    ca: sim.ca,
  });
  const client = createUploadClient({
    apiUrl: sim.apiUrl,
    workspaceId: overrides.workspaceId ?? sim.workspaceId,
    sourceSystem: SOURCE,
    tokenProvider,
    logger: log.logger,
    ca: sim.ca,
    limits: { backoffBaseMs: 20, backoffMaxMs: 200, ...limits },
  });
  return { client, log };
}

/** The largest number of requests inside any window of `windowMs`, from sorted times. */
export function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
