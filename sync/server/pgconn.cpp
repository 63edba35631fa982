#include "pgconn.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <vector>

namespace kyodo::server {

PgResult::~PgResult()
{
    if (m_r)
        PQclear(m_r);
}

int PgResult::rows() const { return PQntuples(m_r); }

std::string PgResult::text(int row, int col) const
{
    return std::string(PQgetvalue(m_r, row, col), static_cast<std::size_t>(PQgetlength(m_r, row, col)));
}

std::int64_t PgResult::i64(int row, int col) const { return std::strtoll(PQgetvalue(m_r, row, col), nullptr, 10); }

int PgResult::affected() const { return std::atoi(PQcmdTuples(m_r)); }

std::string PgResult::command() const { return PQcmdStatus(m_r); }

PgConn::PgConn(const std::string &conninfo)
{
    m_conn = PQconnectdb(conninfo.c_str());
    if (!m_conn)
        throw StoreError("postgresql: out of memory");
    if (PQstatus(m_conn) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw StoreError("postgresql: cannot connect: " + msg);
    }
    // Docs are stored and returned as the exact UTF-8 bytes they were written as.
    if (PQsetClientEncoding(m_conn, "UTF8") != 0) {
        std::string msg = PQerrorMessage(m_conn);
        PQfinish(m_conn);
        m_conn = nullptr;
        throw StoreError("postgresql: cannot use UTF8: " + msg);
    }
    // Notices (e.g. "relation already exists, skipping") are not errors; keep stderr for the request log.
    PQsetNoticeProcessor(
        m_conn, [](void *, const char *) {}, nullptr);
}

PgConn::~PgConn()
{
    if (m_conn)
        PQfinish(m_conn);
}

bool PgConn::reusable() const
{
    return !m_broken && PQstatus(m_conn) == CONNECTION_OK && PQtransactionStatus(m_conn) == PQTRANS_IDLE;
}

void PgConn::fail(const std::string &what, pg_result *r)
{
    std::string msg = r ? PQresultErrorMessage(r) : "";
    if (msg.empty())
        msg = PQerrorMessage(m_conn);
    if (r)
        PQclear(r);
    if (PQstatus(m_conn) != CONNECTION_OK)
        m_broken = true;
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
        msg.pop_back();
    throw StoreError("postgresql: " + what + ": " + msg);
}

PgResult PgConn::check(pg_result *r, const std::string &what)
{
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail(what, r);
    return PgResult(r);
}

PgResult PgConn::exec(const std::string &sql)
{
    return check(PQexec(m_conn, sql.c_str()), sql.substr(0, sql.find_first_of(" \n")));
}

PgResult PgConn::run(const char *sql, std::span<const PgParam> params)
{
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        const std::string name = "k" + std::to_string(m_prepared.size() + 1);
        // Parameter types come from context (column types), so none are given here.
        check(PQprepare(m_conn, name.c_str(), sql, 0, nullptr), "prepare");
        it = m_prepared.emplace(sql, name).first;
    }
    std::vector<const char *> values;
    values.reserve(params.size());
    for (const PgParam &p : params)
        values.push_back(p.value.c_str());
    return check(
        PQexecPrepared(m_conn, it->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
        "execute");
}

} // namespace kyodo::server
