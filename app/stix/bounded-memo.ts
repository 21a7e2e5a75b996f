/**
 * Memoizes a pure function of a string over a small vocabulary (kill chain phases, TLP label names, owner names):
 * those values repeat on nearly every indicator. Once `limit` distinct inputs are held, new ones are computed
 * without being kept, so hostile input cannot grow memory.
 */
export function boundedMemo<T>(fn: (input: string) => T, limit = 256): (input: string) => T {
  const cache = new Map<string, T>();
  return (input) => {
    const hit = cache.get(input);
    if (hit !== undefined || cache.has(input)) return hit as T;
    const value = fn(input);
    if (cache.size < limit) cache.set(input, value);
    return value;
  };
}
