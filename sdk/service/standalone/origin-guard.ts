import type { IncomingMessage } from 'node:http';

/** Methods that change nothing: a cross-site page may cause them, but cannot read their answers. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for names and addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** `host[:port]` split; the port undefined when absent. Undefined for a header that is not a host. */
function parseHost(value: string): { name: string; port?: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { port: Number(match[2]) } : {}) };
}

export type GuardDecision = { allow: true } | { allow: false; status: 400 | 403; error: string; hint: string };

/**
 * What protects a standalone server from other sites in the admin's browser. `Host` must name this machine's
 * loopback (any loopback name) on the port the server listens on, or be one the admin allowed: a page whose name
 * was re-pointed at 127.0.0.1 (DNS rebinding) arrives with its own name and is refused. A request that changes
 * something must not come from another origin (`Origin`, which browsers send with such requests).
 * @example const guard = new OriginGuard({ port: 8080, allowedHosts: ['tc-export.example.com'] }); guard.check(req)
 */
export class OriginGuard {
  readonly #allowed: Array<{ name: string; port?: number }>;

  constructor(private readonly options: { port: number; allowedHosts?: readonly string[] }) {
    this.#allowed = (options.allowedHosts ?? []).map((h) => {
      const parsed = parseHost(h);
      if (!parsed) throw new Error(`service_allowed_hosts: "${h}" is not a host name, optionally with :port`);
      return parsed;
    });
  }

  /** Whether `Host` (name and port) is this server as the admin reaches it. */
  hostAllowed(value: string | undefined): boolean {
    const host = value === undefined ? undefined : parseHost(value);
    if (!host) return false;
    if (isLoopback(host.name)) return (host.port ?? 80) === this.options.port;
    return this.#allowed.some((a) => a.name === host.name && (a.port === undefined || a.port === (host.port ?? 80)));
  }

  check(req: IncomingMessage): GuardDecision {
    if (!this.hostAllowed(req.headers.host)) {
      return {
        allow: false,
        status: 403,
        error: 'This host name is not allowed',
        hint: 'Open the UI through 127.0.0.1 or localhost, or add the name to service_allowed_hosts',
      };
    }
    if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return { allow: true };
    const origin = req.headers.origin;
    if (origin === undefined) {
      // Browsers send Origin with every cross-origin request that changes something; tools send none.
      return req.headers['sec-fetch-site'] === 'cross-site'
        ? { allow: false, status: 403, error: 'Requests from other sites are not allowed', hint: 'Use the UI or a tool of your own' }
        : { allow: true };
    }
    let from: URL | undefined;
    try {
      from = new URL(origin);
    } catch {
      from = undefined;
    }
    if (from && from.protocol === 'http:' && from.host.toLowerCase() === String(req.headers.host).toLowerCase()) return { allow: true };
    return { allow: false, status: 403, error: 'Requests from other sites are not allowed', hint: 'Use the UI or a tool of your own' };
  }
}
