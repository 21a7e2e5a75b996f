import { hashOf, parseHash } from '../../../ui/stores/hash-route';

describe('parseHash', () => {
  it.each([
    ['', 'configure', ''],
    ['#', 'configure', ''],
    ['#/jobs', 'jobs', ''],
    ['#jobs', 'jobs', ''],
    ['#/tasks?requestId=abc', 'tasks', 'abc'],
    ['#/reports?requestId=x%20y', 'reports', 'x y'],
    ['#/nowhere', 'configure', ''],
  ])('%j is %s', (hash, screen, requestId) => {
    const route = parseHash(hash);
    expect(route.screen).toBe(screen);
    expect(route.params.get('requestId') ?? '').toBe(requestId);
  });

  it('round-trips hashOf', () => {
    const route = parseHash(hashOf('tasks', { requestId: 'a b&c' }));
    expect([route.screen, route.params.get('requestId')]).toEqual(['tasks', 'a b&c']);
  });
});
