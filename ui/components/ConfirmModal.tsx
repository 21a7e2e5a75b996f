import type { ComponentChildren } from 'preact';
import { Modal } from './Modal';

export interface ConfirmModalProps {
  title: string;
  testId: string;
  /** What confirming does, in the words of the screen. */
  children: ComponentChildren;
  /** The confirming button's label, and its label while the action runs. */
  confirmLabel: string;
  busyLabel: string;
  /** `danger` for what takes data away (revocations), `primary` otherwise. */
  tone: 'danger' | 'primary';
  busy: boolean;
  /** Why the last try failed, shown in the window. */
  error?: string;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * "Are you sure?" for a dangerous action: the window says what it does, the confirming button names it, and Cancel
 * has the focus, so Enter alone never confirms.
 */
export function ConfirmModal({ title, testId, children, confirmLabel, busyLabel, tone, busy, error, onConfirm, onCancel }: ConfirmModalProps) {
  return (
    <Modal title={title} onClose={onCancel} testId={testId}>
      {children}
      <p class="inline-error" role="alert">
        {error}
      </p>
      <div class="actions">
        <button type="button" class={tone} disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" data-autofocus onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
