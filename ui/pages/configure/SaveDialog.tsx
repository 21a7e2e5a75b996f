import { useState } from 'preact/hooks';
import type { UpdateMode } from '../../../app/export/types';
import { errorText } from '../../api/api-error';
import { Modal } from '../../components/Modal';

export interface SaveDialogProps {
  onCancel(): void;
  /** Saves; resolves when done (the window is then closed by the page), rejects with a failure to show here. */
  onSave(nextUpdate: UpdateMode, options: { resendAll: boolean }): Promise<void>;
}

/** Save Changes: Cancel, or save and choose what the next scheduled update will be. */
export function SaveDialog({ onCancel, onSave }: SaveDialogProps) {
  const [busy, setBusy] = useState<UpdateMode>();
  const [error, setError] = useState<string>();
  const [resendAll, setResendAll] = useState(false);
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
  return (
    <Modal title="Save Changes" onClose={onCancel} testId="save-dialog">
      <p>The saved list is used from the next scheduled update on. Which kind of update should that be?</p>
      <ul class="plain">
        <li>
          <strong>Delta</strong>: only indicators modified since the last run.
        </li>
        <li>
          <strong>Full</strong>: every indicator the queries return. With reconciliation on, objects Sentinel was seen to hold unchanged are not
          sent again.
        </li>
      </ul>
      <label class="checkbox">
        <input type="checkbox" checked={resendAll} onChange={(e) => setResendAll(e.currentTarget.checked)} data-testid="resend-all" />
        Force re-send all: the full update sends every object, also those Sentinel already holds unchanged
      </label>
      {error && (
        <p class="inline-error" role="alert">
          Not saved: {error}
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <span class="spacer" />
        <button type="button" disabled={!!busy} onClick={() => save('delta')}>
          {busy === 'delta' ? 'Saving…' : 'Save and Run Delta Update'}
        </button>
        <button type="button" class="primary" disabled={!!busy} onClick={() => save('full')}>
          {busy === 'full' ? 'Saving…' : 'Save and Run Full Update'}
        </button>
      </div>
    </Modal>
  );
}
