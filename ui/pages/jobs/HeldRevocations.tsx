import { useState } from 'preact/hooks';
import type { Job } from '../../../app/export/types';
import type { ApiClient } from '../../api/api-client';
import { errorText } from '../../api/api-error';
import { formatTime, plural } from '../../components/format';
import { ConfirmModal } from '../../components/ConfirmModal';

export interface HeldRevocationsProps {
  api: ApiClient;
  job: Job;
  /** Called after a decision was taken, so the screen reloads the job (a confirmed one runs again). */
  onDecided(): void;
}

/**
 * Revocations the revoke guard held back: why, and the two ways out. Revoking takes indicators out of a SOC's
 * detections, so it is asked once more in a window that names the count; discarding sends nothing.
 */
export function HeldRevocations({ api, job, onDecided }: HeldRevocationsProps) {
  const held = job.held;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!held) return null;

  const decide = async (action: 'revoke' | 'discard') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.decideHeldRevocations(job.requestId, action);
      setConfirming(false);
      onDecided();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const n = held.count.toLocaleString();
  if (held.state !== 'held') {
    return (
      <p class="held-decided" data-testid="held-revocations">
        {held.state === 'confirmed'
          ? `${plural(held.count, 'held revocation')} confirmed`
          : `${plural(held.count, 'held revocation')} discarded: nothing was revoked`}{' '}
        on {formatTime(held.decidedAt)}.
      </p>
    );
  }
  return (
    <div class="held" role="region" aria-label="Revocations held back" data-testid="held-revocations">
      <h3>Revocations held back</h3>
      <p>
        This job would revoke {n} indicators in Sentinel, and sent none of them: {held.reason}. Revoked indicators stop being detections. Check the query
        configurations, then decide.
      </p>
      <div class="actions">
        <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
          Revoke these {n}
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('discard')}>
          Discard
        </button>
      </div>
      {!confirming && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmModal
          title={`Revoke ${n} indicators?`}
          testId="confirm-revoke"
          confirmLabel={`Revoke ${n} indicators`}
          busyLabel="Revoking…"
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={() => void decide('revoke')}
          onCancel={() => setConfirming(false)}
        >
          <p>
            {n} indicators that no query configuration returns any more will be revoked in Sentinel now, by job {job.requestId}. Indicators a later job sent
            again are left as they are.
          </p>
        </ConfirmModal>
      )}
    </div>
  );
}
