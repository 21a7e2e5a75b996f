import type { RequestHandler } from 'express';
import { errorMessage } from '../error-message';

/** Returns fields for `GET /api/health` (what a part of the service is connected to, counters…). */
export type HealthContributor = () => unknown;

export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  [name: string]: unknown;
}

/** Collects the parts of the health report; each part is reported under its own name. */
export class HealthRegistry {
  readonly #contributors = new Map<string, HealthContributor>();
  readonly #startedAt = Date.now();

  /** Adds (or replaces) the part called `name`; the names `status` and `uptimeSeconds` are the registry's own. */
  add(name: string, contributor: HealthContributor): void {
    if (name === 'status' || name === 'uptimeSeconds') throw new Error(`Health field name "${name}" is reserved`);
    this.#contributors.set(name, contributor);
  }

  /** One report; a part that throws is shown as `{error}` and makes the status `degraded`. */
  async report(): Promise<HealthReport> {
    const report: HealthReport = { status: 'ok', uptimeSeconds: Math.round((Date.now() - this.#startedAt) / 1000) };
    for (const [name, contributor] of this.#contributors) {
      try {
        report[name] = await contributor();
      } catch (err) {
        report.status = 'degraded';
        report[name] = { error: errorMessage(err) };
      }
    }
    return report;
  }
}

/** `GET /api/health`: liveness plus every registered part; always 200 while the process answers. */
export function healthRoute(registry: HealthRegistry): RequestHandler {
  return (_req, res, next) => {
    registry.report().then((report) => res.json(report), next);
  };
}
