#include "sqlfunctions.h"

#include "textfold.h"
#include "wareki.h"

#include <string>
#include <utility>

namespace kyodo {

namespace {

// kyodo_fold(x): text as reports and search compare it (textfold.h); other values as they are.
void sqlFold(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const auto *p = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const std::string folded =
        kyodo::foldForComparison(std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
    sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// kyodo_fiscal_year(x): the fiscal year of a date or date-time, decided in Japan (wareki.h); NULL when none.
void sqlFiscalYear(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto *p = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    const int fy = kyodo::fiscalYearOf(std::string(p, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
    if (fy)
        sqlite3_result_int(ctx, fy);
    else
        sqlite3_result_null(ctx);
}

} // namespace

void addReplicaFunctions(SqliteDb &db)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    for (const auto &[name, fn] : {std::pair{"kyodo_fold", &sqlFold}, std::pair{"kyodo_fiscal_year", &sqlFiscalYear}})
        if (const int rc =
                sqlite3_create_function_v2(db.handle(), name, 1, flags, nullptr, fn, nullptr, nullptr, nullptr);
            rc != SQLITE_OK)
            throw SqliteError(rc, std::string("create function ") + name + ": " + sqlite3_errmsg(db.handle()));
}

} // namespace kyodo
