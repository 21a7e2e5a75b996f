import { useId, useState } from 'preact/hooks';
import type { UpdateMode } from '../../app/export/types';
import type { ApiClient } from '../api/api-client';
import { errorText } from '../api/api-error';

export interface RunNowProps {
  api: ApiClient;
  onStarted?(requestId: string): void;
}

/** Starts an ad-hoc job at once; a refusal (409: a job is already running) is shown as the service words it. */
export function RunNow({ api, onStarted }: RunNowProps) {
  const [mode, setMode] = useState<UpdateMode>('delta');
  const [resendAll, setResendAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const selectId = useId();

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
      <select id={selectId} value={mode} onChange={(e) => setMode(e.currentTarget.value as UpdateMode)}>
        <option value="delta">Delta</option>
        <option value="full">Full</option>
      </select>
      {mode === 'full' && (
        <label class="checkbox">
          <input type="checkbox" checked={resendAll} onChange={(e) => setResendAll(e.currentTarget.checked)} data-testid="run-now-resend-all" />
          Re-send all
        </label>
      )}
      <button type="button" class="primary" disabled={busy} onClick={run}>
        {busy ? 'Starting…' : 'Run now'}
      </button>
      <p class={message?.ok ? 'notice' : 'inline-error'} role={message?.ok ? 'status' : 'alert'} data-testid="run-now-message">
        {message?.text}
      </p>
    </div>
  );
}
