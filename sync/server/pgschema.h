// The PostgreSQL schema and its migrations. The version lives in the
// `schema_version` table; migrating takes a transaction-scoped advisory lock
// first, so several kyodo-server processes starting together on one
// database migrate it once, one after the other.
#pragma once

#include "pgconn.h"

namespace kyodo::server {

inline constexpr int kPgSchemaVersion = 2;

// Brings the database to kPgSchemaVersion; throws StoreError, also when the
// database is newer than this server.
void migratePg(PgConn &conn);

} // namespace kyodo::server
