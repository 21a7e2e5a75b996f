import { LIVE_STAGES, type JobLive, type JobStatus } from '../../../app/export/types';
import { formatEta, formatRate, formatThrottle, STAGE_LABELS, STAGE_STATE_LABELS, stageStates } from '../../components/LiveFormat';
import { ProgressBar } from '../../components/ProgressBar';

export interface LiveJobProps {
  live: JobLive;
  status?: JobStatus;
  /** When the answer was read: the ETA's clock time counts from it. */
  now: Date;
}

/**
 * A running job's stages in order (Download → Convert → Upload → Revoke), each with its bar and state and the
 * current one marked, then its send rate against Sentinel's ceiling and the time left. Not a live region: the
 * numbers change every second; the summary above them is what is read out.
 */
export function LiveJob({ live, status, now }: LiveJobProps) {
  const states = stageStates(live, status);
  return (
    <div class="live-job" data-testid="live-job" data-stage={live.stage}>
      <ol class="live-stages" aria-label="Stages of the running job">
        {LIVE_STAGES.map((stage) => {
          const state = states[stage];
          const current = stage === live.stage;
          const share = live.stages[stage] ?? 0;
          return (
            <li
              key={stage}
              class={`live-stage live-stage-${state}${current ? ' live-stage-current' : ''}`}
              data-stage={stage}
              data-state={state}
              aria-current={current ? 'step' : undefined}
            >
              <span class="live-stage-name">
                {STAGE_LABELS[stage]}
                {current && <span class="live-stage-now"> · now</span>}
              </span>
              <span class="live-stage-state">{STAGE_STATE_LABELS[state]}</span>
              {/* Convert reports its share only at its end: while it runs beside the download its bar just moves. */}
              <ProgressBar value={state === 'done' ? 1 : state === 'running' && share === 0 ? undefined : share} label={`${STAGE_LABELS[stage]} progress`} />
            </li>
          );
        })}
      </ol>
      <dl class="live-figures">
        <div>
          <dt>Rate</dt>
          <dd data-testid="live-rate" data-objects-per-minute={live.objectsPerMinute}>
            {formatRate(live.objectsPerMinute, live.ceilingPerMinute)}
          </dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="live-eta" data-eta-seconds={live.etaSeconds}>
            {live.etaSeconds !== undefined ? formatEta(live.etaSeconds, now) : live.stages.upload >= 1 ? 'uploads sent' : 'not known yet'}
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** The banner while Sentinel throttles the uploads; absent otherwise. */
export function LiveThrottleBanner({ live, now }: { live?: JobLive; now: Date }) {
  if (!live?.throttledUntil) return null;
  return (
    <p class="banner banner-warn live-throttle" data-testid="throttle-banner">
      {formatThrottle(live.throttledUntil, now)}
    </p>
  );
}
