export interface ProgressBarProps {
  /** 0..1 */
  value: number;
  label: string;
}

/** A labelled progress bar with its percentage in words. */
export function ProgressBar({ value, label }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div class="progress" data-testid="progress">
      <progress max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}
