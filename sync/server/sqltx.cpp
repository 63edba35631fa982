#include "sqltx.h"

#include "checksum.h"

namespace kyodo::server {

namespace {

json parseOrNull(const std::string &text)
{
    if (text.empty())
        return nullptr;
    return json::parse(text, nullptr, false);
}

std::int64_t flag(bool b) { return b ? 1 : 0; }

QuarantineRow readQuarantine(const SqlRow &r)
{
    const std::string status = r.text(12);
    const auto st = parseQuarantineStatus(status);
    if (!st)
        throw StoreError("kept change " + r.text(0) + " has an unknown status '" + status + "'");
    return QuarantineRow{r.text(0), r.text(1), r.text(2), r.i64(3),   r.text(4),  r.i64(5), r.text(6),
                         r.text(7), r.text(8), r.text(9), r.text(10), r.text(11), *st,      r.text(13)};
}

TokenRow readToken(const SqlRow &r)
{
    return TokenRow{r.text(0), r.text(1), r.text(2), r.i64(3),      r.i64(4) != 0,
                    r.i64(5),  r.i64(6),  r.text(7), r.i64(8) != 0, r.text(9)};
}

UserRow readUser(const SqlRow &r)
{
    return UserRow{r.text(0), r.text(1), r.text(2), r.i64(3) != 0, {}, static_cast<int>(r.i64(4)), r.i64(5)};
}

ScopeState readScopeState(const std::string &scope, const SqlRow &r)
{
    return ScopeState{scope, r.i64(0), fromStored(r.i64(1)), r.i64(2)};
}

} // namespace

StoredRecord readRecord(const SqlRow &r)
{
    StoredRecord s;
    s.id = r.text(0);
    s.scope = r.text(1);
    s.type = r.text(2);
    s.cl = r.i64(3);
    s.rev = fromStored(r.i64(4));
    s.doc = r.text(5);
    s.versions = r.text(6);
    s.meta = r.text(7);
    s.seq = r.i64(8);
    s.checksum = fromStored(r.i64(9));
    return s;
}

ConflictInfo readConflict(const SqlRow &r)
{
    ConflictInfo c;
    c.id = r.text(0);
    c.scope = r.text(1);
    c.record = r.text(2);
    c.type = r.text(3);
    c.field = r.text(4);
    const std::string kind = r.text(5), status = r.text(6);
    const auto k = parseConflictKind(kind);
    const auto st = parseConflictStatus(status);
    if (!k || !st)
        throw StoreError("conflict " + c.id + " has an unknown kind '" + kind + "' or status '" + status + "'");
    c.kind = *k;
    c.status = *st;
    c.base = parseOrNull(r.text(7));
    c.mine = parseOrNull(r.text(8));
    c.theirs = parseOrNull(r.text(9));
    c.mineBy = r.text(10);
    c.theirsBy = r.text(11);
    c.mineHlc = fromStored(r.i64(12));
    c.theirsHlc = fromStored(r.i64(13));
    c.seq = r.i64(14);
    c.resolution = r.text(15);
    return c;
}

// --- scopes ---

ScopeState SqlTx::lockScope(const std::string &scope)
{
    // Creates the counter row if missing (on PostgreSQL waiting for a
    // concurrent creator), then takes it until commit: invariant 2.
    execute(Q::ScopeEnsure, {scope});
    std::optional<ScopeState> s;
    query(Q::ScopeLoadLocked, {scope}, [&](const SqlRow &r) { s = readScopeState(scope, r); });
    if (!s)
        throw StoreError("scope row " + scope + " vanished");
    return *s;
}

void SqlTx::saveScope(const ScopeState &s) { execute(Q::ScopeSave, {s.scope, s.seq, toStored(s.checksum), s.count}); }

std::optional<ScopeState> SqlTx::scopeState(const std::string &scope)
{
    std::optional<ScopeState> s;
    query(Q::ScopeLoad, {scope}, [&](const SqlRow &r) { s = readScopeState(scope, r); });
    return s;
}

std::vector<ScopeState> SqlTx::listScopes()
{
    std::vector<ScopeState> out;
    query(Q::ScopeList, {}, [&](const SqlRow &r) {
        out.push_back({r.text(0), r.i64(1), fromStored(r.i64(2)), r.i64(3)});
    });
    return out;
}

// --- records ---

std::optional<StoredRecord> SqlTx::loadRecord(const std::string &id)
{
    // A writer merges against what it loads, and PushService loads a record
    // before it locks the record's scope: on PostgreSQL the lock waits for a
    // concurrent commit to the same record (pgstore.h).
    std::optional<StoredRecord> s;
    query(readOrLock(Q::RecordLoad, Q::RecordLoadLocked), {id}, [&](const SqlRow &r) { s = readRecord(r); });
    return s;
}

std::optional<StoreTx::RecordPlace> SqlTx::recordPlace(const std::string &id)
{
    std::optional<RecordPlace> p;
    query(Q::RecordPlace, {id}, [&](const SqlRow &r) { p = RecordPlace{r.text(0), r.text(1)}; });
    return p;
}

void SqlTx::saveRecord(const StoredRecord &s)
{
    execute(Q::RecordSave,
            {s.id, s.scope, s.type, s.cl, toStored(s.rev), s.doc, s.versions, s.meta, s.seq, toStored(s.checksum)});
}

std::vector<StoredRecord> SqlTx::changedRecords(const std::string &scope, std::int64_t after, int limit)
{
    std::vector<StoredRecord> out;
    query(Q::RecordsChanged, {scope, after, std::int64_t{limit}},
          [&](const SqlRow &r) { out.push_back(readRecord(r)); });
    return out;
}

std::int64_t SqlTx::recordCount() { return count(Q::RecordCount); }

// --- conflicts ---

void SqlTx::insertConflict(const ConflictInfo &c)
{
    execute(Q::ConflictInsert, {c.id, c.scope, c.record, c.type, c.field, conflictKindName(c.kind),
                                conflictStatusName(c.status), c.base.dump(), c.mine.dump(), c.theirs.dump(), c.mineBy,
                                c.theirsBy, toStored(c.mineHlc), toStored(c.theirsHlc), c.seq, c.resolution});
}

std::optional<ConflictInfo> SqlTx::loadConflict(const std::string &id)
{
    // Locked in writers for the same reason as loadRecord: two devices resolving one conflict.
    std::optional<ConflictInfo> c;
    query(readOrLock(Q::ConflictLoad, Q::ConflictLoadLocked), {id}, [&](const SqlRow &r) { c = readConflict(r); });
    return c;
}

void SqlTx::saveConflict(const ConflictInfo &c)
{
    execute(Q::ConflictSave, {c.id, conflictStatusName(c.status), c.seq, c.resolution});
}

std::vector<ConflictInfo> SqlTx::openConflictsOf(const std::string &record)
{
    std::vector<ConflictInfo> out;
    query(Q::ConflictsOpenOfRecord, {record}, [&](const SqlRow &r) { out.push_back(readConflict(r)); });
    return out;
}

std::vector<ConflictInfo> SqlTx::conflicts(const std::string &scope, std::int64_t after, std::int64_t upto)
{
    std::vector<ConflictInfo> out;
    query(Q::ConflictsOfScope, {scope, after, upto}, [&](const SqlRow &r) { out.push_back(readConflict(r)); });
    return out;
}

std::int64_t SqlTx::conflictCount() { return count(Q::ConflictCount); }

std::int64_t SqlTx::openConflictCount() { return count(Q::ConflictCountOpen); }

// --- departures ---

void SqlTx::recordDeparture(const Departure &d)
{
    execute(Q::DepartureInsert, {d.scope, d.record, d.seq, toStored(d.rev)});
}

std::vector<Departure> SqlTx::departures(const std::string &scope, std::int64_t after, std::int64_t upto)
{
    std::vector<Departure> out;
    query(Q::DeparturesOfScope, {scope, after, upto}, [&](const SqlRow &r) {
        out.push_back({scope, r.text(0), r.i64(1), fromStored(r.i64(2))});
    });
    return out;
}

// --- clients and their push results ---

std::optional<ClientState> SqlTx::loadClient(const std::string &id)
{
    // Locked in writers: a duplicated push of one client waits for the first
    // and then finds its results stored, instead of failing on them.
    std::optional<ClientState> c;
    query(readOrLock(Q::ClientLoad, Q::ClientLoadLocked), {id}, [&](const SqlRow &r) {
        c = ClientState{id, r.text(0), r.i64(1)};
    });
    return c;
}

void SqlTx::saveClient(const ClientState &c) { execute(Q::ClientSave, {c.clientId, c.user, c.lastCseq}); }

std::optional<StoredResult> SqlTx::loadResult(const std::string &clientId, std::int64_t cseq)
{
    std::optional<StoredResult> s;
    query(Q::ResultLoad, {clientId, cseq}, [&](const SqlRow &r) { s = StoredResult{r.text(0), r.text(1)}; });
    return s;
}

void SqlTx::saveResult(const std::string &clientId, std::int64_t cseq, const StoredResult &r)
{
    execute(Q::ResultSave, {clientId, cseq, r.mid, r.result});
}

std::int64_t SqlTx::resultCount() { return count(Q::ResultCount); }

// --- quarantine ---

void SqlTx::insertQuarantine(const QuarantineRow &q)
{
    execute(Q::QuarantineInsert, {q.id, q.user, q.clientId, q.cseq, q.mid, q.received, q.scope, q.record, q.type, q.op,
                                  q.mutation, q.reason, quarantineStatusName(q.status), q.resolution});
}

std::vector<QuarantineRow> SqlTx::listQuarantine(bool all)
{
    std::vector<QuarantineRow> out;
    query(all ? Q::QuarantineListAll : Q::QuarantineListHeld, {},
          [&](const SqlRow &r) { out.push_back(readQuarantine(r)); });
    return out;
}

std::optional<QuarantineRow> SqlTx::loadQuarantine(const std::string &id)
{
    std::optional<QuarantineRow> q;
    query(Q::QuarantineLoad, {id}, [&](const SqlRow &r) { q = readQuarantine(r); });
    return q;
}

void SqlTx::saveQuarantine(const QuarantineRow &q)
{
    execute(Q::QuarantineSave, {q.id, quarantineStatusName(q.status), q.resolution});
}

std::int64_t SqlTx::heldQuarantineCount() { return count(Q::QuarantineCountHeld); }

// --- audit ---

void SqlTx::appendAudit(const AuditEntry &e)
{
    execute(Q::AuditAppend, {e.at, e.user, e.client, e.peer, e.action, e.outcome, e.scope, e.record, e.detail});
}

std::vector<AuditEntry> SqlTx::audit(const AuditFilter &f)
{
    std::vector<AuditEntry> out;
    query(Q::AuditNewest, {f.user, f.record, f.since, std::int64_t{f.limit}, std::int64_t{f.reachedRecord ? 1 : 0}},
          [&](const SqlRow &r) {
              out.push_back(AuditEntry{r.i64(0), r.i64(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6),
                                       r.text(7), r.text(8), r.text(9)});
          });
    return out;
}

// --- users, grants, tokens ---

const char *grantAccessName(GrantAccess access) { return access == GrantAccess::Read ? "read" : "write"; }

void SqlTx::loadGrants(UserRow &user)
{
    query(Q::GrantsOfUser, {user.name}, [&](const SqlRow &r) {
        (r.text(1) == grantAccessName(GrantAccess::Read) ? user.readScopes : user.scopes).push_back(r.text(0));
    });
}

std::optional<UserRow> SqlTx::loadUser(const std::string &name)
{
    std::optional<UserRow> u;
    query(Q::UserLoad, {name}, [&](const SqlRow &r) { u = readUser(r); });
    if (u)
        loadGrants(*u);
    return u;
}

std::vector<UserRow> SqlTx::listUsers()
{
    std::vector<UserRow> out;
    query(Q::UserList, {}, [&](const SqlRow &r) { out.push_back(readUser(r)); });
    for (UserRow &u : out)
        loadGrants(u);
    return out;
}

void SqlTx::saveUser(const UserRow &u)
{
    execute(Q::UserSave,
            {u.name, u.role, u.passwordHash, flag(u.disabled), std::int64_t{u.failedLogins}, u.lockedUntil});
}

void SqlTx::addGrant(const std::string &user, const std::string &scope, GrantAccess access)
{
    execute(Q::GrantAdd, {user, scope, std::string(grantAccessName(access))});
}

bool SqlTx::removeGrant(const std::string &user, const std::string &scope)
{
    return execute(Q::GrantRemove, {user, scope}) > 0;
}

void SqlTx::insertToken(const TokenRow &t)
{
    execute(Q::TokenInsert, {t.hash, t.user, t.device, t.created, flag(t.revoked), t.lastUsed, t.expires, t.clientId,
                             flag(t.wipe), t.replaces});
}

std::optional<TokenRow> SqlTx::loadToken(const std::string &hash)
{
    std::optional<TokenRow> t;
    query(Q::TokenLoad, {hash}, [&](const SqlRow &r) { t = readToken(r); });
    return t;
}

void SqlTx::saveToken(const TokenRow &t)
{
    execute(Q::TokenSave, {t.hash, flag(t.revoked), t.lastUsed, t.expires, t.clientId, flag(t.wipe)});
}

std::vector<TokenRow> SqlTx::listTokens()
{
    std::vector<TokenRow> out;
    query(Q::TokenList, {}, [&](const SqlRow &r) { out.push_back(readToken(r)); });
    return out;
}

int SqlTx::revokeTokensByPrefix(const std::string &prefix) { return execute(Q::TokensRevokeByPrefix, {prefix}); }

int SqlTx::revokeTokensOfUser(const std::string &user) { return execute(Q::TokensRevokeOfUser, {user}); }
int SqlTx::revokeRenewalsOf(const std::string &hash) { return execute(Q::TokensRevokeRenewals, {hash}); }

std::int64_t SqlTx::count(Q statement)
{
    std::int64_t n = 0;
    query(statement, {}, [&](const SqlRow &r) { n = r.i64(0); });
    return n;
}

} // namespace kyodo::server
