import { Modal } from './Modal';

export interface LeaveDialogProps {
  onStay(): void;
  onLeave(): void;
}

/** Asked before leaving CONFIGURE with edits that are not saved. */
export function LeaveDialog({ onStay, onLeave }: LeaveDialogProps) {
  return (
    <Modal title="Unsaved changes" onClose={onStay} testId="leave-dialog">
      <p>The query configurations have changes that are not saved. Leaving this screen discards them.</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onStay} data-autofocus>
          Stay and keep editing
        </button>
        <button type="button" class="danger" onClick={onLeave}>
          Discard changes and leave
        </button>
      </div>
    </Modal>
  );
}
