// A WAL copied into its database and cut to nothing: what a wipe must do
// before it says the device holds nothing, since deleted rows live on in WAL
// frames until then.
#pragma once

namespace kyodo {

class SqliteDb;

// Another connection's read (a gallery drawing, a report) keeps the old
// frames: the checkpoint waits for it as long as the connection waits for
// any lock (SqliteDb: 10 s), then says so in its answer, not as an error.
// False then. Throws SqliteError as SqliteDb does for a fault of the
// database itself.
bool emptyWal(SqliteDb &db);

} // namespace kyodo
