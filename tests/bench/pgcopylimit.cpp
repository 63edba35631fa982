#include "pgcopylimit.h"

#include "checksum.h"
#include "record.h"
#include "uuid.h"

#include <libpq-fe.h>

#include <chrono>
#include <random>
#include <stdexcept>

namespace kyodo::bench {

namespace {

class Conn {
public:
    explicit Conn(const std::string &uri) : m_conn(PQconnectdb(uri.c_str()))
    {
        if (PQstatus(m_conn) != CONNECTION_OK) {
            const std::string what = PQerrorMessage(m_conn);
            PQfinish(m_conn);
            throw std::runtime_error("connect: " + what);
        }
    }
    ~Conn() { PQfinish(m_conn); }
    Conn(const Conn &) = delete;
    Conn &operator=(const Conn &) = delete;

    void exec(const std::string &sql, ExecStatusType expected = PGRES_COMMAND_OK)
    {
        PGresult *r = PQexec(m_conn, sql.c_str());
        const bool ok = PQresultStatus(r) == expected;
        PQclear(r);
        if (!ok)
            fail(sql.substr(0, 40));
    }
    [[noreturn]] void fail(const std::string &what) const
    {
        throw std::runtime_error("postgresql: " + what + ": " + PQerrorMessage(m_conn));
    }
    PGconn *get() const { return m_conn; }

private:
    PGconn *m_conn;
};

// postgresql://user@host:port/db?opts -> the same URI naming `db`.
std::string withDatabase(const std::string &uri, const std::string &db)
{
    const auto scheme = uri.find("://");
    const auto path = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const auto query = uri.find('?');
    const std::string base = uri.substr(0, path == std::string::npos ? std::min(query, uri.size()) : path);
    return base + "/" + db + (query == std::string::npos ? "" : uri.substr(query));
}

// One COPY text-format field: backslash, tab, newline and CR escaped.
void appendField(std::string &out, const std::string &value)
{
    for (const char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

} // namespace

PgBenchDatabase::PgBenchDatabase(const std::string &adminUri, const std::string &prefix) : m_admin(adminUri)
{
    std::random_device rd;
    char name[64];
    std::snprintf(name, sizeof name, "%s_%08x%08x", prefix.c_str(), rd(), rd());
    m_name = name;
    Conn(m_admin).exec("CREATE DATABASE " + m_name);
    m_uri = withDatabase(m_admin, m_name);
}

PgBenchDatabase::~PgBenchDatabase()
{
    try {
        Conn(m_admin).exec("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    } catch (const std::exception &) {
        // The throwaway cluster goes with its directory anyway.
    }
}

CopyResult measureCopy(const std::string &uri, const std::vector<std::string> &ids, std::int64_t first,
                       const ConsultationGenerator &gen)
{
    const std::string client = newUuidV7();
    const std::uint64_t hlc = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                             std::chrono::system_clock::now().time_since_epoch())
                                                             .count())
                              << 16;
    std::vector<std::string> lines;
    lines.reserve(ids.size());
    CopyResult result;
    for (size_t k = 0; k < ids.size(); ++k) {
        const std::int64_t i = first + static_cast<std::int64_t>(k);
        const std::string scope = ConsultationGenerator::scopeOf(i);
        const json fields = gen.fields(i);
        const std::string doc = canonicalDoc(Record{ids[k], kConsultationType, scope, 1, fields});
        json versions = json::object(), meta = json::object();
        for (const auto &[key, value] : fields.items()) {
            versions[key] = 1;
            meta[key] = json::array({hlc, client, "bench"});
        }
        std::string line = ids[k] + "\t" + scope + "\t" + kConsultationType + "\t1\t1\t";
        appendField(line, doc);
        line += '\t';
        appendField(line, canonicalJson(versions));
        line += '\t';
        appendField(line, canonicalJson(meta));
        line += "\t" + std::to_string(k / 18 + 1) + "\t" + std::to_string(toStored(recordChecksum(doc))) + "\n";
        result.bytes += static_cast<std::int64_t>(line.size());
        lines.push_back(std::move(line));
    }

    Conn conn(uri);
    conn.exec("CREATE TABLE records (id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl BIGINT NOT NULL,"
              " rev BIGINT NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, meta TEXT NOT NULL,"
              " seq BIGINT NOT NULL, checksum BIGINT NOT NULL);"
              "CREATE INDEX records_scope_seq ON records (scope, seq)");

    const auto t0 = std::chrono::steady_clock::now();
    conn.exec("COPY records (id, scope, type, cl, rev, doc, versions, meta, seq, checksum) FROM STDIN", PGRES_COPY_IN);
    // Sent in chunks of about 256 KiB, as a client streaming a file would.
    std::string chunk;
    for (const std::string &line : lines) {
        chunk += line;
        if (chunk.size() >= 256 * 1024) {
            if (PQputCopyData(conn.get(), chunk.data(), static_cast<int>(chunk.size())) != 1)
                conn.fail("PQputCopyData");
            chunk.clear();
        }
    }
    if (!chunk.empty() && PQputCopyData(conn.get(), chunk.data(), static_cast<int>(chunk.size())) != 1)
        conn.fail("PQputCopyData");
    if (PQputCopyEnd(conn.get(), nullptr) != 1)
        conn.fail("PQputCopyEnd");
    bool ok = true;
    while (PGresult *r = PQgetResult(conn.get())) {
        ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
    }
    if (!ok)
        conn.fail("COPY");
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    result.rows = static_cast<std::int64_t>(lines.size());
    return result;
}

} // namespace kyodo::bench
