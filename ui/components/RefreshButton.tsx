export interface RefreshButtonProps {
  onClick(): void;
}

/** Loads a list again now, without waiting for the next poll (another person's changes, a job the page missed). */
export function RefreshButton({ onClick }: RefreshButtonProps) {
  return (
    <button type="button" class="refresh" onClick={onClick} data-testid="refresh">
      Refresh
    </button>
  );
}
