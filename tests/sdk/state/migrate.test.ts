import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openStateDb, pluck, schemaVersion, type Migration } from '../../../sdk/state';

describe('openStateDb', () => {
  it('creates the folder and opens the database in WAL mode with foreign keys on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-state-'));
    const file = path.join(dir, 'nested', 'state.db');
    const db = openStateDb(file);
    expect(pluck(db.prepare('PRAGMA journal_mode'))).toBe('wal');
    expect(pluck(db.prepare('PRAGMA foreign_keys'))).toBe(1);
    db.close();
    expect(fs.existsSync(file)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the file when it cannot be used', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-state-'));
    const file = path.join(dir, 'not-a-db');
    fs.writeFileSync(file, 'this is plain text, not SQLite '.repeat(100));
    expect(() => openStateDb(file)).toThrow(new RegExp(`Cannot use the state database ${file}`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('migrate', () => {
  const steps: Migration[] = [
    'CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT)',
    (db) => db.prepare("INSERT INTO a (name) VALUES ('seeded')").run(),
    'ALTER TABLE a ADD COLUMN note TEXT',
  ];

  it.each([
    ['a fresh database', 0, 3],
    ['a database one step behind', 2, 3],
    ['an up-to-date database', 3, 3],
  ])('brings %s to the latest version', (_name, start, want) => {
    const db = openStateDb(':memory:');
    migrate(db, 'app', steps.slice(0, start));
    expect(migrate(db, 'app', steps)).toBe(want);
    expect(schemaVersion(db, 'app')).toBe(want);
    expect(db.prepare('SELECT name, note FROM a').all()).toEqual([{ name: 'seeded', note: null }]);
    db.close();
  });

  it('keeps namespaces apart', () => {
    const db = openStateDb(':memory:');
    migrate(db, 'one', ['CREATE TABLE t1 (x)']);
    migrate(db, 'two', ['CREATE TABLE t2 (x)', 'CREATE TABLE t3 (x)']);
    expect([schemaVersion(db, 'one'), schemaVersion(db, 'two'), schemaVersion(db, 'three')]).toEqual([1, 2, 0]);
    db.close();
  });

  it('rolls a failing step back and leaves the version where it was', () => {
    const db = openStateDb(':memory:');
    expect(() => migrate(db, 'app', ['CREATE TABLE ok (x)', 'CREATE TABLE half (x); CREATE TABLE broken ('])).toThrow();
    expect(schemaVersion(db, 'app')).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all()).toEqual([]);
    db.close();
  });

  it('refuses a database written by a later version', () => {
    const db = openStateDb(':memory:');
    migrate(db, 'app', steps);
    expect(() => migrate(db, 'app', steps.slice(0, 1))).toThrow(/schema version 3 for "app", newer than this App knows \(1\)/);
    db.close();
  });
});
