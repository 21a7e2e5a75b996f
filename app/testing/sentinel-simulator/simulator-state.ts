import type { StixValidator } from '../../stix/validate-stix';
import type { RateWindow } from './rate-window';
import type { SentinelStore } from './sentinel-store';
import type { ArmBucket } from './management-routes';

/** Behaviour a test can change while the simulator runs. */
export interface SimulatorSettings {
  /** Requests admitted per rolling window (Sentinel: 100). */
  maxRequests: number;
  /** The rolling window (Sentinel: 60 s); scale it down to scale time. */
  windowMs: number;
  /** Objects per request (Sentinel: 100). */
  maxObjectsPerRequest: number;
  /** Lifetime of issued tokens. */
  tokenLifetimeSeconds: number;
  /** Share (0–1) of upload requests answered 500 or 503 at random. */
  failureShare: number;
  /** Say how long to wait on 429 with a Retry-After header (true) or only in the message (false). */
  retryAfterHeader: boolean;
  /** Answer every upload 403, as when the app registration lacks the Sentinel role. */
  forbidden: boolean;
  /** Validate every object against the OASIS schemas (on by default). */
  validate: boolean;
  /** STIX ids of objects refused in `errors[]` (as Sentinel refuses an object it finds wrong); default none. */
  refuseIds: readonly string[];
  /**
   * How a batch holding a refused object is answered: `'errors'` (200 listing it in `errors[]`, the others stored:
   * the documented answer) or `'whole-batch'` (400 and nothing stored, as some services refuse a batch whole).
   */
  refusedBatch: 'errors' | 'whole-batch';
  /**
   * The name of each refused object's message list in `errors[]`: `errorMessages` (Microsoft Learn's STIX objects
   * API page) or `validationErrorMessages` (the OpenAPI spec); the two documents disagree.
   */
  errorMessagesField: 'errorMessages' | 'validationErrorMessages';
}

/**
 * The answer to a batch in which no object is valid. The API defines 200 for "one or more STIX objects successfully
 * validated and published" and a default error otherwise; the status Sentinel then sends is not documented (400,
 * most likely), nor its body beyond the default error shape.
 */
export const ALL_REFUSED = { status: 400, code: 'BadRequest' } as const;

/** One request the simulator received. */
export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  kind: 'token' | 'metadata' | 'upload' | 'query' | 'count' | 'other';
  status: number;
  /** Upload only: objects in the body, and the body's sourcesystem. */
  objects?: number;
  sourceSystem?: string;
  rejected?: number;
  /** Upload only: the Authorization header's token was valid. */
  authorized?: boolean;
}

/** The simulated workspace as the management API (Azure Resource Manager) knows it, and its switches. */
export interface ManagementState {
  /** The service root, for nextLinks. */
  baseUrl: string;
  target: { subscriptionId: string; resourceGroup: string; workspaceName: string };
  /** Answer 403, as when the app registration has no role on the workspace. */
  forbidden: boolean;
  /** ARM's token buckets for this principal: reads (GET) and writes (POST, PUT, DELETE). */
  reads: ArmBucket;
  writes: ArmBucket;
}

export interface SimulatorState {
  management: ManagementState;
  settings: SimulatorSettings;
  credentials: { tenantId: string; clientId: string; clientSecret: string };
  workspaceId: string;
  scope: string;
  authorityHost: string;
  tokens: Map<string, number>;
  tokensIssued: number;
  store: SentinelStore;
  window: RateWindow;
  validator: StixValidator;
  requests: RecordedRequest[];
  random: () => number;
}
