#include "pgstore.h"

#include "checksum.h"
#include "pgarray.h"
#include "pgschema.h"
#include "sqltx.h"

#include <map>
#include <vector>

namespace kyodo::server {

namespace {

using P = std::initializer_list<PgParam>;

std::int64_t u2s(std::uint64_t v) { return toStored(v); }

// Parameters and results are text (pgconn.h): bytea travels in its hex form, \x…
std::string byteaLiteral(std::string_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

int hexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

std::string fromBytea(const std::string &text)
{
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x')
        throw StoreError("postgresql: bytea not in hex form (bytea_output)");
    std::string out;
    out.reserve((text.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < text.size(); i += 2)
        out += static_cast<char>(hexValue(text[i]) << 4 | hexValue(text[i + 1]));
    return out;
}

class PgRow final : public SqlRow {
public:
    PgRow(const PgResult &r, int row) : m_r(r), m_row(row) {}
    std::string text(int col) const override { return m_r.text(m_row, col); }
    std::int64_t i64(int col) const override { return m_r.i64(m_row, col); }
    std::string bytes(int col) const override { return fromBytea(m_r.text(m_row, col)); }

private:
    const PgResult &m_r;
    int m_row;
};

// The statements of storesql.h on one pooled connection. What is PostgreSQL's
// own: READ COMMITTED writers and REPEATABLE READ readers (pgstore.h), and
// records and push results written in batches, since every statement is a
// network round trip.
class PgTx final : public SqlTx {
public:
    PgTx(PgPool &pool, bool write) : SqlTx(write), m_pool(pool), m_c(pool.acquire())
    {
        try {
            m_c->exec(write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                            : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        } catch (...) {
            m_pool.release(std::move(m_c));
            throw;
        }
    }
    ~PgTx() override
    {
        if (!m_done) {
            try {
                m_c->exec("ROLLBACK");
            } catch (const StoreError &) {
                m_c->markBroken();
            }
        }
        m_pool.release(std::move(m_c));
    }

    void commit() override
    {
        flush();
        m_done = true; // COMMIT ends the transaction whatever it answers
        // COMMIT of a transaction that failed earlier answers "ROLLBACK", not an error.
        if (m_c->exec("COMMIT").command() != "COMMIT")
            throw StoreError("postgresql: the transaction was rolled back");
    }

    std::optional<RecordPlace> recordPlace(const std::string &id) override
    {
        if (auto it = m_records.find(id); it != m_records.end())
            return RecordPlace{it->second.scope, it->second.type};
        return SqlTx::recordPlace(id);
    }
    void prefetchRecords(const std::vector<std::string> &ids) override
    {
        if (ids.empty())
            return;
        PgArray list;
        for (const std::string &id : ids)
            list.add(id);
        PgResult r = writer() ? m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ANY($1::text[]) "
                                         "ORDER BY id COLLATE \"C\" FOR UPDATE",
                                         {list.literal()})
                              : m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ANY($1::text[])",
                                         {list.literal()});
        for (const std::string &id : ids)
            m_prefetched[id] = std::nullopt; // absent unless found below
        for (int i = 0; i < r.rows(); ++i) {
            StoredRecord s = readRecord(PgRow(r, i));
            m_prefetched[s.id] = std::move(s);
        }
    }
    std::optional<StoredRecord> loadRecord(const std::string &id) override
    {
        if (auto it = m_records.find(id); it != m_records.end())
            return it->second; // written earlier in this transaction, not flushed yet
        if (auto it = m_prefetched.find(id); it != m_prefetched.end())
            return it->second;
        // A deadlock between two row locks is detected by PostgreSQL and
        // answers 503; the device retries.
        return SqlTx::loadRecord(id);
    }
    // Records and results wait in the transaction and go out together (see
    // flush()); reads of them in this transaction are answered from here.
    void saveRecord(const StoredRecord &s) override
    {
        m_records[s.id] = s;
        m_prefetched.erase(s.id); // after a flush the database has the newer row
        if (m_records.size() >= kFlushRows)
            flush();
    }
    std::vector<StoredRecord> changedRecords(const std::string &scope, std::int64_t after, int limit) override
    {
        flush();
        return SqlTx::changedRecords(scope, after, limit);
    }
    std::int64_t recordCount() override
    {
        flush();
        return SqlTx::recordCount();
    }
    std::optional<StoredResult> loadResult(const std::string &clientId, std::int64_t cseq) override
    {
        if (auto it = m_results.find({clientId, cseq}); it != m_results.end())
            return it->second;
        return SqlTx::loadResult(clientId, cseq);
    }
    void saveResult(const std::string &clientId, std::int64_t cseq, const StoredResult &s) override
    {
        // The primary key also stops two racing retries of one push from both
        // recording it (the flush fails, the push answers 503, the retry finds it).
        m_results[{clientId, cseq}] = s;
    }
    std::int64_t resultCount() override
    {
        flush();
        return SqlTx::resultCount();
    }

protected:
    void query(Q statement, Params params, const OnRow &onRow) override
    {
        const PgResult r = run(statement, params);
        for (int i = 0; i < r.rows(); ++i)
            onRow(PgRow(r, i));
    }
    int execute(Q statement, Params params) override { return run(statement, params).affected(); }

private:
    PgResult run(Q statement, Params params)
    {
        std::vector<PgParam> values;
        values.reserve(params.size());
        for (const SqlValue &v : params) {
            if (const auto *n = std::get_if<std::int64_t>(&v))
                values.emplace_back(*n);
            else if (const auto *b = std::get_if<SqlBytes>(&v))
                values.emplace_back(byteaLiteral(b->bytes));
            else
                values.emplace_back(std::string(std::get<std::string_view>(v)));
        }
        return m_c->run(sql(statement, Dialect::Postgres).c_str(), values);
    }

    void flush()
    {
        if (!m_records.empty()) {
            PgArray id, scope, type, cl, rev, doc, versions, meta, seq, checksum;
            for (const auto &[key, s] : m_records) {
                id.add(s.id);
                scope.add(s.scope);
                type.add(s.type);
                cl.add(s.cl);
                rev.add(u2s(s.rev));
                doc.add(s.doc);
                versions.add(s.versions);
                meta.add(s.meta);
                seq.add(s.seq);
                checksum.add(u2s(s.checksum));
            }
            m_c->run("INSERT INTO records (" KYODO_RECORD_COLS ") SELECT * FROM unnest($1::text[], $2::text[], "
                     "$3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], "
                     "$10::bigint[]) "
                     "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, type = excluded.type, cl = excluded.cl, "
                     "rev = excluded.rev, doc = excluded.doc, versions = excluded.versions, meta = excluded.meta, "
                     "seq = excluded.seq, checksum = excluded.checksum",
                     P{id.literal(), scope.literal(), type.literal(), cl.literal(), rev.literal(), doc.literal(),
                       versions.literal(), meta.literal(), seq.literal(), checksum.literal()});
            m_records.clear();
        }
        if (!m_results.empty()) {
            PgArray client, cseq, mid, result;
            for (const auto &[key, s] : m_results) {
                client.add(key.first);
                cseq.add(key.second);
                mid.add(s.mid);
                result.add(s.result);
            }
            m_c->run("INSERT INTO results (client_id, cseq, mid, result) "
                     "SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])",
                     P{client.literal(), cseq.literal(), mid.literal(), result.literal()});
            m_results.clear();
        }
    }

    PgPool &m_pool;
    std::unique_ptr<PgConn> m_c;
    static constexpr std::size_t kFlushRows = 1000;
    std::map<std::string, StoredRecord> m_records;                          // by id, not yet written
    std::map<std::string, std::optional<StoredRecord>> m_prefetched;        // locked by prefetchRecords
    std::map<std::pair<std::string, std::int64_t>, StoredResult> m_results; // by (client, cseq)
    bool m_done = false;
};

} // namespace

PgStore::PgStore(std::string conninfo, int poolSize) : m_pool(std::move(conninfo), poolSize)
{
    auto conn = m_pool.acquire();
    try {
        migratePg(*conn);
    } catch (...) {
        m_pool.release(std::move(conn));
        throw;
    }
    m_pool.release(std::move(conn));
}

std::unique_ptr<StoreTx> PgStore::beginWrite() { return std::make_unique<PgTx>(m_pool, true); }

std::unique_ptr<StoreTx> PgStore::beginRead() { return std::make_unique<PgTx>(m_pool, false); }

} // namespace kyodo::server
