import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** One planned misbehaviour of a simulated server. */
export interface FaultRule {
  /** Answer with this status instead of serving the request. */
  status?: number;
  /** Body of that answer (JSON); default `errorBody(status)`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long first; alone, it makes a slow but otherwise normal answer. */
  delayMs?: number;
  /** Destroy the connection without answering (the client sees ECONNRESET / socket hang up). */
  drop?: boolean;
  /** How many matching requests it applies to; default 1, `Infinity` for every one. */
  times?: number;
  /** How many matching requests it lets through before it applies (e.g. 1: from the second page on). */
  skip?: number;
  /** Which requests: a substring or pattern of the URL (path and query as received), or a predicate. */
  match?: string | RegExp | ((req: Request) => boolean);
  method?: string;
}

export interface HttpFaultsOptions {
  /** The error body of an injected status, e.g. ThreatConnect's `{status: "Error", message}`. */
  errorBody?: (status: number) => unknown;
}

/** Fault injection for an express-based simulator: queue rules per test, mount `middleware` first. */
export interface HttpFaults {
  /** Queues a rule; rules are tried in the order queued, the first matching one with uses left applies. */
  next(rule: FaultRule): void;
  /** Forgets queued rules (pending delays still finish). */
  clear(): void;
  /** Rules with uses left. */
  readonly pending: number;
  /** Faults applied so far. */
  readonly injected: number;
  readonly middleware: RequestHandler;
  /** Cancels delays in progress and drops their connections (call when the server closes). */
  close(): void;
}

function matches(rule: FaultRule, req: Request): boolean {
  if (rule.method && rule.method.toUpperCase() !== req.method) return false;
  const { match } = rule;
  if (match === undefined) return true;
  if (typeof match === 'string') return req.originalUrl.includes(match);
  if (match instanceof RegExp) return match.test(req.originalUrl);
  return match(req);
}

/**
 * Per-test fault injection for simulated HTTP APIs: error statuses, slow answers, dropped connections.
 * @example const faults = createHttpFaults(); app.use(faults.middleware);
 *          faults.next({ status: 503, times: 2, match: /indicators/ }); faults.next({ drop: true });
 */
export function createHttpFaults(options: HttpFaultsOptions = {}): HttpFaults {
  const rules: Array<FaultRule & { left: number; skipped: number }> = [];
  const timers = new Map<NodeJS.Timeout, Request>();
  let injected = 0;
  const errorBody = options.errorBody ?? ((status: number) => ({ error: `injected fault ${status}` }));

  function apply(rule: FaultRule, req: Request, res: Response, next: NextFunction): void {
    if (rule.drop) {
      req.socket.destroy();
      return;
    }
    if (rule.status === undefined) return next();
    res.status(rule.status);
    for (const [name, value] of Object.entries(rule.headers ?? {})) res.setHeader(name, value);
    res.json(rule.body ?? errorBody(rule.status));
  }

  const middleware: RequestHandler = (req, res, next) => {
    const index = rules.findIndex((r) => r.left > 0 && matches(r, req));
    if (index < 0) return next();
    const rule = rules[index]!;
    if (rule.skipped < (rule.skip ?? 0)) {
      rule.skipped += 1;
      return next();
    }
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(index, 1);
    injected += 1;
    if (!rule.delayMs) return apply(rule, req, res, next);
    const timer = setTimeout(() => {
      timers.delete(timer);
      apply(rule, req, res, next);
    }, rule.delayMs);
    timers.set(timer, req);
  };

  return {
    next(rule) {
      rules.push({ ...rule, left: rule.times ?? 1, skipped: 0 });
    },
    clear() {
      rules.length = 0;
    },
    get pending() {
      return rules.length;
    },
    get injected() {
      return injected;
    },
    middleware,
    close() {
      for (const [timer, req] of timers) {
        clearTimeout(timer);
        req.socket.destroy();
      }
      timers.clear();
      rules.length = 0;
    },
  };
}
