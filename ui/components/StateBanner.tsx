import { useEffect, useState } from 'preact/hooks';
import type { StateView } from '../../app/routes/api-types';
import type { ApiClient } from '../api/api-client';
import { errorText } from '../api/api-error';
import { formatTime } from './format';
import { ConfirmModal } from './ConfirmModal';

export const STATE_POLL_MS = 30_000;

export interface StateBannerProps {
  api: ApiClient;
  /** Called after a restore or a dismissal, so the screen below loads again. */
  onChanged(): void;
}

/**
 * Shown above every screen while the ledger (state.db) is damaged or went missing: what happened, what it means,
 * and the way out (restore the newest copy, asked once more; or, when it went missing, dismiss).
 */
export function StateBanner({ api, onChanged }: StateBannerProps) {
  const [view, setView] = useState<StateView>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        setView(await api.getState(controller.signal));
      } catch {
        // The screens show their own errors; the banner tries again at the next beat.
      }
      if (!controller.signal.aborted) timer = setTimeout(poll, STATE_POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api]);

  if (!view || view.status === 'ok') return null;
  const newest = view.backups[0];
  const act = async (action: () => Promise<StateView>) => {
    setBusy(true);
    setError(undefined);
    try {
      setView(await action());
      setConfirming(false);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class={`banner ${view.status === 'damaged' ? 'banner-danger' : 'banner-warn'}`} role="alert" data-testid="state-banner" data-state={view.status}>
      <p>
        <strong>{view.message}</strong> {view.wayOut}
      </p>
      {view.problems && view.problems.length > 0 && (
        <details>
          <summary>What SQLite found</summary>
          <ul>
            {view.problems.map((p) => (
              <li key={p} class="mono">
                {p}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="actions">
        {newest && (
          <button type="button" class="primary" disabled={busy} onClick={() => setConfirming(true)}>
            Restore the copy of {formatTime(newest.createdAt)}
          </button>
        )}
        {view.status === 'missing' && (
          <button type="button" disabled={busy} onClick={() => void act(() => api.acknowledgeState())}>
            Dismiss
          </button>
        )}
      </div>
      {!confirming && error && <p class="inline-error">{error}</p>}
      {confirming && newest && (
        <ConfirmModal
          title="Restore the App’s state?"
          testId="confirm-restore"
          confirmLabel="Restore"
          busyLabel="Restoring…"
          tone="primary"
          busy={busy}
          error={error}
          onConfirm={() => void act(() => api.restoreState(newest.name))}
          onCancel={() => setConfirming(false)}
        >
          <p>
            The state is replaced by the copy made at {formatTime(newest.createdAt)} ({newest.name}); the current file is kept aside, not deleted. Jobs run
            again, and the next delta sends what changed since that copy.
          </p>
        </ConfirmModal>
      )}
    </div>
  );
}
