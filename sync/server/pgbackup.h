// `kyodo-server backup DEST` and `restore SRC` for a PostgreSQL store, with
// PostgreSQL's own tools: pg_dump --format=custom takes one consistent
// snapshot while the server keeps serving, pg_restore loads it into an
// empty database in one transaction. The tools come from the
// postgresql-client package (found on PATH, or in `KYODO_PG_BINDIR`).
//
// The connection URI never reaches a command line (where any local user could
// read it in the process list): it is split with libpq's own parser and
// handed to the tools as the PG* environment variables libpq documents.
//
// Like the SQLite backup, the archive is written beside DEST, checked (it
// lists a Kyodo store's tables) and renamed into place: whole or absent. A
// restore goes only into an existing, empty database (createdb first), and
// the restored store is migrated like any other on its first open.
#pragma once

#include "result.h"

#include <string>

namespace kyodo::server {

Status backupPostgresStore(const std::string &uri, const std::string &dest);
Status restorePostgresStore(const std::string &src, const std::string &uri);

} // namespace kyodo::server
