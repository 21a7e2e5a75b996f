import { useId, useState } from 'preact/hooks';
import type { UpdateMode } from '../../../app/export/types';
import { errorText } from '../../api/api-error';
import { formatCountdown, formatDateTime } from '../../components/format';
import { modeLabel } from '../../components/labels';
import { Modal } from '../../components/Modal';

export interface SaveDialogProps {
  /** When the next scheduled job is due (ISO), if known. */
  nextRunAt?: string | undefined;
  /** The next update's mode as saved now: what Cancel leaves it at. */
  current?: UpdateMode | undefined;
  onCancel(): void;
  /** Saves; resolves when done (the window is then closed by the page), rejects with a failure to show here. */
  onSave(nextUpdate: UpdateMode, options: { resendAll: boolean }): Promise<void>;
}

/**
 * Save Changes: Cancel, or save and choose what the next scheduled update will be. Beside each button, what it
 * does to the next run: the button names say "Run", yet nothing runs before the schedule does.
 */
export function SaveDialog({ nextRunAt, current, onCancel, onSave }: SaveDialogProps) {
  const [busy, setBusy] = useState<UpdateMode>();
  const [error, setError] = useState<string>();
  const [resendAll, setResendAll] = useState(false);
  const ids = { cancel: useId(), delta: useId(), full: useId() };
  const save = async (mode: UpdateMode) => {
    setBusy(mode);
    setError(undefined);
    try {
      await onSave(mode, { resendAll: mode === 'full' && resendAll });
    } catch (err) {
      setError(errorText(err));
      setBusy(undefined);
    }
  };
  const nextRun = nextRunAt
    ? `The next scheduled run, ${formatDateTime(nextRunAt)} (${formatCountdown(Date.parse(nextRunAt) - Date.now())}),`
    : 'The next scheduled run';
  return (
    <Modal title="Save Changes" onClose={onCancel} testId="save-dialog" wide>
      <p>The saved list is used from the next scheduled run on. Nothing starts now: use Run now for that.</p>
      <div class="save-choices">
        <button type="button" onClick={onCancel} aria-describedby={ids.cancel} data-autofocus>
          Cancel
        </button>
        <p id={ids.cancel} data-testid="save-cancel-effect">
          Back to editing, nothing saved. {nextRun} stays {current ? `a ${modeLabel(current)} update` : 'as it was'}, with the list saved before.
        </p>
        <button type="button" disabled={!!busy} onClick={() => save('delta')} aria-describedby={ids.delta}>
          {busy === 'delta' ? 'Saving…' : 'Save and Run Delta Update'}
        </button>
        <p id={ids.delta} data-testid="save-delta-effect">
          Saves. {nextRun} will be a Delta update: only indicators modified since the last successful run.
        </p>
        <button type="button" class="primary" disabled={!!busy} onClick={() => save('full')} aria-describedby={ids.full}>
          {busy === 'full' ? 'Saving…' : 'Save and Run Full Update'}
        </button>
        <div>
          <p id={ids.full} data-testid="save-full-effect">
            Saves. {nextRun} will be a Full update: every indicator the queries return. With reconciliation on, objects Sentinel was seen to hold unchanged are
            not sent again.
          </p>
          <label class="checkbox">
            <input type="checkbox" checked={resendAll} onChange={(e) => setResendAll(e.currentTarget.checked)} data-testid="resend-all" />
            Force re-send all: the full update sends every object, also those Sentinel already holds unchanged
          </label>
        </div>
      </div>
      {error && (
        <p class="inline-error" role="alert">
          Not saved: {error}
        </p>
      )}
    </Modal>
  );
}
