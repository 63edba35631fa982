// The replica's own SQL functions, for reports and search (reportengine.h):
//   kyodo_fold(x)         text as reports and search compare it (textfold.h)
//   kyodo_fiscal_year(x)  the fiscal year of a date or date-time, in Japan (wareki.h)
#pragma once

#include "sqlite.h"

namespace kyodo {

// Throws SqliteError when SQLite refuses them.
void addReplicaFunctions(SqliteDb &db);

} // namespace kyodo
