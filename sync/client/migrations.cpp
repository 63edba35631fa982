#include "migrations.h"

namespace kyodo {

const char *const kStagingTables = R"SQL(
CREATE TEMP TABLE IF NOT EXISTS staging(
  n INTEGER PRIMARY KEY, scope TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, cl INTEGER NOT NULL,
  seq INTEGER NOT NULL, rev INTEGER NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, checksum INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS staging_gone(scope TEXT NOT NULL, record TEXT NOT NULL, rev INTEGER NOT NULL);
CREATE TEMP TABLE IF NOT EXISTS staging_conflicts(id TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL,
  status TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL);
)SQL";

const std::vector<const char *> &replicaMigrations()
{
    static const std::vector<const char *> all = {
        // 1: the first format.
        R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Confirmed state: documents exactly as the server sent them.
CREATE TABLE records(
  id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl INTEGER NOT NULL,
  rev INTEGER NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL,
  checksum INTEGER NOT NULL);
-- Covers the checksum check of a scope without touching the documents.
CREATE INDEX records_scope ON records(scope, checksum);
CREATE INDEX records_type ON records(type);
CREATE TABLE outbox(
  cseq INTEGER PRIMARY KEY, mid TEXT NOT NULL, op TEXT NOT NULL, record TEXT NOT NULL,
  type TEXT NOT NULL, scope TEXT NOT NULL, sv INTEGER NOT NULL, fields TEXT NOT NULL,
  base TEXT NOT NULL, prev TEXT NOT NULL DEFAULT '{}', base_cl INTEGER NOT NULL, base_rev INTEGER NOT NULL, hlc INTEGER NOT NULL,
  conflict TEXT NOT NULL DEFAULT '', take TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL, result TEXT NOT NULL DEFAULT '', code TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '', message_en TEXT NOT NULL DEFAULT '',
  client TEXT NOT NULL DEFAULT '', -- the client id it was sent under
  saved_at TEXT NOT NULL, sent_at TEXT, settled_at TEXT);
CREATE INDEX outbox_record ON outbox(record);
CREATE INDEX outbox_state ON outbox(state);
-- What the next push sends, in cseq order, without scanning the whole outbox.
CREATE INDEX outbox_unsent ON outbox(cseq) WHERE state='saved' OR (state='sent' AND result='');
-- Records with unsettled local changes, as the user sees them.
CREATE TABLE overlay(
  id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl INTEGER NOT NULL,
  fields TEXT NOT NULL);
CREATE VIEW record_view AS
  SELECT r.id, COALESCE(o.scope, r.scope) AS scope, r.type, COALESCE(o.cl, r.cl) AS cl,
         COALESCE(o.fields, json_extract(r.doc, '$.fields')) AS fields,
         o.id IS NOT NULL AS pending, r.rev AS rev
    FROM records r LEFT JOIN overlay o ON o.id = r.id
  UNION ALL
  SELECT o.id, o.scope, o.type, o.cl, o.fields, 1, 0
    FROM overlay o WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.id = o.id);
CREATE TABLE scopes(
  scope TEXT PRIMARY KEY, cursor INTEGER NOT NULL, checksum TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0, synced_at TEXT);
CREATE TABLE conflicts(
  id TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL, status TEXT NOT NULL,
  seq INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX conflicts_record ON conflicts(record);
)SQL",
        // 2: drafts, forms being filled in, kept as the user types (not yet a change).
        R"SQL(
CREATE TABLE drafts(
  key TEXT PRIMARY KEY, type TEXT NOT NULL, scope TEXT NOT NULL, record TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL, updated_at TEXT NOT NULL);
)SQL",
        // 3: each scope's record count and checksum sum, kept up to date by
        // every write to records (checkpoint.cpp). Checking a pull against
        // the server's checkpoint then reads one row per scope instead of
        // every record, and the scope index no longer needs the checksum:
        // with it, every pulled edit moved two entries to random places in
        // that index. The sum mod 2^64 is kept as two sums of 32-bit halves
        // (SQLite integers must not overflow, and cannot below 2^31 records).
        R"SQL(
CREATE TABLE scope_sums(scope TEXT PRIMARY KEY, n INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
INSERT INTO scope_sums(scope, n, lo, hi)
  SELECT scope, count(*), sum(checksum & 4294967295), sum((checksum >> 32) & 4294967295) FROM records GROUP BY scope;
DROP INDEX records_scope;
CREATE INDEX records_scope ON records(scope);
)SQL",
        // 4: an outbox entry's payload in a table of its own. Sending a batch
        // marks it sent and then records its answer; with the fields in the
        // same row, both rewrote about 1.7 KB per entry, a fifth of the CPU of
        // a large push.
        R"SQL(
CREATE TABLE outbox_payload(cseq INTEGER PRIMARY KEY, fields TEXT NOT NULL, base TEXT NOT NULL,
  prev TEXT NOT NULL);
INSERT INTO outbox_payload(cseq, fields, base, prev) SELECT cseq, fields, base, prev FROM outbox;
ALTER TABLE outbox DROP COLUMN fields;
ALTER TABLE outbox DROP COLUMN base;
ALTER TABLE outbox DROP COLUMN prev;
)SQL",
    };
    return all;
}

} // namespace kyodo
