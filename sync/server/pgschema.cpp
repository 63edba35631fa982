#include "pgschema.h"

#include <iterator>

namespace kyodo::server {

namespace {

// Any fixed key works; it only has to be the same in every kyodo-server.
constexpr const char *kLockSql = "SELECT pg_advisory_xact_lock(7243510001)";

// Migration N brings version N-1 to N. The tables and columns mirror the
// SQLite store (sqlitestore.cpp): 64-bit checksums and HLCs are stored signed
// in BIGINT, JSON stays TEXT (never jsonb) because checksums are over its
// exact bytes, flags stay INTEGER 0/1.
const char *const kMigrations[] = {
    R"sql(
CREATE TABLE scopes (scope TEXT PRIMARY KEY, seq BIGINT NOT NULL, checksum BIGINT NOT NULL, count BIGINT NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl BIGINT NOT NULL,
                      rev BIGINT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, meta TEXT NOT NULL,
                      seq BIGINT NOT NULL, checksum BIGINT NOT NULL);
CREATE INDEX records_scope_seq ON records (scope, seq);
CREATE TABLE conflicts (id TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL, type TEXT NOT NULL,
                        field TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, base TEXT, mine TEXT,
                        theirs TEXT, mine_by TEXT NOT NULL, theirs_by TEXT NOT NULL, mine_hlc BIGINT NOT NULL,
                        theirs_hlc BIGINT NOT NULL, seq BIGINT NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX conflicts_scope_seq ON conflicts (scope, seq);
CREATE TABLE clients (client_id TEXT PRIMARY KEY, user_name TEXT NOT NULL, last_cseq BIGINT NOT NULL);
CREATE TABLE results (client_id TEXT NOT NULL, cseq BIGINT NOT NULL, mid TEXT NOT NULL, result TEXT NOT NULL,
                      PRIMARY KEY (client_id, cseq));
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL);
CREATE TABLE grants (user_name TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_name, scope));
CREATE TABLE tokens (hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, device TEXT NOT NULL,
                     created BIGINT NOT NULL, revoked INTEGER NOT NULL);
CREATE INDEX tokens_user ON tokens (user_name);
CREATE TABLE departures (scope TEXT NOT NULL, record TEXT NOT NULL, seq BIGINT NOT NULL,
                         rev BIGINT NOT NULL, PRIMARY KEY (scope, seq));
)sql",
    // 2: a record's open conflicts found when it moves; login lockout; token
    // expiry, device binding, remote wipe and renewal; quarantine; audit log.
    R"sql(
CREATE INDEX conflicts_open_record ON conflicts (record) WHERE status = 'open';
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN expires BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN wipe INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
CREATE TABLE quarantine (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, client_id TEXT NOT NULL,
                         cseq BIGINT NOT NULL, mid TEXT NOT NULL, received BIGINT NOT NULL, scope TEXT NOT NULL,
                         record TEXT NOT NULL, type TEXT NOT NULL, op TEXT NOT NULL, mutation TEXT NOT NULL,
                         reason TEXT NOT NULL, status TEXT NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX quarantine_status ON quarantine (status, received);
CREATE TABLE audit (seq BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, user_name TEXT NOT NULL,
                    client_id TEXT NOT NULL, peer TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL,
                    scope TEXT NOT NULL, record TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_record ON audit (record, seq);
CREATE INDEX audit_user ON audit (user_name, seq);
)sql",
};

static_assert(std::size(kMigrations) == kPgSchemaVersion);

} // namespace

void migratePg(PgConn &conn)
{
    conn.exec("BEGIN");
    try {
        conn.exec(kLockSql);
        conn.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        const int version =
            static_cast<int>(conn.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version").i64(0, 0));
        if (version > kPgSchemaVersion)
            throw StoreError("database has schema version " + std::to_string(version) + ", newer than this server (" +
                             std::to_string(kPgSchemaVersion) + ")");
        for (int v = version; v < kPgSchemaVersion; ++v)
            conn.exec(kMigrations[v]);
        if (version != kPgSchemaVersion)
            conn.exec("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (" +
                      std::to_string(kPgSchemaVersion) + ")");
        conn.exec("COMMIT");
    } catch (...) {
        try {
            conn.exec("ROLLBACK");
        } catch (const StoreError &) {
            conn.markBroken();
        }
        throw;
    }
}

} // namespace kyodo::server
