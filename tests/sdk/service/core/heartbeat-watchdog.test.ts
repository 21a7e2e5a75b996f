import { HeartbeatWatchdog } from '../../../../sdk/service/core/heartbeat-watchdog';

describe('HeartbeatWatchdog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['no heartbeat at all', [], 1000, 1],
    ['heartbeats in time', [600, 1200, 1800], 2500, 0],
    ['heartbeats that stop', [600], 1700, 1],
  ])('%s', (_name, beats, until, missed) => {
    const onMissed = jest.fn();
    const dog = new HeartbeatWatchdog(1000, onMissed);
    dog.start();
    let now = 0;
    for (const at of beats) {
      jest.advanceTimersByTime(at - now);
      now = at;
      dog.beat();
    }
    jest.advanceTimersByTime(until - now);
    expect(onMissed).toHaveBeenCalledTimes(missed);
    dog.stop();
  });

  it('never fires once stopped, and fires only once', () => {
    const onMissed = jest.fn();
    const dog = new HeartbeatWatchdog(100, onMissed);
    dog.start();
    jest.advanceTimersByTime(500);
    dog.beat();
    jest.advanceTimersByTime(500);
    expect(onMissed).toHaveBeenCalledTimes(1);
    const stopped = new HeartbeatWatchdog(100, onMissed);
    stopped.start();
    stopped.stop();
    jest.advanceTimersByTime(500);
    expect(onMissed).toHaveBeenCalledTimes(1);
  });
});
