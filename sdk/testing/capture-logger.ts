import { Writable } from 'node:stream';
import { createLogger, Logger, LoggerOptions } from '../logger';

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far (JSON text, redacted as in production). */
  lines: string[];
  /** All lines joined: handy for `expect(text()).not.toContain(secret)`. */
  text(): string;
  /** Parsed lines. */
  records(): Array<Record<string, unknown>>;
}

/** A real logger (same format and redaction as production) whose output is kept in memory for assertions. */
export function createCapturedLogger(options: LoggerOptions = {}): CapturedLogger {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk).trimEnd());
      cb();
    },
  });
  const logger = createLogger({ level: 'trace', ...options, streams: [...(options.streams ?? []), sink] });
  return {
    logger,
    lines,
    text: () => lines.join('\n'),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
