export const SCREENS = ['configure', 'jobs', 'tasks', 'reports'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  /** Filters given in the address, e.g. `#/tasks?requestId=…`. */
  params: URLSearchParams;
}

/**
 * Screens live in the fragment (`#/jobs`), so the page itself is always the service root: the one address
 * ThreatConnect proxies for the App, whatever its prefix.
 */
export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const screen = (SCREENS as readonly string[]).includes(path) ? (path as Screen) : 'configure';
  return { screen, params: new URLSearchParams(query) };
}

export function hashOf(screen: Screen, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${screen}${query ? `?${query}` : ''}`;
}
