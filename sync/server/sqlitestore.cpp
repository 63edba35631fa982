#include "sqlitestore.h"

#include "checksum.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <unordered_map>

namespace kyodo::server {

// One connection with its prepared statements, cached by SQL text address
// (every statement below is a string literal).
struct SqliteConn {
    sqlite3 *db = nullptr;
    std::unordered_map<const char *, sqlite3_stmt *> cache;

    ~SqliteConn()
    {
        for (auto &[sql, st] : cache)
            sqlite3_finalize(st);
        sqlite3_close_v2(db);
    }
};

namespace {

[[noreturn]] void fail(sqlite3 *db, const std::string &what)
{
    throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3 *db, const char *sql)
{
    char *err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StoreError(std::string("sqlite: ") + msg);
    }
}

// A cached statement, reset when this goes out of scope.
class Stmt {
public:
    Stmt(SqliteConn &c, const char *sql) : m_db(c.db)
    {
        auto it = c.cache.find(sql);
        if (it == c.cache.end()) {
            sqlite3_stmt *st = nullptr;
            if (sqlite3_prepare_v3(c.db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
                fail(c.db, "prepare");
            it = c.cache.emplace(sql, st).first;
        }
        m_st = it->second;
    }
    ~Stmt()
    {
        sqlite3_reset(m_st);
        sqlite3_clear_bindings(m_st);
    }
    Stmt &bind(int i, const std::string &v)
    {
        check(sqlite3_bind_text(m_st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt &bind(int i, std::int64_t v)
    {
        check(sqlite3_bind_int64(m_st, i, v));
        return *this;
    }
    // true while there is a row.
    bool step()
    {
        int rc = sqlite3_step(m_st);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            fail(m_db, "step");
        return false;
    }
    void run() { step(); }
    std::int64_t i64(int col) const { return sqlite3_column_int64(m_st, col); }
    std::string text(int col) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_st, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_st, col))) : std::string();
    }
    int changes() const { return sqlite3_changes(m_db); }

private:
    void check(int rc)
    {
        if (rc != SQLITE_OK)
            fail(m_db, "bind");
    }
    sqlite3 *m_db;
    sqlite3_stmt *m_st;
};

json parseOrNull(const std::string &text)
{
    if (text.empty())
        return nullptr;
    return json::parse(text, nullptr, false);
}

// Migration N brings user_version N-1 to N. Standard SQL only, so the same
// shape works on PostgreSQL.
const char *const kMigrations[] = {
    R"sql(
CREATE TABLE scopes (scope TEXT PRIMARY KEY, seq INTEGER NOT NULL, checksum INTEGER NOT NULL,
                     count INTEGER NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl INTEGER NOT NULL,
                      rev INTEGER NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, meta TEXT NOT NULL,
                      seq INTEGER NOT NULL, checksum INTEGER NOT NULL);
CREATE INDEX records_scope_seq ON records (scope, seq);
CREATE TABLE conflicts (id TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL, type TEXT NOT NULL,
                        field TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, base TEXT, mine TEXT,
                        theirs TEXT, mine_by TEXT NOT NULL, theirs_by TEXT NOT NULL, mine_hlc INTEGER NOT NULL,
                        theirs_hlc INTEGER NOT NULL, seq INTEGER NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX conflicts_scope_seq ON conflicts (scope, seq);
CREATE TABLE clients (client_id TEXT PRIMARY KEY, user_name TEXT NOT NULL, last_cseq INTEGER NOT NULL);
CREATE TABLE results (client_id TEXT NOT NULL, cseq INTEGER NOT NULL, mid TEXT NOT NULL, result TEXT NOT NULL,
                      PRIMARY KEY (client_id, cseq));
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL);
CREATE TABLE grants (user_name TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_name, scope));
CREATE TABLE tokens (hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, device TEXT NOT NULL,
                     created INTEGER NOT NULL, revoked INTEGER NOT NULL);
CREATE INDEX tokens_user ON tokens (user_name);
CREATE TABLE departures (scope TEXT NOT NULL, record TEXT NOT NULL, seq INTEGER NOT NULL,
                         rev INTEGER NOT NULL, PRIMARY KEY (scope, seq));
)sql",
    // 2: a record's open conflicts found when it moves; login lockout; token
    // expiry, device binding, remote wipe and renewal; quarantine; audit log.
    R"sql(
CREATE INDEX conflicts_open_record ON conflicts (record) WHERE status = 'open';
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN expires BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN wipe INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
CREATE TABLE quarantine (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, client_id TEXT NOT NULL,
                         cseq BIGINT NOT NULL, mid TEXT NOT NULL, received BIGINT NOT NULL, scope TEXT NOT NULL,
                         record TEXT NOT NULL, type TEXT NOT NULL, op TEXT NOT NULL, mutation TEXT NOT NULL,
                         reason TEXT NOT NULL, status TEXT NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX quarantine_status ON quarantine (status, received);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, at BIGINT NOT NULL, user_name TEXT NOT NULL,
                    client_id TEXT NOT NULL, peer TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL,
                    scope TEXT NOT NULL, record TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_record ON audit (record, seq);
CREATE INDEX audit_user ON audit (user_name, seq);
)sql",
};

class SqliteTx final : public StoreTx {
public:
    SqliteTx(SqliteStore &store, SqliteConn *conn, bool write)
        : m_store(store),
          m_c(conn),
          m_writer(write ? std::unique_lock(store.writerMutex()) : std::unique_lock<std::mutex>())
    {
        try {
            exec(m_c->db, write ? "BEGIN IMMEDIATE" : "BEGIN");
        } catch (...) {
            m_store.release(m_c);
            throw;
        }
    }
    ~SqliteTx() override
    {
        if (!m_done)
            sqlite3_exec(m_c->db, "ROLLBACK", nullptr, nullptr, nullptr);
        m_store.release(m_c);
    }

    void commit() override
    {
        exec(m_c->db, "COMMIT");
        m_done = true;
    }

    ScopeState lockScope(const std::string &scope) override
    {
        // On SQLite the writer lock is already held; this only makes sure the row exists.
        Stmt(*m_c, "INSERT INTO scopes (scope, seq, checksum, count) VALUES (?1, 0, 0, 0) "
                   "ON CONFLICT (scope) DO NOTHING")
            .bind(1, scope)
            .run();
        return *scopeState(scope);
    }
    void saveScope(const ScopeState &s) override
    {
        Stmt(*m_c, "UPDATE scopes SET seq = ?2, checksum = ?3, count = ?4 WHERE scope = ?1")
            .bind(1, s.scope)
            .bind(2, s.seq)
            .bind(3, toStored(s.checksum))
            .bind(4, s.count)
            .run();
    }
    std::optional<ScopeState> scopeState(const std::string &scope) override
    {
        Stmt st(*m_c, "SELECT seq, checksum, count FROM scopes WHERE scope = ?1");
        st.bind(1, scope);
        if (!st.step())
            return std::nullopt;
        return ScopeState{scope, st.i64(0), fromStored(st.i64(1)), st.i64(2)};
    }
    std::vector<ScopeState> listScopes() override
    {
        Stmt st(*m_c, "SELECT scope, seq, checksum, count FROM scopes ORDER BY scope");
        std::vector<ScopeState> out;
        while (st.step())
            out.push_back({st.text(0), st.i64(1), fromStored(st.i64(2)), st.i64(3)});
        return out;
    }

    static StoredRecord readRecord(const Stmt &st)
    {
        StoredRecord r;
        r.id = st.text(0);
        r.scope = st.text(1);
        r.type = st.text(2);
        r.cl = st.i64(3);
        r.rev = static_cast<std::uint64_t>(st.i64(4));
        r.doc = st.text(5);
        r.versions = st.text(6);
        r.meta = st.text(7);
        r.seq = st.i64(8);
        r.checksum = fromStored(st.i64(9));
        return r;
    }
    std::optional<RecordPlace> recordPlace(const std::string &id) override
    {
        Stmt st(*m_c, "SELECT scope, type FROM records WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return RecordPlace{st.text(0), st.text(1)};
    }
    std::optional<StoredRecord> loadRecord(const std::string &id) override
    {
        Stmt st(*m_c, "SELECT id, scope, type, cl, rev, doc, versions, meta, seq, checksum FROM records WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return readRecord(st);
    }
    void saveRecord(const StoredRecord &r) override
    {
        Stmt(*m_c, "INSERT INTO records (id, scope, type, cl, rev, doc, versions, meta, seq, checksum) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                   "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, type = excluded.type, cl = excluded.cl, "
                   "rev = excluded.rev, doc = excluded.doc, versions = excluded.versions, meta = excluded.meta, "
                   "seq = excluded.seq, checksum = excluded.checksum")
            .bind(1, r.id)
            .bind(2, r.scope)
            .bind(3, r.type)
            .bind(4, r.cl)
            .bind(5, static_cast<std::int64_t>(r.rev))
            .bind(6, r.doc)
            .bind(7, r.versions)
            .bind(8, r.meta)
            .bind(9, r.seq)
            .bind(10, toStored(r.checksum))
            .run();
    }
    std::vector<StoredRecord> changedRecords(const std::string &scope, std::int64_t after, int limit) override
    {
        Stmt st(*m_c, "SELECT id, scope, type, cl, rev, doc, versions, meta, seq, checksum FROM records "
                      "WHERE scope = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
        st.bind(1, scope).bind(2, after).bind(3, static_cast<std::int64_t>(limit));
        std::vector<StoredRecord> out;
        while (st.step())
            out.push_back(readRecord(st));
        return out;
    }
    std::int64_t recordCount() override { return countOf("SELECT COUNT(*) FROM records"); }

    void insertConflict(const ConflictInfo &c) override
    {
        Stmt(*m_c, "INSERT INTO conflicts (id, scope, record, type, field, kind, status, base, mine, theirs, "
                   "mine_by, theirs_by, mine_hlc, theirs_hlc, seq, resolution) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")
            .bind(1, c.id)
            .bind(2, c.scope)
            .bind(3, c.record)
            .bind(4, c.type)
            .bind(5, c.field)
            .bind(6, c.kind)
            .bind(7, c.status)
            .bind(8, c.base.dump())
            .bind(9, c.mine.dump())
            .bind(10, c.theirs.dump())
            .bind(11, c.mineBy)
            .bind(12, c.theirsBy)
            .bind(13, toStored(c.mineHlc))
            .bind(14, toStored(c.theirsHlc))
            .bind(15, c.seq)
            .bind(16, c.resolution)
            .run();
    }
    static ConflictInfo readConflict(const Stmt &st)
    {
        ConflictInfo c;
        c.id = st.text(0);
        c.scope = st.text(1);
        c.record = st.text(2);
        c.type = st.text(3);
        c.field = st.text(4);
        c.kind = st.text(5);
        c.status = st.text(6);
        c.base = parseOrNull(st.text(7));
        c.mine = parseOrNull(st.text(8));
        c.theirs = parseOrNull(st.text(9));
        c.mineBy = st.text(10);
        c.theirsBy = st.text(11);
        c.mineHlc = fromStored(st.i64(12));
        c.theirsHlc = fromStored(st.i64(13));
        c.seq = st.i64(14);
        c.resolution = st.text(15);
        return c;
    }
    std::optional<ConflictInfo> loadConflict(const std::string &id) override
    {
        Stmt st(*m_c, "SELECT id, scope, record, type, field, kind, status, base, mine, theirs, mine_by, theirs_by, "
                      "mine_hlc, theirs_hlc, seq, resolution FROM conflicts WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return readConflict(st);
    }
    void saveConflict(const ConflictInfo &c) override
    {
        Stmt(*m_c, "UPDATE conflicts SET status = ?2, seq = ?3, resolution = ?4 WHERE id = ?1")
            .bind(1, c.id)
            .bind(2, c.status)
            .bind(3, c.seq)
            .bind(4, c.resolution)
            .run();
    }
    std::vector<ConflictInfo> openConflictsOf(const std::string &record) override
    {
        Stmt st(*m_c, "SELECT id, scope, record, type, field, kind, status, base, mine, theirs, mine_by, theirs_by, "
                      "mine_hlc, theirs_hlc, seq, resolution FROM conflicts WHERE record = ?1 AND status = 'open' "
                      "ORDER BY seq");
        st.bind(1, record);
        std::vector<ConflictInfo> out;
        while (st.step())
            out.push_back(readConflict(st));
        return out;
    }
    std::vector<ConflictInfo> conflicts(const std::string &scope, std::int64_t after, std::int64_t upto) override
    {
        Stmt st(*m_c, "SELECT id, scope, record, type, field, kind, status, base, mine, theirs, mine_by, theirs_by, "
                      "mine_hlc, theirs_hlc, seq, resolution FROM conflicts "
                      "WHERE scope = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq");
        st.bind(1, scope).bind(2, after).bind(3, upto);
        std::vector<ConflictInfo> out;
        while (st.step())
            out.push_back(readConflict(st));
        return out;
    }
    std::int64_t conflictCount() override { return countOf("SELECT COUNT(*) FROM conflicts"); }

    void recordDeparture(const Departure &d) override
    {
        Stmt(*m_c, "INSERT INTO departures (scope, record, seq, rev) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, d.scope)
            .bind(2, d.record)
            .bind(3, d.seq)
            .bind(4, toStored(d.rev))
            .run();
    }
    std::vector<Departure> departures(const std::string &scope, std::int64_t after, std::int64_t upto) override
    {
        Stmt st(*m_c,
                "SELECT record, seq, rev FROM departures WHERE scope = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq");
        st.bind(1, scope).bind(2, after).bind(3, upto);
        std::vector<Departure> out;
        while (st.step())
            out.push_back({scope, st.text(0), st.i64(1), fromStored(st.i64(2))});
        return out;
    }

    std::optional<ClientState> loadClient(const std::string &id) override
    {
        Stmt st(*m_c, "SELECT user_name, last_cseq FROM clients WHERE client_id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return ClientState{id, st.text(0), st.i64(1)};
    }
    void saveClient(const ClientState &c) override
    {
        Stmt(*m_c,
             "INSERT INTO clients (client_id, user_name, last_cseq) VALUES (?1, ?2, ?3) "
             "ON CONFLICT (client_id) DO UPDATE SET user_name = excluded.user_name, last_cseq = excluded.last_cseq")
            .bind(1, c.clientId)
            .bind(2, c.user)
            .bind(3, c.lastCseq)
            .run();
    }
    std::optional<StoredResult> loadResult(const std::string &clientId, std::int64_t cseq) override
    {
        Stmt st(*m_c, "SELECT mid, result FROM results WHERE client_id = ?1 AND cseq = ?2");
        st.bind(1, clientId).bind(2, cseq);
        if (!st.step())
            return std::nullopt;
        return StoredResult{st.text(0), st.text(1)};
    }
    void saveResult(const std::string &clientId, std::int64_t cseq, const StoredResult &r) override
    {
        Stmt(*m_c, "INSERT INTO results (client_id, cseq, mid, result) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, clientId)
            .bind(2, cseq)
            .bind(3, r.mid)
            .bind(4, r.result)
            .run();
    }
    std::int64_t resultCount() override { return countOf("SELECT COUNT(*) FROM results"); }

    std::vector<std::string> grantsOf(const std::string &user)
    {
        Stmt st(*m_c, "SELECT scope FROM grants WHERE user_name = ?1 ORDER BY scope");
        st.bind(1, user);
        std::vector<std::string> out;
        while (st.step())
            out.push_back(st.text(0));
        return out;
    }
    std::optional<UserRow> loadUser(const std::string &name) override
    {
        UserRow u;
        {
            Stmt st(*m_c,
                    "SELECT role, password_hash, disabled, failed_logins, locked_until FROM users WHERE name = ?1");
            st.bind(1, name);
            if (!st.step())
                return std::nullopt;
            u = UserRow{name, st.text(0), st.text(1), st.i64(2) != 0, {}, static_cast<int>(st.i64(3)), st.i64(4)};
        }
        u.scopes = grantsOf(name);
        return u;
    }
    std::vector<UserRow> listUsers() override
    {
        std::vector<UserRow> out;
        {
            Stmt st(*m_c,
                    "SELECT name, role, password_hash, disabled, failed_logins, locked_until FROM users ORDER BY name");
            while (st.step())
                out.push_back(UserRow{
                    st.text(0), st.text(1), st.text(2), st.i64(3) != 0, {}, static_cast<int>(st.i64(4)), st.i64(5)});
        }
        for (UserRow &u : out)
            u.scopes = grantsOf(u.name);
        return out;
    }
    void saveUser(const UserRow &u) override
    {
        Stmt(*m_c, "INSERT INTO users (name, role, password_hash, disabled, failed_logins, locked_until) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                   "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
                   "disabled = excluded.disabled, failed_logins = excluded.failed_logins, "
                   "locked_until = excluded.locked_until")
            .bind(1, u.name)
            .bind(2, u.role)
            .bind(3, u.passwordHash)
            .bind(4, std::int64_t(u.disabled ? 1 : 0))
            .bind(5, std::int64_t(u.failedLogins))
            .bind(6, u.lockedUntil)
            .run();
    }
    void addGrant(const std::string &user, const std::string &scope) override
    {
        Stmt(*m_c, "INSERT INTO grants (user_name, scope) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
            .bind(1, user)
            .bind(2, scope)
            .run();
    }
    bool removeGrant(const std::string &user, const std::string &scope) override
    {
        Stmt st(*m_c, "DELETE FROM grants WHERE user_name = ?1 AND scope = ?2");
        st.bind(1, user).bind(2, scope).run();
        return st.changes() > 0;
    }
    void appendAudit(const AuditEntry &e) override
    {
        Stmt(
            *m_c,
            "INSERT INTO audit (at, user_name, client_id, peer, action, outcome, scope, record, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
            .bind(1, e.at)
            .bind(2, e.user)
            .bind(3, e.client)
            .bind(4, e.peer)
            .bind(5, e.action)
            .bind(6, e.outcome)
            .bind(7, e.scope)
            .bind(8, e.record)
            .bind(9, e.detail)
            .run();
    }
    std::vector<AuditEntry> audit(const AuditFilter &f) override
    {
        // The newest `limit` entries that match, returned oldest first.
        Stmt st(
            *m_c,
            "SELECT * FROM (SELECT seq, at, user_name, client_id, peer, action, outcome, scope, record, detail FROM audit"
            " WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR record = ?2) AND at >= ?3"
            " ORDER BY seq DESC LIMIT ?4) ORDER BY seq");
        st.bind(1, f.user).bind(2, f.record).bind(3, f.since).bind(4, static_cast<std::int64_t>(f.limit));
        std::vector<AuditEntry> out;
        while (st.step())
            out.push_back(AuditEntry{st.i64(0), st.i64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6),
                                     st.text(7), st.text(8), st.text(9)});
        return out;
    }
    void insertQuarantine(const QuarantineRow &q) override
    {
        Stmt(
            *m_c,
            "INSERT INTO quarantine (id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
            .bind(1, q.id)
            .bind(2, q.user)
            .bind(3, q.clientId)
            .bind(4, q.cseq)
            .bind(5, q.mid)
            .bind(6, q.received)
            .bind(7, q.scope)
            .bind(8, q.record)
            .bind(9, q.type)
            .bind(10, q.op)
            .bind(11, q.mutation)
            .bind(12, q.reason)
            .bind(13, q.status)
            .bind(14, q.resolution)
            .run();
    }
    static QuarantineRow readQuarantine(const Stmt &st)
    {
        return QuarantineRow{st.text(0), st.text(1), st.text(2), st.i64(3),   st.text(4),  st.i64(5),   st.text(6),
                             st.text(7), st.text(8), st.text(9), st.text(10), st.text(11), st.text(12), st.text(13)};
    }
    std::vector<QuarantineRow> listQuarantine(bool all) override
    {
        Stmt st(
            *m_c,
            all ? "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine ORDER BY received, id"
                : "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine WHERE status = 'held' ORDER BY received, id");
        std::vector<QuarantineRow> out;
        while (st.step())
            out.push_back(readQuarantine(st));
        return out;
    }
    std::optional<QuarantineRow> loadQuarantine(const std::string &id) override
    {
        Stmt st(
            *m_c,
            "SELECT id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution FROM quarantine WHERE id = ?1");
        st.bind(1, id);
        if (!st.step())
            return std::nullopt;
        return readQuarantine(st);
    }
    void saveQuarantine(const QuarantineRow &q) override
    {
        Stmt(*m_c, "UPDATE quarantine SET status = ?2, resolution = ?3 WHERE id = ?1")
            .bind(1, q.id)
            .bind(2, q.status)
            .bind(3, q.resolution)
            .run();
    }
    void insertToken(const TokenRow &t) override
    {
        Stmt(
            *m_c,
            "INSERT INTO tokens (hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            .bind(1, t.hash)
            .bind(2, t.user)
            .bind(3, t.device)
            .bind(4, t.created)
            .bind(5, std::int64_t(t.revoked ? 1 : 0))
            .bind(6, t.lastUsed)
            .bind(7, t.expires)
            .bind(8, t.clientId)
            .bind(9, std::int64_t(t.wipe ? 1 : 0))
            .bind(10, t.replaces)
            .run();
    }
    static TokenRow readToken(const Stmt &st)
    {
        return TokenRow{st.text(0), st.text(1), st.text(2), st.i64(3),      st.i64(4) != 0,
                        st.i64(5),  st.i64(6),  st.text(7), st.i64(8) != 0, st.text(9)};
    }
    std::optional<TokenRow> loadToken(const std::string &hash) override
    {
        Stmt st(
            *m_c,
            "SELECT hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces FROM tokens WHERE hash = ?1");
        st.bind(1, hash);
        if (!st.step())
            return std::nullopt;
        return readToken(st);
    }
    void saveToken(const TokenRow &t) override
    {
        Stmt(*m_c, "UPDATE tokens SET revoked = ?2, last_used = ?3, expires = ?4, client_id = ?5, wipe = ?6 "
                   "WHERE hash = ?1")
            .bind(1, t.hash)
            .bind(2, std::int64_t(t.revoked ? 1 : 0))
            .bind(3, t.lastUsed)
            .bind(4, t.expires)
            .bind(5, t.clientId)
            .bind(6, std::int64_t(t.wipe ? 1 : 0))
            .run();
    }
    std::vector<TokenRow> listTokens() override
    {
        Stmt st(
            *m_c,
            "SELECT hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces FROM tokens ORDER BY user_name, created");
        std::vector<TokenRow> out;
        while (st.step())
            out.push_back(readToken(st));
        return out;
    }
    int revokeTokensByPrefix(const std::string &prefix) override
    {
        // substr() instead of LIKE so '%' or '_' in the argument match nothing special.
        Stmt st(*m_c, "UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND substr(hash, 1, length(?1)) = ?1");
        st.bind(1, prefix).run();
        return st.changes();
    }
    int revokeTokensOfUser(const std::string &user) override
    {
        Stmt st(*m_c, "UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND user_name = ?1");
        st.bind(1, user).run();
        return st.changes();
    }

private:
    std::int64_t countOf(const char *sql)
    {
        Stmt st(*m_c, sql);
        st.step();
        return st.i64(0);
    }

    SqliteStore &m_store;
    SqliteConn *m_c;
    // Writers of this process queue on a mutex (woken at once) rather than
    // on SQLite's busy handler, which sleeps and lets late comers overtake:
    // with 50 devices that made the slowest push wait seconds (tests/bench).
    std::unique_lock<std::mutex> m_writer;
    bool m_done = false;
};

} // namespace

SqliteStore::SqliteStore(std::string path) : m_path(std::move(path))
{
    SqliteConn *conn = acquire();
    try {
        migrate(*conn);
    } catch (...) {
        release(conn);
        throw;
    }
    release(conn);
}

SqliteStore::~SqliteStore()
{
    for (SqliteConn *c : m_all)
        delete c;
}

SqliteConn *SqliteStore::acquire()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            SqliteConn *c = m_idle.back();
            m_idle.pop_back();
            return c;
        }
    }
    auto conn = std::make_unique<SqliteConn>();
    // Readable by the server's own user only (SQLite gives its WAL and
    // shared-memory files the database's permissions).
    if (const int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0)
        ::close(fd);
    if (sqlite3_open_v2(m_path.c_str(), &conn->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK)
        fail(conn->db, "open " + m_path);
    // WAL lets pulls read while a push writes; NORMAL is durable across app
    // crashes in WAL mode and only risks the last commits on power loss.
    sqlite3_busy_timeout(conn->db, 10000);
    exec(conn->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    // A push of 1,000 records dirties about 3 MB of pages; with SQLite's 2 MB
    // default the writer spills pages to the WAL mid-transaction and writes
    // the busy index pages again at commit. The cache fills only as far as
    // a connection's work needs.
    exec(conn->db, "PRAGMA cache_size = -16384");
    std::lock_guard lock(m_mutex);
    m_all.push_back(conn.get());
    return conn.release();
}

void SqliteStore::release(SqliteConn *conn)
{
    std::lock_guard lock(m_mutex);
    m_idle.push_back(conn);
}

void SqliteStore::migrate(SqliteConn &conn)
{
    exec(conn.db, "BEGIN IMMEDIATE");
    try {
        int version = 0;
        {
            Stmt st(conn, "PRAGMA user_version");
            if (st.step())
                version = static_cast<int>(st.i64(0));
        }
        if (version > kSchemaVersion)
            throw StoreError("database " + m_path + " has schema version " + std::to_string(version) +
                             ", newer than this server (" + std::to_string(kSchemaVersion) + ")");
        for (int v = version; v < kSchemaVersion; ++v)
            exec(conn.db, kMigrations[v]);
        if (version != kSchemaVersion)
            exec(conn.db, ("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
        exec(conn.db, "COMMIT");
    } catch (...) {
        sqlite3_exec(conn.db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::unique_ptr<StoreTx> SqliteStore::beginWrite() { return std::make_unique<SqliteTx>(*this, acquire(), true); }

std::unique_ptr<StoreTx> SqliteStore::beginRead() { return std::make_unique<SqliteTx>(*this, acquire(), false); }

} // namespace kyodo::server
