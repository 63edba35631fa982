#include "rawinsertlimit.h"

#include "checksum.h"
#include "record.h"

#include <sqlite3.h>

#include <chrono>
#include <stdexcept>

namespace kyodo::bench {

namespace {

struct Row {
    std::string scope;
    std::int64_t seq = 0;
    std::string doc;
    std::string versions;
    std::int64_t checksum = 0;
};

class Db {
public:
    explicit Db(const std::string &path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
    }
    ~Db()
    {
        sqlite3_finalize(m_insert);
        sqlite3_close(m_db);
    }
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    void exec(const char *sql)
    {
        char *err = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            const std::string what = err ? err : "?";
            sqlite3_free(err);
            throw std::runtime_error(std::string("sqlite: ") + what);
        }
    }
    sqlite3_stmt *prepareInsert()
    {
        const char *sql = "INSERT INTO records(id, scope, type, cl, rev, seq, doc, versions, checksum)"
                          " VALUES(?,?,?,?,?,?,?,?,?)";
        if (sqlite3_prepare_v2(m_db, sql, -1, &m_insert, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(m_db));
        return m_insert;
    }
    const char *error() const { return sqlite3_errmsg(m_db); }

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
};

} // namespace

LimitResult measureRawInsert(const std::string &path, const std::vector<std::string> &ids,
                             const ConsultationGenerator &gen)
{
    LimitResult result;
    std::vector<Row> rows;
    rows.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto n = static_cast<std::int64_t>(i);
        Row r;
        r.scope = ConsultationGenerator::scopeOf(n);
        r.seq = n / 18 + 1;
        const json fields = gen.fields(n);
        r.doc = canonicalDoc(Record{ids[i], kConsultationType, r.scope, 1, fields});
        json versions = json::object();
        for (const auto &[key, value] : fields.items())
            versions[key] = 1; // what the server stores for a created record
        r.versions = canonicalJson(versions);
        r.checksum = toStored(recordChecksum(r.doc));
        result.docBytes += static_cast<std::int64_t>(r.doc.size());
        rows.push_back(std::move(r));
    }

    Db db(path);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("CREATE TABLE records("
            "  id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl INTEGER NOT NULL,"
            "  rev INTEGER NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL,"
            "  checksum INTEGER NOT NULL);"
            "CREATE INDEX records_scope ON records(scope);"
            "CREATE INDEX records_type ON records(type);");
    sqlite3_stmt *insert = db.prepareInsert();

    const auto t0 = std::chrono::steady_clock::now();
    db.exec("BEGIN IMMEDIATE");
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row &r = rows[i];
        sqlite3_bind_text(insert, 1, ids[i].data(), static_cast<int>(ids[i].size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, r.scope.data(), static_cast<int>(r.scope.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, kConsultationType, -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert, 4, 1);
        sqlite3_bind_int64(insert, 5, 1);
        sqlite3_bind_int64(insert, 6, r.seq);
        sqlite3_bind_text(insert, 7, r.doc.data(), static_cast<int>(r.doc.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 8, r.versions.data(), static_cast<int>(r.versions.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert, 9, r.checksum);
        if (sqlite3_step(insert) != SQLITE_DONE)
            throw std::runtime_error(std::string("insert: ") + db.error());
        sqlite3_reset(insert);
    }
    db.exec("COMMIT");
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

} // namespace kyodo::bench
