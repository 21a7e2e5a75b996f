/** A timestamp in the reader's time zone, to the second; '—' when absent. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** 950 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The first segment of a UUID, enough to tell jobs apart in a table. */
export function shortId(id: string | undefined): string {
  return id ? (id.split('-')[0] ?? id) : '—';
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A date and time without seconds, for what is planned (the next scheduled run). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long until a moment: "in 5 h 12 m", "in 2 d 3 h", "in 40 s"; "due now" once it has come. */
export function formatCountdown(ms: number): string {
  if (ms < 1000) return 'due now';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `in ${m} m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `in ${h} h ${m % 60} m`;
  return `in ${Math.floor(h / 24)} d ${h % 24} h`;
}
