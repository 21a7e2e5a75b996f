export interface ProgressBarProps {
  /** 0..1; absent for work under way whose share is not known (the bar moves without a value). */
  value?: number;
  label: string;
}

/** A labelled progress bar with its percentage in words, or "under way" when its share is not known. */
export function ProgressBar({ value, label }: ProgressBarProps) {
  if (value === undefined) {
    return (
      <div class="progress" data-testid="progress">
        <progress aria-label={label} />
        <span>under way</span>
      </div>
    );
  }
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div class="progress" data-testid="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}
