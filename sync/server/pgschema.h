// Migrating a PostgreSQL store (the migrations themselves are storesql.h's).
// The version lives in the `schema_version` table; migrating takes a
// transaction-scoped advisory lock first, so several kyodo-server processes
// starting together on one database migrate it once, one after the other.
#pragma once

#include "pgconn.h"

namespace kyodo::server {

// Brings the database to kStoreSchemaVersion; throws StoreError, also when the
// database is newer than this server.
void migratePg(PgConn &conn);

} // namespace kyodo::server
