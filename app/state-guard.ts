import fs from 'node:fs';
import path from 'node:path';
import type { Logger, Database, StateBackup, StateHandle } from '../sdk';
import type { StateView } from './routes/api-types';

export type { StateView };
import { KvStore } from './export/state/kv-store';
import { migrate } from '../sdk';
import { EXPORT_MIGRATIONS } from './export/state/schema';

/** Why a restore or acknowledgement cannot be done now (the route answers 404 or 409). */
export class StateGuardError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
    this.name = 'StateGuardError';
  }
}

const NOTICE_KEY = 'stateNotice';
/** What in the out folder shows the App ran there before: staged jobs, held revocations, copies of the state. */
const EARLIER_USE = ['jobs', 'held'];

/** Whatever is built over the state: stopped before a restore, built again after it. */
export interface StateUser {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Keeps the App honest about its state file (the ledger of what Sentinel holds from it): refuses to run jobs over a
 * damaged one, warns when it went missing, copies it after each successful job and restores a copy on request.
 */
export class StateGuard {
  #status: StateView['status'];
  #user: StateUser | undefined;
  #restoredFrom: string | undefined;
  #busy = false;

  constructor(
    private readonly state: StateHandle,
    private readonly logger: Logger,
    private readonly build: (db: Database) => StateUser,
  ) {
    const { condition } = state;
    this.#status = condition.status === 'damaged' ? 'damaged' : 'ok';
    if (condition.status === 'created' && this.#earlierUse()) {
      this.#status = 'missing';
      this.logger.warn('The state database was missing and has been created empty: indicators sent before will not be revoked or kept alive', {
        file: state.file,
        backups: state.backups().length,
      });
    }
    if (this.#status !== 'damaged') {
      this.#prepare(state.db);
      if (this.#status === 'missing') new KvStore(state.db).set(NOTICE_KEY, 'missing');
      else if (new KvStore(state.db).get(NOTICE_KEY) === 'missing') this.#status = 'missing';
      this.#user = this.build(state.db);
    }
  }

  /** Whether jobs can run (the engine exists). */
  get usable(): boolean {
    return this.#user !== undefined;
  }

  start(): void {
    this.#user?.start();
  }

  async stop(): Promise<void> {
    await this.#user?.stop();
  }

  view(): StateView {
    const backups = this.state.backups().map(({ name, createdAt, bytes }) => ({ name, createdAt, bytes }));
    const base = { backups, checkMs: this.state.condition.checkMs, ...(this.#restoredFrom ? { restoredFrom: this.#restoredFrom } : {}) };
    if (this.#status === 'damaged') {
      return {
        status: 'damaged',
        message: 'The App’s state database (state.db) is damaged: no job runs until it is restored, so nothing is sent to Sentinel or revoked from it.',
        wayOut: backups.length
          ? `Restore the newest copy (${backups[0]!.name}, made after the job that completed at ${backups[0]!.createdAt}); jobs then run again and the next delta sends what changed since that copy.`
          : 'There is no copy to restore: see docs/state.md for setting the damaged file aside and starting afresh.',
        problems: this.state.condition.problems ?? [],
        ...base,
      };
    }
    if (this.#status === 'missing') {
      return {
        status: 'missing',
        message: 'The App’s state database (state.db) was missing and has been created empty: indicators sent before will not be revoked or kept alive.',
        wayOut: backups.length
          ? `Restore the newest copy (${backups[0]!.name}) before the next job, or dismiss this notice to go on without it.`
          : 'No copy exists. Dismiss this notice to go on; a full update sends every indicator again.',
        ...base,
      };
    }
    return { status: 'ok', ...base };
  }

  /** For /api/health: throws (so health says `degraded`) while the state is damaged. */
  health(): Omit<StateView, 'message' | 'wayOut'> {
    const { message: _m, wayOut: _w, ...view } = this.view();
    if (view.status === 'damaged')
      throw new Error(`The state database is damaged: ${view.problems?.[0] ?? 'SQLite refused it'}; no job runs until a copy is restored`);
    return view;
  }

  /** A copy of the state after a successful job; the newest two are kept. */
  async copy(): Promise<StateBackup> {
    const made = await this.state.backup();
    this.logger.info('State copied', { backup: made.name, bytes: made.bytes });
    return made;
  }

  /**
   * Replaces a damaged or missing state by the copy called `name`: only then (a sound state is never replaced from
   * here), after stopping the engine (a running job is interrupted at its next safe point), and logged.
   */
  async restore(name: string): Promise<StateView> {
    if (this.#status === 'ok') throw new StateGuardError('The state database is sound: it is not replaced by a copy', 409);
    if (this.#busy) throw new StateGuardError('A restore is already in progress', 409);
    if (!this.state.backups().some((b) => b.name === name)) throw new StateGuardError(`No copy of the state is called ${name}`, 404);
    this.#busy = true;
    try {
      await this.#user?.stop();
      this.#user = undefined;
      const db = await this.state.restore(name);
      this.#prepare(db);
      new KvStore(db).delete(NOTICE_KEY);
      this.logger.warn('State restored from a copy', { backup: name, was: this.#status });
      this.#status = 'ok';
      this.#restoredFrom = name;
      this.#user = this.build(db);
      this.#user.start();
      return this.view();
    } finally {
      this.#busy = false;
    }
  }

  /** Goes on without the missing state: the notice is dismissed (and logged). */
  acknowledge(): StateView {
    if (this.#status !== 'missing') throw new StateGuardError('There is no notice about the state to dismiss', 409);
    new KvStore(this.state.db).delete(NOTICE_KEY);
    this.#status = 'ok';
    this.logger.warn('Going on without the missing state: indicators sent before will not be revoked or kept alive');
    return this.view();
  }

  #prepare(db: Database): void {
    migrate(db, 'export', EXPORT_MIGRATIONS);
  }

  #earlierUse(): boolean {
    const out = path.dirname(this.state.file);
    return this.state.backups().length > 0 || EARLIER_USE.some((d) => fs.existsSync(path.join(out, d)));
  }
}
