#include "pgstore.h"

#include "pgarray.h"

#include <map>

#include "checksum.h"
#include "pgschema.h"

namespace kyodo::server {

namespace {

using P = std::initializer_list<PgParam>;

json parseOrNull(const std::string &text)
{
    if (text.empty())
        return nullptr;
    return json::parse(text, nullptr, false);
}

std::int64_t u2s(std::uint64_t v) { return toStored(v); }

// Column lists shared by the SELECTs and their readers below.
#define KYODO_RECORD_COLS "id, scope, type, cl, rev, doc, versions, meta, seq, checksum"
#define KYODO_CONFLICT_COLS                                                                                            \
    "id, scope, record, type, field, kind, status, base, mine, theirs, mine_by, theirs_by, mine_hlc, theirs_hlc, "     \
    "seq, resolution"

StoredRecord readRecord(const PgResult &r, int row)
{
    StoredRecord s;
    s.id = r.text(row, 0);
    s.scope = r.text(row, 1);
    s.type = r.text(row, 2);
    s.cl = r.i64(row, 3);
    s.rev = fromStored(r.i64(row, 4));
    s.doc = r.text(row, 5);
    s.versions = r.text(row, 6);
    s.meta = r.text(row, 7);
    s.seq = r.i64(row, 8);
    s.checksum = fromStored(r.i64(row, 9));
    return s;
}

ConflictInfo readConflict(const PgResult &r, int row)
{
    ConflictInfo c;
    c.id = r.text(row, 0);
    c.scope = r.text(row, 1);
    c.record = r.text(row, 2);
    c.type = r.text(row, 3);
    c.field = r.text(row, 4);
    c.kind = r.text(row, 5);
    c.status = r.text(row, 6);
    c.base = parseOrNull(r.text(row, 7));
    c.mine = parseOrNull(r.text(row, 8));
    c.theirs = parseOrNull(r.text(row, 9));
    c.mineBy = r.text(row, 10);
    c.theirsBy = r.text(row, 11);
    c.mineHlc = fromStored(r.i64(row, 12));
    c.theirsHlc = fromStored(r.i64(row, 13));
    c.seq = r.i64(row, 14);
    c.resolution = r.text(row, 15);
    return c;
}

// Sort keys use COLLATE "C" so listings come in byte order, as on SQLite,
// whatever locale the database was created with.
class PgTx final : public StoreTx {
public:
    PgTx(PgPool &pool, bool write) : m_pool(pool), m_c(pool.acquire()), m_write(write)
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

    ScopeState lockScope(const std::string &scope) override
    {
        // Create the counter row if missing (waits for a concurrent creator), then lock it.
        m_c->run("INSERT INTO scopes (scope, seq, checksum, count) VALUES ($1, 0, 0, 0) ON CONFLICT (scope) DO NOTHING",
                 {scope});
        PgResult r = m_c->run("SELECT seq, checksum, count FROM scopes WHERE scope = $1 FOR UPDATE", {scope});
        if (r.rows() != 1)
            throw StoreError("postgresql: scope row " + scope + " vanished");
        return ScopeState{scope, r.i64(0, 0), fromStored(r.i64(0, 1)), r.i64(0, 2)};
    }
    void saveScope(const ScopeState &s) override
    {
        m_c->run("UPDATE scopes SET seq = $2, checksum = $3, count = $4 WHERE scope = $1",
                 P{s.scope, s.seq, u2s(s.checksum), s.count});
    }
    std::optional<ScopeState> scopeState(const std::string &scope) override
    {
        PgResult r = m_c->run("SELECT seq, checksum, count FROM scopes WHERE scope = $1", {scope});
        if (r.rows() == 0)
            return std::nullopt;
        return ScopeState{scope, r.i64(0, 0), fromStored(r.i64(0, 1)), r.i64(0, 2)};
    }
    std::vector<ScopeState> listScopes() override
    {
        PgResult r = m_c->run("SELECT scope, seq, checksum, count FROM scopes ORDER BY scope COLLATE \"C\"");
        std::vector<ScopeState> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back({r.text(i, 0), r.i64(i, 1), fromStored(r.i64(i, 2)), r.i64(i, 3)});
        return out;
    }

    std::optional<RecordPlace> recordPlace(const std::string &id) override
    {
        if (auto it = m_records.find(id); it != m_records.end())
            return RecordPlace{it->second.scope, it->second.type};
        PgResult r = m_c->run("SELECT scope, type FROM records WHERE id = $1", {id});
        if (r.rows() == 0)
            return std::nullopt;
        return RecordPlace{r.text(0, 0), r.text(0, 1)};
    }
    void prefetchRecords(const std::vector<std::string> &ids) override
    {
        if (ids.empty())
            return;
        PgArray list;
        for (const std::string &id : ids)
            list.add(id);
        PgResult r = m_write ? m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ANY($1::text[]) "
                                        "ORDER BY id COLLATE \"C\" FOR UPDATE",
                                        {list.literal()})
                             : m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ANY($1::text[])",
                                        {list.literal()});
        for (const std::string &id : ids)
            m_prefetched[id] = std::nullopt; // absent unless found below
        for (int i = 0; i < r.rows(); ++i) {
            StoredRecord s = readRecord(r, i);
            m_prefetched[s.id] = std::move(s);
        }
    }
    std::optional<StoredRecord> loadRecord(const std::string &id) override
    {
        if (auto it = m_records.find(id); it != m_records.end())
            return it->second; // written earlier in this transaction, not flushed yet
        if (auto it = m_prefetched.find(id); it != m_prefetched.end())
            return it->second;
        // A writer merges against what it loads, and PushService loads a
        // record before it locks the record's scope. Under READ COMMITTED that
        // read could predate a concurrent commit to the same record, whose
        // edit would then be overwritten and the scope checksum go wrong; SQLite
        // has one writer at a time, so there the question never arises. FOR UPDATE
        // waits for that commit and returns the row as it left it. A deadlock
        // between two such locks is detected by PostgreSQL and answers 503; the
        // device retries.
        PgResult r = m_write ? m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = $1 FOR UPDATE", {id})
                             : m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE id = $1", {id});
        if (r.rows() == 0)
            return std::nullopt;
        return readRecord(r, 0);
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
        PgResult r = m_c->run("SELECT " KYODO_RECORD_COLS " FROM records WHERE scope = $1 AND seq > $2 "
                              "ORDER BY seq LIMIT $3",
                              P{scope, after, limit});
        std::vector<StoredRecord> out;
        out.reserve(static_cast<std::size_t>(r.rows()));
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(readRecord(r, i));
        return out;
    }
    std::int64_t recordCount() override
    {
        flush();
        return countOf("SELECT COUNT(*) FROM records");
    }

    void insertConflict(const ConflictInfo &c) override
    {
        m_c->run("INSERT INTO conflicts (" KYODO_CONFLICT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                 "$11, $12, $13, $14, $15, $16)",
                 P{c.id, c.scope, c.record, c.type, c.field, c.kind, c.status, c.base.dump(), c.mine.dump(),
                   c.theirs.dump(), c.mineBy, c.theirsBy, u2s(c.mineHlc), u2s(c.theirsHlc), c.seq, c.resolution});
    }
    std::optional<ConflictInfo> loadConflict(const std::string &id) override
    {
        // Locked in writers for the same reason as loadRecord: two devices resolving one conflict.
        PgResult r = m_write ? m_c->run("SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE id = $1 FOR UPDATE", {id})
                             : m_c->run("SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE id = $1", {id});
        if (r.rows() == 0)
            return std::nullopt;
        return readConflict(r, 0);
    }
    void saveConflict(const ConflictInfo &c) override
    {
        m_c->run("UPDATE conflicts SET status = $2, seq = $3, resolution = $4 WHERE id = $1",
                 P{c.id, c.status, c.seq, c.resolution});
    }
    std::vector<ConflictInfo> openConflictsOf(const std::string &record) override
    {
        PgResult r = m_c->run("SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE record = $1 AND status = 'open' "
                              "ORDER BY seq",
                              {record});
        std::vector<ConflictInfo> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(readConflict(r, i));
        return out;
    }
    std::vector<ConflictInfo> conflicts(const std::string &scope, std::int64_t after, std::int64_t upto) override
    {
        PgResult r = m_c->run("SELECT " KYODO_CONFLICT_COLS " FROM conflicts "
                              "WHERE scope = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                              P{scope, after, upto});
        std::vector<ConflictInfo> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(readConflict(r, i));
        return out;
    }
    std::int64_t conflictCount() override { return countOf("SELECT COUNT(*) FROM conflicts"); }

    void recordDeparture(const Departure &d) override
    {
        m_c->run("INSERT INTO departures (scope, record, seq, rev) VALUES ($1, $2, $3, $4)",
                 P{d.scope, d.record, d.seq, u2s(d.rev)});
    }
    std::vector<Departure> departures(const std::string &scope, std::int64_t after, std::int64_t upto) override
    {
        PgResult r = m_c->run("SELECT record, seq, rev FROM departures WHERE scope = $1 AND seq > $2 AND seq <= $3 "
                              "ORDER BY seq",
                              P{scope, after, upto});
        std::vector<Departure> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back({scope, r.text(i, 0), r.i64(i, 1), fromStored(r.i64(i, 2))});
        return out;
    }

    std::optional<ClientState> loadClient(const std::string &id) override
    {
        // Locked in writers: a duplicated push of one client waits for the
        // first and then finds its results stored, instead of failing on them.
        PgResult r = m_write
                         ? m_c->run("SELECT user_name, last_cseq FROM clients WHERE client_id = $1 FOR UPDATE", {id})
                         : m_c->run("SELECT user_name, last_cseq FROM clients WHERE client_id = $1", {id});
        if (r.rows() == 0)
            return std::nullopt;
        return ClientState{id, r.text(0, 0), r.i64(0, 1)};
    }
    void saveClient(const ClientState &c) override
    {
        m_c->run("INSERT INTO clients (client_id, user_name, last_cseq) VALUES ($1, $2, $3) ON CONFLICT (client_id) "
                 "DO UPDATE SET user_name = excluded.user_name, last_cseq = excluded.last_cseq",
                 P{c.clientId, c.user, c.lastCseq});
    }
    std::optional<StoredResult> loadResult(const std::string &clientId, std::int64_t cseq) override
    {
        if (auto it = m_results.find({clientId, cseq}); it != m_results.end())
            return it->second;
        PgResult r = m_c->run("SELECT mid, result FROM results WHERE client_id = $1 AND cseq = $2", P{clientId, cseq});
        if (r.rows() == 0)
            return std::nullopt;
        return StoredResult{r.text(0, 0), r.text(0, 1)};
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
        return countOf("SELECT COUNT(*) FROM results");
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

    std::vector<std::string> grantsOf(const std::string &user)
    {
        PgResult r = m_c->run("SELECT scope FROM grants WHERE user_name = $1 ORDER BY scope COLLATE \"C\"", {user});
        std::vector<std::string> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(r.text(i, 0));
        return out;
    }
    std::optional<UserRow> loadUser(const std::string &name) override
    {
        PgResult r = m_c->run(
            "SELECT role, password_hash, disabled, failed_logins, locked_until FROM users WHERE name = $1", {name});
        if (r.rows() == 0)
            return std::nullopt;
        return UserRow{
            name,       r.text(0, 0), r.text(0, 1), r.i64(0, 2) != 0, grantsOf(name), static_cast<int>(r.i64(0, 3)),
            r.i64(0, 4)};
    }
    std::vector<UserRow> listUsers() override
    {
        PgResult r = m_c->run("SELECT name, role, password_hash, disabled, failed_logins, locked_until FROM users "
                              "ORDER BY name COLLATE \"C\"");
        std::vector<UserRow> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(UserRow{r.text(i, 0),
                                  r.text(i, 1),
                                  r.text(i, 2),
                                  r.i64(i, 3) != 0,
                                  {},
                                  static_cast<int>(r.i64(i, 4)),
                                  r.i64(i, 5)});
        for (UserRow &u : out)
            u.scopes = grantsOf(u.name);
        return out;
    }
    void saveUser(const UserRow &u) override
    {
        m_c->run("INSERT INTO users (name, role, password_hash, disabled, failed_logins, locked_until) "
                 "VALUES ($1, $2, $3, $4, $5, $6) "
                 "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
                 "disabled = excluded.disabled, failed_logins = excluded.failed_logins, "
                 "locked_until = excluded.locked_until",
                 P{u.name, u.role, u.passwordHash, u.disabled ? 1 : 0, u.failedLogins, u.lockedUntil});
    }
    void addGrant(const std::string &user, const std::string &scope) override
    {
        m_c->run("INSERT INTO grants (user_name, scope) VALUES ($1, $2) ON CONFLICT DO NOTHING", P{user, scope});
    }
    bool removeGrant(const std::string &user, const std::string &scope) override
    {
        return m_c->run("DELETE FROM grants WHERE user_name = $1 AND scope = $2", P{user, scope}).affected() > 0;
    }
    void appendAudit(const AuditEntry &e) override
    {
        m_c->run(
            "INSERT INTO audit (at, user_name, client_id, peer, action, outcome, scope, record, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            P{e.at, e.user, e.client, e.peer, e.action, e.outcome, e.scope, e.record, e.detail});
    }
    std::vector<AuditEntry> audit(const AuditFilter &f) override
    {
        PgResult r = m_c->run(
            "SELECT * FROM (SELECT seq, at, user_name, client_id, peer, action, outcome, scope, record, detail FROM audit"
            " WHERE ($1 = '' OR user_name = $1) AND ($2 = '' OR record = $2) AND at >= $3"
            " ORDER BY seq DESC LIMIT $4) AS newest ORDER BY seq",
            P{f.user, f.record, f.since, f.limit});
        std::vector<AuditEntry> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(AuditEntry{r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                                     r.text(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9)});
        return out;
    }
    void insertQuarantine(const QuarantineRow &q) override
    {
        m_c->run(
            "INSERT INTO quarantine (id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            P{q.id, q.user, q.clientId, q.cseq, q.mid, q.received, q.scope, q.record, q.type, q.op, q.mutation,
              q.reason, q.status, q.resolution});
    }
    static QuarantineRow readQuarantine(const PgResult &r, int i)
    {
        return QuarantineRow{r.text(i, 0),  r.text(i, 1),  r.text(i, 2),  r.i64(i, 3),  r.text(i, 4),
                             r.i64(i, 5),   r.text(i, 6),  r.text(i, 7),  r.text(i, 8), r.text(i, 9),
                             r.text(i, 10), r.text(i, 11), r.text(i, 12), r.text(i, 13)};
    }
    std::vector<QuarantineRow> listQuarantine(bool all) override
    {
        PgResult r = m_c->run(
            all ? "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine ORDER BY received, id"
                : "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine WHERE status = 'held' ORDER BY received, id");
        std::vector<QuarantineRow> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(readQuarantine(r, i));
        return out;
    }
    std::optional<QuarantineRow> loadQuarantine(const std::string &id) override
    {
        PgResult r = m_c->run(
            "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine WHERE id = $1",
            {id});
        if (r.rows() == 0)
            return std::nullopt;
        return readQuarantine(r, 0);
    }
    void saveQuarantine(const QuarantineRow &q) override
    {
        m_c->run("UPDATE quarantine SET status = $2, resolution = $3 WHERE id = $1", P{q.id, q.status, q.resolution});
    }
    void insertToken(const TokenRow &t) override
    {
        m_c->run(
            "INSERT INTO tokens (hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            P{t.hash, t.user, t.device, t.created, t.revoked ? 1 : 0, t.lastUsed, t.expires, t.clientId, t.wipe ? 1 : 0,
              t.replaces});
    }
    static TokenRow readToken(const PgResult &r, int i)
    {
        return TokenRow{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.i64(i, 3),      r.i64(i, 4) != 0,
                        r.i64(i, 5),  r.i64(i, 6),  r.text(i, 7), r.i64(i, 8) != 0, r.text(i, 9)};
    }
    std::optional<TokenRow> loadToken(const std::string &hash) override
    {
        PgResult r = m_c->run(
            "SELECT hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces FROM tokens WHERE hash = $1",
            {hash});
        if (r.rows() == 0)
            return std::nullopt;
        return readToken(r, 0);
    }
    void saveToken(const TokenRow &t) override
    {
        m_c->run("UPDATE tokens SET revoked = $2, last_used = $3, expires = $4, client_id = $5, wipe = $6 "
                 "WHERE hash = $1",
                 P{t.hash, t.revoked ? 1 : 0, t.lastUsed, t.expires, t.clientId, t.wipe ? 1 : 0});
    }
    std::vector<TokenRow> listTokens() override
    {
        PgResult r = m_c->run(
            "SELECT hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces FROM tokens ORDER BY user_name COLLATE \"C\", created");
        std::vector<TokenRow> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back(readToken(r, i));
        return out;
    }
    int revokeTokensByPrefix(const std::string &prefix) override
    {
        // starts_with instead of LIKE so '%' or '_' in the argument match nothing special.
        return m_c->run("UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND starts_with(hash, $1)", {prefix})
            .affected();
    }
    int revokeTokensOfUser(const std::string &user) override
    {
        return m_c->run("UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND user_name = $1", {user}).affected();
    }

private:
    std::int64_t countOf(const char *sql) { return m_c->run(sql).i64(0, 0); }

    PgPool &m_pool;
    std::unique_ptr<PgConn> m_c;
    bool m_write;
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
