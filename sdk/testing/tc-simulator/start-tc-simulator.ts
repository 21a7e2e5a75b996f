import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TcIndicator, TcOwner } from '../../threatconnect/types';
import { createHttpFaults, type HttpFaults } from '../http-faults';
import { IndicatorGenerator } from './generate/indicator-generator';
import { DEFAULT_OWNERS } from './generate/vocabulary';
import { IndicatorStore, type DeletedRecord } from './indicator-store';
import { OwnerAccess } from './owner-access';
import { QueryEngine } from './query-engine';
import { logRequests, type SimRequest } from './request-log';
import { deletedRoute } from './routes/deleted-route';
import { indicatorsRoute } from './routes/indicators-route';
import { appAuthRoute, ownersRoute } from './routes/platform-routes';
import { handleSimError, SimError, tcErrorBody } from './sim-error';
import { TokenRegistry, type IssuedToken } from './token-registry';
import { verifyAuth, type ApiUser } from './verify-auth';

export interface TcSimulatorOptions {
  /** Generated indicators (ids 1…count); default 500. */
  indicatorCount?: number;
  seed?: number;
  owners?: readonly TcOwner[];
  /** Share of indicators that copy another's type and value into another owner; default 0.1. */
  duplicateShare?: number;
  /** Deliberately broken indicators spread through the set; default 0. */
  malformedCount?: number;
  /** Share (0…1) of generated indicators with no rating and no confidence (both then left out); default 0. */
  unratedShare?: number;
  /** Every generated date is at or before this; default 2025-01-01T00:00:00Z, so a seed always gives the same data. */
  referenceTime?: Date;
  /** API users accepted for HMAC; default one (see `credentials`). */
  users?: readonly ApiUser[];
  /** Lifetime of tokens /appAuth issues; default 3600 s. */
  tokenLifetimeSec?: number;
  /** Allowed clock difference of HMAC timestamps; default 300 s. */
  maxSkewSec?: number;
  /** The clock that stamps changes (`lastModified`, `dateAdded`, `dateDeleted`); default the real one. */
  now?: () => number;
  /** Requests kept in `requests`; default 10000. */
  requestLogLimit?: number;
  webBase?: string;
  /** Default 0: a free port. */
  port?: number;
  /**
   * Render every generated indicator's JSON at start (seconds for a million, and their memory) so that pages are
   * served by joining strings: for benchmarks, where the simulator shares the machine with the client measured.
   */
  prerender?: boolean;
}

/** A running ThreatConnect API simulator. */
export interface TcSimulator {
  /** `http://127.0.0.1:<port>/api` */
  readonly apiPath: string;
  /** The first API user, for HMAC clients. */
  readonly credentials: ApiUser;
  readonly owners: readonly TcOwner[];
  readonly generator: IndicatorGenerator;
  /** Recent requests, oldest first (bounded). */
  readonly requests: SimRequest[];
  readonly faults: HttpFaults;
  issueToken(options?: { expiresInSec?: number; service?: boolean }): IssuedToken;
  getIndicator(id: number): TcIndicator | undefined;
  /** Applies changes and bumps lastModified to now. */
  updateIndicator(id: number, changes: Partial<TcIndicator>): TcIndicator;
  /** Removes it; it then appears in /v3/indicators/deleted. */
  deleteIndicator(id: number): DeletedRecord;
  /** Adds an indicator (type and value fields needed; owner by `ownerName`, default the first owner). */
  addIndicator(partial: Partial<TcIndicator> & { type: string }): TcIndicator;
  /**
   * Takes the API user's access to an owner away (naming it answers 403; it is no longer listed unless `listed`, as
   * when the user still sees the owner but may not read its indicators), or gives it back.
   */
  setOwnerAccess(name: string, allowed: boolean, options?: { listed?: boolean }): void;
  /** How a query whose TQL names a refused owner is answered: 403 (default) or as if the owner held nothing. */
  setRefusedOwnerAnswer(answer: '403' | 'empty'): void;
  /** Runs `hook` before every `GET /v3/indicators` list page is answered (a test changes the data between pages); undefined stops. */
  beforeEachPage(hook: (() => void) | undefined): void;
  close(): Promise<void>;
}

const DEFAULT_USER: ApiUser = { accessId: '14302768015439618561', secretKey: 'sim-secret-key-0f8e2a7c5d1b' };

/**
 * Starts an in-process ThreatConnect API simulator on 127.0.0.1 (for tests, the demo and benchmarks): HMAC and
 * token auth, owners, indicators with TQL/fields/sorting/paging, deleted indicators, mutations and fault injection.
 * @example const sim = await startTcSimulator({ indicatorCount: 50_000 }); … await sim.close();
 */
export async function startTcSimulator(options: TcSimulatorOptions = {}): Promise<TcSimulator> {
  const owners = options.owners ?? DEFAULT_OWNERS;
  const webBase = options.webBase ?? 'https://app.threatconnect.com';
  const users = options.users ?? [DEFAULT_USER];
  const nowSec = () => Math.floor(Date.now() / 1000);
  const generator = new IndicatorGenerator({
    count: options.indicatorCount ?? 500,
    seed: options.seed ?? 1,
    owners,
    duplicateShare: options.duplicateShare ?? 0.1,
    malformedCount: options.malformedCount ?? 0,
    unratedShare: options.unratedShare ?? 0,
    referenceTimeSec: Math.floor((options.referenceTime ?? new Date('2025-01-01T00:00:00Z')).getTime() / 1000),
    webBase,
  });
  const store = new IndicatorStore(generator, options.now);
  if (options.prerender) store.prerender();
  const access = new OwnerAccess(owners, () => (store.version += 1));
  const engine = new QueryEngine(store, (owner) => access.readable(owner));
  const tokens = new TokenRegistry(nowSec);
  const requests: SimRequest[] = [];
  const faults = createHttpFaults({ errorBody: (status) => tcErrorBody(status >= 500 ? 'An internal error occurred' : `Error ${status}`) });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(logRequests(requests, options.requestLogLimit ?? 10_000));
  app.use(faults.middleware);
  const api = express.Router();
  api.use(appAuthRoute({ tokens, lifetimeSec: options.tokenLifetimeSec ?? 3600 }));
  api.use(verifyAuth({ users, tokens, nowSec, maxSkewSec: options.maxSkewSec ?? 300 }));
  api.use(ownersRoute({ access }));
  api.use(deletedRoute({ store, access }));
  let beforePage: (() => void) | undefined;
  api.use(indicatorsRoute({ store, engine, access, beforePage: () => beforePage?.() }));
  app.use('/api', api);
  app.use(() => {
    throw new SimError(404, 'Resource not found');
  });
  app.use(handleSimError);

  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;

  const ownerNamed = (name: string | undefined) => {
    const owner = name === undefined ? owners[0] : owners.find((o) => o.name === name);
    if (!owner) throw new Error(`unknown owner "${name}"`);
    return owner;
  };

  return {
    apiPath: `http://127.0.0.1:${port}/api`,
    credentials: users[0]!,
    owners,
    generator,
    requests,
    faults,
    issueToken: (opts) => tokens.issue(opts),
    getIndicator: (id) => store.get(id),
    updateIndicator: (id, changes) => store.update(id, changes),
    deleteIndicator: (id) => store.delete(id),
    addIndicator: (partial) => store.add(partial, ownerNamed(partial.ownerName), webBase),
    setOwnerAccess: (name, allowed, opts) => (allowed ? access.allow(name) : access.deny(name, opts)),
    beforeEachPage: (hook) => (beforePage = hook),
    setRefusedOwnerAnswer: (answer) => (access.tqlAnswer = answer),
    async close() {
      faults.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
