import type { Database, Logger, TcIndicatorType } from '../../sdk';
import { ErrorStore, JobStore, TaskStore } from '../../sdk';
import { ConfigStore } from './state/config-store';
import { KvStore } from './state/kv-store';
import { Ledger } from './state/ledger';
import type { HeldRevocationsView, JobCounts, QueryConfig, UpdateMode } from './types';
import type { IndicatorSource } from './indicator-source';
import type { StixUploader } from './stix-uploader';
import type { ManagementClient } from '../sentinel/management-client';
import type { JobProgress } from './job-progress';

/** What a job remembers to resume after a crash or shutdown. */
export interface JobCheckpoint {
  stage: 'download' | 'convert' | 'upload' | 'revoke' | 'finish';
  /** The configuration the job runs with (a snapshot taken at its start). */
  queries: QueryConfig[];
  configRevision: number;
  /** The mode actually run (a delta without any earlier successful run becomes a full update). */
  effectiveMode: UpdateMode;
  /** Delta base: indicators modified after this ISO time; deletions since then. */
  since?: string;
  /** Start of the run, ISO: the next delta's base once this run succeeds. */
  runStart: string;
  /** Lines in the objects file, once the convert stage completed. */
  objectLines?: number;
  /** Lines in the revocation plan, once planned. */
  revokeLines?: number;
  /** Owners ThreatConnect refused (403) during the download: none of their indicators is revoked by this job. */
  deniedOwners?: string[];
  /** Revocations the guard held back (see HeldRevocations), and what became of them. */
  held?: HeldRevocations;
  /** A full update that sends every object, even those Sentinel holds as they are ("Force re-send all"). */
  resendAll?: boolean;
}

/**
 * Revocations a job planned but did not send, because there were too many to send without a confirmation: how
 * many, the active objects in the ledger then, why, and `held` until someone decides (`confirmed`: sent by the job
 * reopened; `discarded`: not sent).
 */
export type HeldRevocations = HeldRevocationsView;

export interface EngineOptions {
  sourceSystem: string;
  ttlHours: Record<TcIndicatorType, number>;
  scheduleIntervalHours: number;
  revokeRemoved: boolean;
  keepAlive: boolean;
  retentionDays: number;
  /**
   * A run that would revoke more than this percentage of the active ledger (and at least REVOKE_GUARD_MIN objects)
   * holds its revocations until they are confirmed; 100 never holds.
   */
  revokeGuardPercent: number;
  /** Directory for the state's staging files (`tc_out_path`). */
  outPath: string;
  /** How far before the last run's start a delta looks back, to cover clock skew and in-flight edits. */
  deltaOverlapMs: number;
  /** Upload batches that failed after every retry, in a row, before the job gives up. */
  maxConsecutiveFailedBatches: number;
  /**
   * The conversion worker's script: default the one bundled beside the App (none when running from source);
   * `false` converts on the main thread.
   */
  convertWorkerScript?: string | false;
}

export const DEFAULT_ENGINE_OPTIONS = {
  deltaOverlapMs: 5 * 60 * 1000,
  maxConsecutiveFailedBatches: 3,
} as const;

/** Everything a job's stages use, passed explicitly. */
export interface EngineContext {
  db: Database;
  jobs: JobStore<JobCounts, JobCheckpoint>;
  tasks: TaskStore;
  errors: ErrorStore;
  config: ConfigStore;
  kv: KvStore;
  ledger: Ledger;
  source: IndicatorSource;
  uploader: StixUploader;
  logger: Logger;
  options: EngineOptions;
  now: () => Date;
  /** The scheduler's timers; real ones by default (a test drives them with its clock, with `now`). */
  timers?: SchedulerTimers;
  /** Reconciliation with Sentinel's management API, when its parameters are set. */
  reconciler?: Reconciler;
  /** The running job's progress in memory (what GET /api/jobs/:requestId tells of it live). */
  live: { progress?: JobProgress };
  /** Runs after each job that completed (a copy of the state, say); its failure is logged, not the job's. */
  afterSuccess?: (requestId: string) => Promise<unknown>;
}

/** Creates the stores over an opened, migrated database. */
export function createStores(db: Database) {
  return {
    jobs: new JobStore<JobCounts, JobCheckpoint>(db),
    tasks: new TaskStore(db),
    errors: new ErrorStore(db),
    config: new ConfigStore(db),
    kv: new KvStore(db),
    ledger: new Ledger(db),
  };
}

export function emptyCounts(): JobCounts {
  return { downloaded: 0, duplicates: 0, converted: 0, convertErrors: 0, uploaded: 0, rejected: 0, revoked: 0, refreshed: 0, current: 0 };
}

/** How the scheduler waits: real timers (that never keep the process alive), or a test's clock. */
export interface SchedulerTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Reconciliation's part of the engine: the management client and how often a full listing is due. */
export interface Reconciler {
  client: ManagementClient;
  intervalHours: number;
}
