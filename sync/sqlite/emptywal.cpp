#include "emptywal.h"

#include "sqlite.h"

namespace kyodo {

bool emptyWal(SqliteDb &db)
{
    // Its row: busy (1 while a reader still holds frames), frames in the WAL, frames copied.
    Statement st = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    return st.step() && st.integer(0) == 0;
}

} // namespace kyodo
