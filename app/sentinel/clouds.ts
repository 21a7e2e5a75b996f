/** Azure clouds: upload host, management host, token scope and Entra authority host (docs/sentinel-api.md §2). */
export const CLOUDS = {
  AzureCloud: {
    apiUrl: 'https://api.ti.sentinel.azure.com',
    managementUrl: 'https://management.azure.com',
    scope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
  },
  AzureUSGovernment: {
    apiUrl: 'https://api.ti.sentinel.azure.us',
    managementUrl: 'https://management.usgovcloudapi.net',
    scope: 'https://management.usgovcloudapi.net/.default',
    authorityHost: 'https://login.microsoftonline.us',
  },
  AzureChinaCloud: {
    apiUrl: 'https://api.ti.sentinel.azure.cn',
    managementUrl: 'https://management.chinacloudapi.cn',
    scope: 'https://management.chinacloudapi.cn/.default',
    authorityHost: 'https://login.partner.microsoftonline.cn',
  },
} as const;

export type AzureCloudName = keyof typeof CLOUDS;

export interface SentinelEndpoints {
  apiUrl: string;
  /** Azure Resource Manager: the management API (reconciliation). */
  managementUrl: string;
  authorityHost: string;
  scope: string;
}

/**
 * The endpoints for a cloud, with the hidden overrides (`sentinel_api_url`, `azure_authority_host`) applied.
 * @example resolveSentinelEndpoints({ azureCloud: 'AzureUSGovernment' }).scope === 'https://management.usgovcloudapi.net/.default'
 */
export function resolveSentinelEndpoints(input: {
  azureCloud?: string;
  sentinelApiUrl?: string;
  authorityHost?: string;
  managementUrl?: string;
}): SentinelEndpoints {
  const name = (input.azureCloud || 'AzureCloud') as AzureCloudName;
  const cloud = CLOUDS[name];
  if (!cloud) throw new Error(`Unknown Azure cloud "${input.azureCloud}"; use one of ${Object.keys(CLOUDS).join(', ')}`);
  const trim = (url: string) => url.trim().replace(/\/+$/, '');
  return {
    apiUrl: trim(input.sentinelApiUrl || cloud.apiUrl),
    managementUrl: trim(input.managementUrl || cloud.managementUrl),
    authorityHost: trim(input.authorityHost || cloud.authorityHost),
    scope: cloud.scope,
  };
}

/** Whether an authority host is one of the public clouds' (msal-node knows those; others need knownAuthorities). */
export function isKnownAuthorityHost(host: string): boolean {
  return Object.values(CLOUDS).some((c) => c.authorityHost === host.replace(/\/+$/, ''));
}
