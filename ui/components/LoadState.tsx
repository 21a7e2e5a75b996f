import type { ComponentChildren } from 'preact';
import type { Remote } from '../stores/use-remote';

export interface LoadStateProps<T> {
  remote: Remote<T>;
  /** What is being loaded, for the messages ("jobs"). */
  what: string;
  isEmpty(data: T): boolean;
  /** Shown when there is nothing, e.g. "No jobs match these filters." */
  empty: ComponentChildren;
  children(data: T): ComponentChildren;
}

/** Loading, error (with Retry), empty, or the content: every list shows one of the four, visibly. */
export function LoadState<T>({ remote, what, isEmpty, empty, children }: LoadStateProps<T>) {
  if (remote.status === 'loading' && remote.data === undefined) {
    return (
      <p class="state loading" role="status" data-testid="loading">
        Loading {what}…
      </p>
    );
  }
  const error = remote.status === 'error' && (
    <div class="state error" role="alert" data-testid="load-error">
      <p>
        Could not load {what}: {remote.error}
      </p>
      <button type="button" onClick={remote.reload}>
        Retry
      </button>
    </div>
  );
  if (remote.data === undefined) return error || null;
  return (
    <>
      {error}
      {isEmpty(remote.data) ? (
        <p class="state empty" data-testid="empty">
          {empty}
        </p>
      ) : (
        children(remote.data)
      )}
    </>
  );
}
