#include "pgschema.h"

#include "storesql.h"

namespace kyodo::server {

namespace {

// Any fixed key works; it only has to be the same in every kyodo-server.
constexpr const char *kLockSql = "SELECT pg_advisory_xact_lock(7243510001)";

} // namespace

void migratePg(PgConn &conn)
{
    conn.exec("BEGIN");
    try {
        conn.exec(kLockSql);
        conn.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        const int version =
            static_cast<int>(conn.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version").i64(0, 0));
        if (version > kStoreSchemaVersion)
            throw StoreError("database has schema version " + std::to_string(version) + ", newer than this server (" +
                             std::to_string(kStoreSchemaVersion) + ")");
        const auto steps = migrations(Dialect::Postgres);
        for (int v = version; v < kStoreSchemaVersion; ++v)
            conn.exec(steps[static_cast<std::size_t>(v)]);
        if (version != kStoreSchemaVersion)
            conn.exec("DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (" +
                      std::to_string(kStoreSchemaVersion) + ")");
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
