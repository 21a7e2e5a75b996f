import type { ParamRule, Secret, TcIndicatorType } from '../sdk';
import { ttlProblem } from './stix/timing';

export const AZURE_CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type AzureCloudName = (typeof AZURE_CLOUD_NAMES)[number];

/**
 * The App's params (install.json) as the App reads them: coerced, defaulted and checked by the SDK with
 * APP_INPUT_RULES, then typed by parseAppInputs (the numbers ThreatConnect delivers as text are numbers here).
 */
export interface AppParams {
  client_id: string;
  client_secret: Secret;
  tenant_id: string;
  sentinel_workspace_id: string;
  sentinel_source_name: string;
  tc_access_id: string;
  tc_secret_key: Secret;
  schedule_interval_hours: number;
  ttl_hours_address: number;
  ttl_hours_asn: number;
  ttl_hours_cidr: number;
  ttl_hours_email_address: number;
  ttl_hours_email_subject: number;
  ttl_hours_file: number;
  ttl_hours_host: number;
  ttl_hours_registry_key: number;
  ttl_hours_url: number;
  azure_cloud: AzureCloudName;
  revoke_removed: boolean;
  keep_alive: boolean;
  retention_days: number;
  revoke_guard_percent: number;
  azure_subscription_id?: string;
  azure_resource_group?: string;
  sentinel_workspace_name?: string;
  reconcile_interval_hours: number;
  sentinel_api_url?: string;
  azure_authority_host?: string;
  azure_management_url?: string;
}

/** The platform inputs the App reads itself (the SDK reads the rest). */
export interface AppPlatformInputs {
  tc_proxy_host?: string;
  tc_proxy_port?: number;
  tc_proxy_username?: string;
  tc_proxy_password?: Secret;
  tc_proxy_external?: boolean;
  tc_verify?: boolean;
}

export type AppInputs = AppParams & AppPlatformInputs;

/** Which TTL param holds each indicator type's time to live. */
export const TTL_PARAM_BY_TYPE: Readonly<Record<TcIndicatorType, keyof AppParams>> = {
  Address: 'ttl_hours_address',
  ASN: 'ttl_hours_asn',
  CIDR: 'ttl_hours_cidr',
  EmailAddress: 'ttl_hours_email_address',
  'Email Subject': 'ttl_hours_email_subject',
  File: 'ttl_hours_file',
  Host: 'ttl_hours_host',
  'Registry Key': 'ttl_hours_registry_key',
  URL: 'ttl_hours_url',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

const positiveNumber: ParamRule = (v) => {
  const n = Number(String(v).trim());
  return String(v).trim() !== '' && Number.isFinite(n) && n > 0 ? undefined : `must be a positive number of hours, got "${String(v)}"`;
};
/** A time to live: hours, within TTL_HOURS_RANGE (beyond it `valid_until` would be no STIX timestamp). */
const ttlHours: ParamRule = (v) => {
  const text = String(v).trim();
  const problem = text === '' ? 'must be a number of hours' : ttlProblem(Number(text));
  return problem && `${problem}, got "${String(v)}"`;
};
const positiveInteger: ParamRule = (v) => (/^\s*[1-9]\d*\s*$/.test(String(v)) ? undefined : `must be a positive whole number, got "${String(v)}"`);
const guid =
  (what: string): ParamRule =>
  (v) =>
    GUID.test(String(v).trim()) ? undefined : `must be a GUID (${what}), e.g. 00000000-0000-0000-0000-000000000000`;
const httpsUrl: ParamRule = (v) => {
  try {
    const url = new URL(String(v));
    return url.protocol === 'https:' ? undefined : 'must be an https:// URL';
  } catch {
    return 'must be an https:// URL';
  }
};

/** The App's own checks, applied at start-up (with every other input problem) and to install.json's defaults. */
export const APP_INPUT_RULES: Readonly<Record<string, ParamRule>> = {
  client_id: guid('the Application (client) ID of the Entra app registration'),
  tenant_id: (v) =>
    GUID.test(String(v).trim()) || TENANT_DOMAIN.test(String(v).trim()) ? undefined : "must be the Directory (tenant) ID, a GUID, or the tenant's domain name",
  sentinel_workspace_id: guid('the Log Analytics workspace ID'),
  sentinel_source_name: (v) => (/^[\w .:()-]{1,100}$/u.test(String(v).trim()) ? undefined : 'must be 1 to 100 letters, digits, spaces or . : ( ) - _'),
  schedule_interval_hours: positiveNumber,
  ...Object.fromEntries(Object.values(TTL_PARAM_BY_TYPE).map((name) => [name, ttlHours])),
  retention_days: positiveInteger,
  revoke_guard_percent: (v) => (/^\s*(100|[1-9]\d?)\s*$/.test(String(v)) ? undefined : `must be a whole number from 1 to 100, got "${String(v)}"`),
  azure_subscription_id: guid('the ID of the Azure subscription that holds the workspace'),
  // Azure's rules: resource group 1–90 of letters, digits, _ - . ( ), not ending in a dot; workspace 4–63 (ARM
  // allows up to 90 in the API) of letters, digits and hyphens, starting and ending with a letter or digit.
  azure_resource_group: (v) =>
    /^[\w\-.()]{1,90}$/u.test(String(v).trim()) && !String(v).trim().endsWith('.')
      ? undefined
      : 'must be 1 to 90 letters, digits, and _ - . ( ), not ending in a dot',
  sentinel_workspace_name: (v) =>
    /^[A-Za-z0-9][A-Za-z0-9-]{0,88}[A-Za-z0-9]$/.test(String(v).trim())
      ? undefined
      : 'must be the workspace name (letters, digits and hyphens, starting and ending with a letter or digit), not its ID',
  reconcile_interval_hours: positiveNumber,
  sentinel_api_url: httpsUrl,
  azure_authority_host: httpsUrl,
  azure_management_url: httpsUrl,
};

/** The params that hold numbers (install.json has no number type: they arrive as text, checked by APP_INPUT_RULES). */
const NUMBER_PARAMS = [
  'schedule_interval_hours',
  ...Object.values(TTL_PARAM_BY_TYPE),
  'retention_days',
  'revoke_guard_percent',
  'reconcile_interval_hours',
] as const;

/** The checked inputs as the App's typed view: the number params as numbers (the App definition's `parseInputs`). */
export function parseAppInputs(inputs: Record<string, unknown>): AppInputs {
  const typed: Record<string, unknown> = { ...inputs };
  for (const name of NUMBER_PARAMS) if (typed[name] !== undefined) typed[name] = Number(String(typed[name]).trim());
  return typed as unknown as AppInputs;
}

/** Where the management API finds the workspace, when reconciliation is on. */
export interface ReconcileTarget {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  intervalHours: number;
}

const RECONCILE_PARAMS = ['azure_subscription_id', 'azure_resource_group', 'sentinel_workspace_name'] as const;

/**
 * Reconciliation's settings: on when the three management parameters are set, off when none is; some but not all
 * is a start-up error naming the missing ones (a half-set configuration is a slip, not a choice).
 */
export function reconcileTarget(inputs: AppParams): ReconcileTarget | undefined {
  const given = RECONCILE_PARAMS.filter((name) => (inputs[name] ?? '').trim() !== '');
  if (given.length === 0) return undefined;
  if (given.length < RECONCILE_PARAMS.length) {
    const missing = RECONCILE_PARAMS.filter((name) => !given.includes(name));
    throw new Error(
      `Reconciliation needs ${RECONCILE_PARAMS.join(', ')} together: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (or clear ${given.join(', ')} to leave reconciliation off)`,
    );
  }
  return {
    subscriptionId: inputs.azure_subscription_id!.trim(),
    resourceGroup: inputs.azure_resource_group!.trim(),
    workspaceName: inputs.sentinel_workspace_name!.trim(),
    intervalHours: inputs.reconcile_interval_hours,
  };
}

/** Each indicator type's time to live, in hours. */
export function ttlHoursByType(inputs: AppParams): Record<TcIndicatorType, number> {
  return Object.fromEntries(Object.entries(TTL_PARAM_BY_TYPE).map(([type, name]) => [type, inputs[name]])) as Record<TcIndicatorType, number>;
}

/** The `sourcesystem` Sentinel files our indicators under: `ThreatConnect-<Sentinel Source Name>`. */
export function sourceSystemName(inputs: Pick<AppParams, 'sentinel_source_name'>): string {
  return `ThreatConnect-${inputs.sentinel_source_name.trim()}`;
}
