import { useId, useState } from 'preact/hooks';
import type { UpdateMode } from '../../app/export/types';
import type { ApiClient } from '../api/api-client';
import { errorText } from '../api/api-error';
import { shortId } from './format';

export interface RunNowProps {
  api: ApiClient;
  /** The next scheduled run's mode: what Run now offers first. */
  nextMode?: UpdateMode | undefined;
  /** The request ID of the job in progress: Run now waits for it, and links to it. */
  running?: string | undefined;
  onStarted?(requestId: string): void;
}

/**
 * Starts an ad-hoc job at once. While a job runs it is disabled and says which job (two never run at once); a
 * refusal that still comes (409: one started meanwhile) is shown as the service words it.
 */
export function RunNow({ api, nextMode, running, onStarted }: RunNowProps) {
  const [chosen, setChosen] = useState<UpdateMode>();
  const mode = chosen ?? nextMode ?? 'delta';
  const [resendAll, setResendAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const selectId = useId();
  const runningId = useId();

  const run = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const all = mode === 'full' && resendAll;
      const { requestId } = await api.startJob(mode, all ? { resendAll: true } : {});
      setMessage({ ok: true, text: `Started ${mode} job ${requestId}${all ? ', re-sending every object' : ''}.` });
      onStarted?.(requestId);
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="run-now" data-testid="run-now">
      <label for={selectId}>Update</label>
      <select id={selectId} value={mode} onChange={(e) => setChosen(e.currentTarget.value as UpdateMode)}>
        <option value="delta">Delta</option>
        <option value="full">Full</option>
      </select>
      {mode === 'full' && (
        <label class="checkbox">
          <input type="checkbox" checked={resendAll} onChange={(e) => setResendAll(e.currentTarget.checked)} data-testid="run-now-resend-all" />
          Re-send all
        </label>
      )}
      <button type="button" class="primary" disabled={busy || !!running} aria-describedby={running ? runningId : undefined} onClick={run}>
        {busy ? 'Starting…' : 'Run now'}
      </button>
      {running && (
        <p class="muted" id={runningId} data-testid="run-now-running">
          <a href={`#/jobs?requestId=${encodeURIComponent(running)}`} title={running}>
            Job {shortId(running)}
          </a>{' '}
          is running; a new one can start when it ends.
        </p>
      )}
      <p class={message?.ok ? 'notice' : 'inline-error'} role={message?.ok ? 'status' : 'alert'} data-testid="run-now-message">
        {message?.text}
      </p>
    </div>
  );
}
