// One libpq connection with its prepared statements, and the result of a
// statement. Everything here throws StoreError on a database fault and marks
// the connection broken when libpq lost it, so the pool drops it instead of
// handing it out again. Parameters and results are text (libpq's default):
// docs stay the exact bytes they were written as, which their checksums need.
#pragma once

#include "store.h"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_map>

struct pg_conn;
struct pg_result;

namespace kyodo::server {

class PgResult {
public:
    explicit PgResult(pg_result *r) : m_r(r) {}
    ~PgResult();
    PgResult(PgResult &&other) noexcept : m_r(other.m_r) { other.m_r = nullptr; }
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    int rows() const;
    std::string text(int row, int col) const; // "" for NULL
    std::int64_t i64(int row, int col) const;
    int affected() const;        // rows changed by INSERT/UPDATE/DELETE
    std::string command() const; // the command tag, e.g. "COMMIT" or "ROLLBACK"

private:
    pg_result *m_r;
};

// A statement parameter in text form; std::nullopt-free because no column we
// write takes NULL except conflict values, which are stored as JSON text.
struct PgParam {
    PgParam(const std::string &s) : value(s) {}
    PgParam(const char *s) : value(s) {}
    PgParam(std::int64_t v) : value(std::to_string(v)) {}
    PgParam(int v) : value(std::to_string(v)) {}
    std::string value;
};

class PgConn {
public:
    // Connects with a libpq conninfo or URI (postgresql://…); throws StoreError.
    explicit PgConn(const std::string &conninfo);
    ~PgConn();
    PgConn(const PgConn &) = delete;
    PgConn &operator=(const PgConn &) = delete;

    // Runs one or more statements without parameters (BEGIN, DDL); returns the last result.
    PgResult exec(const std::string &sql);
    // Prepares `sql` on first use on this connection (keyed by the literal's
    // address, like SqliteConn), then executes it.
    PgResult run(const char *sql, std::initializer_list<PgParam> params = {})
    {
        return run(sql, std::span<const PgParam>(params.begin(), params.size()));
    }
    PgResult run(const char *sql, std::span<const PgParam> params);

    // Lost the server, or left inside a transaction: not fit for reuse.
    bool reusable() const;
    void markBroken() { m_broken = true; }

private:
    [[noreturn]] void fail(const std::string &what, pg_result *r = nullptr);
    PgResult check(pg_result *r, const std::string &what);

    pg_conn *m_conn = nullptr;
    bool m_broken = false;
    std::unordered_map<const char *, std::string> m_prepared; // sql -> statement name
};

} // namespace kyodo::server
