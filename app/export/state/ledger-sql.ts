// What the ledger and the merge of a sent log share: the ledger's columns in the order a sent-log line holds them,
// the upsert of a row, and how a key-range walk ends and yields.

/** The ledger's columns in the order of a sent-log line. */
export const COLUMNS = 'stix_id, tc_type, tc_id, owner, pattern, name, created, digest, valid_from, valid_until, modified, last_job';
/**
 * A re-sent id takes the new row whole and is active again; no listing has shown the new version yet, and what a
 * reconciliation found wrong with the old one is past.
 */
export const ON_CONFLICT = `ON CONFLICT (stix_id) DO UPDATE SET tc_type = excluded.tc_type, tc_id = excluded.tc_id, owner = excluded.owner,
  pattern = excluded.pattern, name = excluded.name, created = excluded.created, digest = excluded.digest, valid_from = excluded.valid_from,
  valid_until = excluded.valid_until, modified = excluded.modified, last_job = excluded.last_job, revoked = 0, seen_at = NULL, sentinel_state = NULL`;
/** Above every STIX id (they are ASCII): the end of the last key range. */
export const LAST_KEY = '\uffff';

/** A ledger row in COLUMNS order: what `recordSent` writes and a sent-log line holds. */
export type SentRow = [string, string, number, string, string, string, string, string | null, string, string, string, string];

/** Gives the event loop a turn between statements of a long walk. */
export const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
