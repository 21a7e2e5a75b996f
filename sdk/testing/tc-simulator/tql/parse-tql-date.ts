const TQL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch ms of a TQL date: `YYYY-MM-DD HH:MM:SS` (UTC, ThreatConnect's documented form), `YYYY-MM-DD`, or ISO-8601
 * with `T`, fractions and a zone. Undefined when it is none of them or not a real date.
 */
export function parseTqlDate(text: string): number | undefined {
  const m = TQL_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2024-02-30 over to March: compare the calendar date back.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d) ? ms : undefined;
}
