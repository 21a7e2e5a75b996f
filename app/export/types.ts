/**
 * The shapes of the export engine's state, shared by the engine, the HTTP routes and the UI (type-only imports).
 * README's "The HTTP API" documents them; changing one here changes the HTTP API.
 */
import type { PageOf, TcIndicatorType } from '../../sdk';

export type { PageOf };

export const JOB_STATUSES = [
  'Download In Progress',
  'Download Complete',
  'Convert In Progress',
  'Convert Complete',
  'Upload In Progress',
  'Upload Complete',
  'Failed',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_TYPES = ['scheduled', 'ad-hoc'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const UPDATE_MODES = ['full', 'delta'] as const;
export type UpdateMode = (typeof UPDATE_MODES)[number];

export const ERROR_STEPS = ['download', 'convert', 'upload', 'revoke'] as const;
export type ErrorStep = (typeof ERROR_STEPS)[number];

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Fields a query configuration may sort on (ThreatConnect v3 `sorting` names). */
export const SORT_FIELDS = ['dateAdded', 'lastModified', 'rating', 'confidence', 'threatAssessScore', 'summary', 'id'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** One query configuration of the CONFIGURE screen. */
export interface QueryConfig {
  owners: string[];
  indicatorTypes: TcIndicatorType[];
  tql: string;
  sortField: SortField;
  sortDirection: SortDirection;
}

export interface ConfigState {
  queries: QueryConfig[];
  nextUpdate: UpdateMode;
  revision: number;
}

export interface JobCounts {
  downloaded: number;
  duplicates: number;
  converted: number;
  convertErrors: number;
  uploaded: number;
  rejected: number;
  revoked: number;
  refreshed: number;
  /** Full update with reconciliation: objects not sent because Sentinel already holds them as they are. */
  current: number;
}

export interface Job {
  requestId: string;
  type: JobType;
  mode: UpdateMode;
  status: JobStatus;
  startedAt: string;
  endedAt?: string;
  error?: string;
  counts: JobCounts;
  /** 0..1 */
  progress: number;
  /** Revocations the revoke guard held back: how many, why, and what became of them. */
  held?: HeldRevocationsView;
  /** While the job runs (GET /api/jobs/:requestId only): its stages, rate, ETA and throttling. */
  live?: JobLive;
}

/** The stages a running job shows, in order (download, convert and upload overlap; revoke follows). */
export const LIVE_STAGES = ['download', 'convert', 'upload', 'revoke'] as const;
export type LiveStage = (typeof LIVE_STAGES)[number];

/** What a running job is doing now, beyond its counts: kept in memory by the job, never stored. */
export interface JobLive {
  /** Each stage's progress, 0..1. */
  stages: Record<LiveStage, number>;
  /** The stage the job is in (the latest one that has started and not finished). */
  stage: LiveStage;
  /** Objects sent to Sentinel (uploaded, refreshed, revoked, rejected) a minute, over the last minute. */
  objectsPerMinute: number;
  /** Sentinel's ceiling a minute (objects a request × requests a minute), when the uploader knows it. */
  ceilingPerMinute?: number;
  /** Seconds until what has been converted so far is sent, at the current rate. */
  etaSeconds?: number;
  /** While Sentinel throttles the uploads (a 429): until when they wait. */
  throttledUntil?: string;
}

/** What Sentinel holds from the App of one indicator type, as the ledger records it (GET /api/holdings). */
export interface TypeHoldings {
  type: string;
  /** Valid and not revoked. */
  active: number;
  /** Of the active, those whose valid_until falls within the next day. */
  expiringSoon: number;
  /** Past valid_until and not revoked (Sentinel no longer uses them for detection). */
  expired: number;
  revoked: number;
}

/** What a job shows of revocations its guard held back. */
export interface HeldRevocationsView {
  count: number;
  active: number;
  reason: string;
  state: 'held' | 'confirmed' | 'discarded';
  decidedAt?: string;
}

export const TASK_KINDS = ['download', 'dedupe', 'convert', 'upload', 'revoke', 'keep-alive', 'reconcile', 'scheduler', 'cleaner'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['Pending', 'Running', 'Completed', 'Failed', 'Interrupted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  id: number;
  name: string;
  kind: TaskKind;
  requestId?: string;
  status: TaskStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  result?: string;
}

export interface ErrorRecord {
  id: number;
  time: string;
  requestId: string;
  step: ErrorStep;
  message: string;
  /** The TC indicator, or a request/response excerpt; never a secret. */
  raw?: unknown;
  /** The query configuration it came from ("Configuration 2"), for errors of one. */
  origin?: string;
  /** The indicator it is about, when its raw contents are one: what REPORTS shows and links to in ThreatConnect. */
  indicator?: ErrorIndicator;
}

/** The ThreatConnect indicator an error is about. */
export interface ErrorIndicator {
  id?: number;
  type?: string;
  owner?: string;
  /** Its summary (the value as ThreatConnect shows it). */
  value?: string;
  /** Its page in ThreatConnect. */
  webLink?: string;
}

/** Identical errors merged (GET /api/errors?grouped=true): the latest of them, and how many, where and when. */
export interface ErrorGroupRecord extends ErrorRecord {
  count: number;
  /** The jobs they came from, newest first. */
  requestIds: string[];
  /** The configurations they came from. */
  origins: string[];
  /** When the first of them was recorded (`time` is the latest). */
  firstTime: string;
}

/** Per indicator type: active objects Sentinel holds from the App, and active objects the ledger expects there. */
export interface TypeTally {
  type: string;
  sentinel: number;
  expected: number;
}

/** What the last reconciliation found (GET /api/reconcile). */
export interface ReconcileSummary {
  checkedAt: string;
  /** `count`: only the counts were compared (they agreed); `list`: every object was listed and compared. */
  mode: 'count' | 'list';
  /** Objects Sentinel holds under the App's source (all: active, expired and revoked). */
  sentinelCount: number;
  /** Objects the ledger says Sentinel should hold (every one ever sent). */
  ledgerCount: number;
  /** When the last complete listing was made (this one, or an earlier one). */
  listedAt?: string;
  /** From the last listing. */
  perType: TypeTally[];
  missing: number;
  unknown: number;
  altered: number;
  requests: number;
  seconds: number;
}

export type DriftKind = 'missing' | 'unknown' | 'altered';

export interface DriftItem {
  stixId: string;
  kind: DriftKind;
  tcType?: string;
  detail: string;
  foundAt: string;
}

/** What to do with the objects Sentinel holds under the App's source that the ledger does not know. */
export type UnknownAction = 'revoke' | 'adopt';

export interface UnknownResolution {
  action: UnknownAction;
  /** Objects adopted into the ledger, or revocations Sentinel accepted (then adopted as revoked). */
  done: number;
  /** Revocations Sentinel refused or could not be sent (they stay reported). */
  failed: number;
}

/** Where one indicator the App sent stands (GET /api/indicators). */
export interface IndicatorLookup {
  stixId: string;
  tcId: number;
  tcType: string;
  owner: string;
  /** The object's name: the value and its owner, as sent. */
  name: string;
  pattern: string;
  validUntil: string;
  revoked: boolean;
  /**
   * Where it stands: `active` (sent, valid), `expired` (sent, past valid_until), `revoked`, `rejected` (Sentinel
   * refused it: never in the ledger), `not converted` (the App could not convert it; see its errors).
   */
  state: 'active' | 'expired' | 'revoked' | 'rejected' | 'not converted';
  /** When it was last sent (its `modified`). */
  lastSent?: string;
  /** The job that last sent it (or that recorded the error). */
  lastJob: string;
  /**
   * The query configuration that returns it first as the configurations stand now ("Configuration 2"): the one
   * whose copy is sent. Absent when none returns it any more, or ThreatConnect could not be asked.
   */
  configuration?: string;
  /** The newest errors about it (conversion, rejection), with their jobs. */
  errors: Array<{ id: number; time: string; requestId: string; step: string; message: string }>;
  /**
   * In Sentinel, as far as reconciliation knows: `current` (a listing showed this version there), `missing`,
   * `altered`, or `unchecked` (no listing since it was sent, or reconciliation is off).
   */
  sentinel: 'current' | 'missing' | 'altered' | 'unchecked';
  /** When a listing showed it. */
  seenAt?: string;
}
