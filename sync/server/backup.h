// `kyodo-server backup DEST` and `kyodo-server restore SRC` for the SQLite
// store: SQLite's online backup API copies one consistent snapshot while the
// server keeps serving (a WAL reader, so writers are never held up); the
// copy is checked (integrity, a Kyodo store of a version this server knows)
// before it is renamed into place, so a backup file is whole or absent.
// A restore goes only into a database that does not exist yet, and the
// restored store is migrated like any other on its first open.
//
// backupStore / restoreStore choose by the database: a postgresql:// URI
// goes to pgbackup.h (pg_dump / pg_restore), a file to SQLite.
#pragma once

#include "result.h"

#include <string>

namespace kyodo::server {

Status backupStore(const std::string &db, const std::string &dest);
Status restoreStore(const std::string &src, const std::string &db);

Status backupSqliteStore(const std::string &db, const std::string &dest);
Status restoreSqliteStore(const std::string &src, const std::string &db);

} // namespace kyodo::server
