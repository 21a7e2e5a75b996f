import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../sdk/logger';
import { Secret } from '../../../sdk/inputs/secret';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';

const SECRET = 'S3cr3t-Value-123456';

describe('logger', () => {
  it('redacts registered secrets in messages, fields, nested objects and errors', () => {
    const { logger, text, records } = createCapturedLogger({ secrets: [SECRET] });
    logger.info(`connecting with ${SECRET}`, { header: `TC abc:${SECRET}`, nested: { list: [SECRET, 'ok'] } });
    logger.error('failed', { err: new Error(`bad key ${SECRET}`) });
    logger.info('secret object', { value: new Secret('another-secret-value') });
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain('another-secret-value');
    expect(records()[0]).toMatchObject({ level: 'info', message: 'connecting with ***', nested: { list: ['***', 'ok'] } });
  });

  it('redacts secrets added later and secrets seen through child loggers', () => {
    const { logger, text } = createCapturedLogger();
    const child = logger.child({ component: 'tc' });
    logger.addSecret('late-added-secret');
    child.warn('token late-added-secret refused');
    expect(text()).toContain('"component":"tc"');
    expect(text()).not.toContain('late-added-secret');
  });

  it('changes level at runtime for parent and children, accepting TC level names', () => {
    const { logger, lines } = createCapturedLogger({ level: 'info' });
    const child = logger.child({ a: 1 });
    child.debug('hidden');
    logger.setLevel('DEBUG');
    child.debug('shown');
    logger.setLevel('warn');
    logger.info('hidden too');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['shown']);
    expect(() => logger.setLevel('loud')).toThrow(/Unknown log level/);
  });

  it('rotates the log file by size and compresses the backups', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-'));
    const logger = createLogger({ logPath: dir, logFile: 'app.log', maxBytes: 2000, backupCount: 3 });
    for (let i = 0; i < 200; i++) {
      logger.info(`line ${i} ${'x'.repeat(40)}`);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await logger.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toContain('app.log');
    expect(files.some((f) => f.endsWith('.gz'))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(4);
    expect(files).toEqual(expect.arrayContaining(['app.log.1.gz']));
  });
});
