#include "backup.h"

#include "durablefile.h"
#include "messages.h"
#include "pgbackup.h"
#include "sqlite.h"
#include "sqlitestore.h"
#include "storesql.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace kyodo::server {

namespace {

bool isPostgres(const std::string &db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

// Copies `from` into a new file `to` in one step: one consistent snapshot
// (a WAL reader), whatever the server writes meanwhile.
void copyDatabase(SqliteDb &from, const std::string &to)
{
    SqliteDb target = SqliteDb::open(to);
    sqlite3_backup *b = sqlite3_backup_init(target.handle(), "main", from.handle(), "main");
    if (!b)
        throw SqliteError(sqlite3_errcode(target.handle()), sqlite3_errmsg(target.handle()));
    int rc = SQLITE_OK;
    for (int tries = 0; tries < 100; ++tries) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        usleep(50'000);
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        throw SqliteError(rc, std::string("backup: ") + sqlite3_errstr(rc));
}

// What is wrong with `path` as a Kyodo store, or "" when nothing is.
std::string storeProblem(SqliteDb &db)
{
    const auto version = db.queryInt("PRAGMA user_version").value_or(0);
    if (version < 1 || version > kStoreSchemaVersion)
        return "schema version " + std::to_string(version) + " (this server knows 1 to " +
               std::to_string(kStoreSchemaVersion) + ")";
    Statement check = db.prepare("PRAGMA integrity_check");
    if (!check.step() || check.text(0) != "ok")
        return "integrity check: " + check.text(0);
    if (!db.queryInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'records'").value_or(0))
        return "no records table";
    return {};
}

// Copies `from` to `to` through a partial file that is checked, synced and
// renamed: `to` is whole or absent.
Status copyChecked(SqliteDb &from, const std::string &to)
{
    const std::string partial = partialOf(to);
    std::remove(partial.c_str());
    try {
        copyDatabase(from, partial);
        {
            SqliteDb copy = SqliteDb::open(partial);
            copy.exec("PRAGMA journal_mode = DELETE"); // one self-contained file
            if (const std::string problem = storeProblem(copy); !problem.empty())
                throw SqliteError(SQLITE_CORRUPT, problem);
        }
        if (const std::error_code ec = publishPartial(partial, to))
            throw std::filesystem::filesystem_error("rename", partial, to, ec);
        return {};
    } catch (const std::exception &e) {
        std::remove(partial.c_str());
        return withDetail(errorOf(Msg::BackupFailed, {to}), e.what());
    }
}

} // namespace

Status backupStore(const std::string &db, const std::string &dest)
{
    return isPostgres(db) ? backupPostgresStore(db, dest) : backupSqliteStore(db, dest);
}

Status restoreStore(const std::string &src, const std::string &db)
{
    return isPostgres(db) ? restorePostgresStore(src, db) : restoreSqliteStore(src, db);
}

Status backupSqliteStore(const std::string &db, const std::string &dest)
{
    if (isPostgres(db))
        return errorOf(Msg::BackupOfPostgresql);
    if (!std::filesystem::exists(db))
        return errorOf(Msg::NoSuchDatabase, {db});
    try {
        SqliteDb from = SqliteDb::open(db);
        if (const std::string problem = storeProblem(from); !problem.empty())
            return withDetail(errorOf(Msg::NotAKyodoStore, {db}), problem);
        return copyChecked(from, dest);
    } catch (const std::exception &e) {
        return withDetail(errorOf(Msg::BackupFailed, {dest}), e.what());
    }
}

Status restoreSqliteStore(const std::string &src, const std::string &db)
{
    if (isPostgres(db))
        return errorOf(Msg::BackupOfPostgresql);
    if (!std::filesystem::exists(src))
        return errorOf(Msg::NoSuchDatabase, {src});
    if (std::filesystem::exists(db))
        return errorOf(Msg::RestoreTargetExists, {db});
    try {
        SqliteDb from = SqliteDb::open(src);
        if (const std::string problem = storeProblem(from); !problem.empty())
            return withDetail(errorOf(Msg::NotAKyodoStore, {src}), problem);
        if (Status st = copyChecked(from, db); !st)
            return st;
        SqliteStore migrated(db); // brings an older backup to this server's schema
        return {};
    } catch (const std::exception &e) {
        return withDetail(errorOf(Msg::BackupFailed, {db}), e.what());
    }
}

} // namespace kyodo::server
