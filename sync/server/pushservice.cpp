#include "pushservice.h"

#include "apierror.h"
#include "checksum.h"
#include "merge.h"
#include "record.h"
#include "scope.h"
#include "uuid.h"

#include <map>
#include <set>

namespace kyodo::server {

namespace {

Error clientReset(const std::string &why)
{
    return makeError("client_reset",
                     "この端末の送信番号がサーバーの記録と一致しません（" + why + "）。新しい端末IDで登録し直してください",
                     "This device's sequence numbers do not match the server's record (" + why +
                         "); re-register under a new client id");
}

// A record opened for merging: the stored row with its JSON columns parsed.
struct Working {
    StoredRecord row;
    Record rec;
    json versions = json::object(); // field -> rev
    json meta = json::object();     // field -> [hlc, client id, user]
    bool isNew = false;
};

FieldState fieldState(const Working &w, const std::string &key)
{
    FieldState s;
    if (auto it = w.rec.fields.find(key); it != w.rec.fields.end())
        s.value = *it;
    if (auto it = w.versions.find(key); it != w.versions.end() && it->is_number_unsigned())
        s.version = it->get<std::uint64_t>();
    if (auto it = w.meta.find(key); it != w.meta.end() && it->is_array() && it->size() >= 2) {
        s.hlc = (*it)[0].get<std::uint64_t>();
        s.writer = (*it)[1].get<std::string>();
    }
    return s;
}

std::string writerOf(const Working &w, const std::string &key)
{
    if (auto it = w.meta.find(key); it != w.meta.end() && it->is_array() && it->size() >= 3)
        return (*it)[2].get<std::string>() + "/" + (*it)[1].get<std::string>();
    return {};
}

} // namespace

// One batch inside its write transaction.
class PushBatch {
public:
    PushBatch(PushService &svc, StoreTx &tx, const Caller &caller, const std::string &clientId)
        : m_svc(svc), m_tx(tx), m_caller(caller), m_client(clientId), m_by(caller.user + "/" + clientId)
    {
    }

    MutationResult apply(const Mutation &m)
    {
        m_hlc = m_svc.clamp(m.hlc);
        MutationResult r{m.cseq, m.mid, Outcome::Applied, {}, {}, {}, {}};
        if ((m.op == Op::Create || m.op == Op::Resolve || m.op == Op::Move) && !m_caller.mayAccess(m.scope))
            return reject(r, forbidden(m.scope));
        if (m.op == Op::Resolve)
            return resolve(m, r);
        auto stored = m_tx.loadRecord(m.record);
        if (m.op == Op::Create) {
            if (stored)
                return reject(r, makeError("duplicate_id", "同じIDのレコードが既にあります",
                                           "A record with this id already exists"));
            return create(m, r);
        }
        if (!stored)
            return reject(r, makeError("not_found", "レコードが見つかりません", "Record not found"));
        // The record may have moved since the device saw it: what counts is
        // where it is now.
        if (!m_caller.mayAccess(stored->scope))
            return reject(r, forbidden(stored->scope));
        if (stored->type != m.type)
            return reject(r, makeError("type_change", "レコードの種別は変更できません",
                                       "A record's type cannot change"));
        if (Status st = m_svc.m_schemas.validateVersion(m.type, m.schemaVersion); !st)
            return reject(r, st.error());
        Working w = open(*stored);
        switch (m.op) {
        case Op::Edit: return edit(m, w, r);
        case Op::Delete: return remove(m, w, r);
        case Op::Restore: return restore(m, w, r);
        case Op::Move: return move(m, w, r);
        default: break;
        }
        return r;
    }

    void lock(const std::string &name) { scope(name); }

    // Writes back every scope counter this batch moved.
    void finish()
    {
        for (auto &[name, state] : m_scopes)
            if (state.seq != m_lockedAt[name])
                m_tx.saveScope(state);
    }

private:
    static Error forbidden(const std::string &scope)
    {
        return makeError("forbidden", "スコープ「" + scope + "」への書き込み権限がありません",
                         "You may not write to scope '" + scope + "'");
    }

    static MutationResult reject(MutationResult r, const Error &e)
    {
        r.outcome = Outcome::Rejected;
        r.code = e.code;
        r.messageJa = e.messageJa;
        r.messageEn = e.messageEn;
        return r;
    }

    Working open(const StoredRecord &row)
    {
        Working w;
        w.row = row;
        auto rec = recordFromDoc(json::parse(row.doc));
        if (!rec)
            throw StoreError("stored record " + row.id + " is malformed: " + rec.error().messageEn);
        w.rec = *rec;
        w.versions = json::parse(row.versions);
        w.meta = json::parse(row.meta);
        return w;
    }

    ScopeState &scope(const std::string &name)
    {
        auto it = m_scopes.find(name);
        if (it == m_scopes.end()) {
            it = m_scopes.emplace(name, m_tx.lockScope(name)).first; // store.h invariant 2
            m_lockedAt[name] = it->second.seq;
        }
        return it->second;
    }

    // Sets a field as written by this mutation at revision `rev`.
    void writeField(Working &w, const std::string &key, const json &value, std::uint64_t rev)
    {
        if (value.is_null())
            w.rec.fields.erase(key); // null clears: the document has no such key
        else
            w.rec.fields[key] = value;
        w.versions[key] = rev;
        w.meta[key] = json::array({m_hlc, m_client, m_caller.user});
    }

    // Persists a changed record: rev already bumped by the caller; new doc,
    // checksum, scope seq/checksum/count (store.h invariants 1 and 3).
    void save(Working &w) { save(w, canonicalJson(w.versions), canonicalJson(w.meta)); }

    // The same with the versions and meta columns already in canonical text.
    void save(Working &w, std::string versions, std::string meta)
    {
        ScopeState &s = scope(w.rec.scope);
        w.row.id = w.rec.id;
        w.row.scope = w.rec.scope;
        w.row.type = w.rec.type;
        w.row.cl = w.rec.cl;
        w.row.doc = canonicalDoc(w.rec);
        w.row.versions = std::move(versions);
        w.row.meta = std::move(meta);
        const std::uint64_t old = w.isNew ? 0 : w.row.checksum;
        w.row.checksum = recordChecksum(w.row.doc);
        s.checksum = s.checksum - old + w.row.checksum; // unsigned: wraps mod 2^64
        if (w.isNew)
            ++s.count;
        w.row.seq = ++s.seq;
        m_tx.saveRecord(w.row);
        w.isNew = false;
    }

    std::string openConflict(ConflictInfo c)
    {
        c.id = newUuidV7();
        c.seq = ++scope(c.scope).seq; // conflicts page together with records
        m_tx.insertConflict(c);
        return c.id;
    }

    ConflictInfo conflictFor(const Working &w, const std::string &field, const char *kind, const char *status)
    {
        ConflictInfo c;
        c.scope = w.rec.scope;
        c.record = w.rec.id;
        c.type = w.rec.type;
        c.field = field;
        c.kind = kind;
        c.status = status;
        c.mineBy = m_by;
        c.mineHlc = m_hlc;
        return c;
    }

    MutationResult create(const Mutation &m, MutationResult r)
    {
        if (Status st = m_svc.m_schemas.validateVersion(m.type, m.schemaVersion); !st)
            return reject(r, st.error());
        if (Status st = m_svc.m_schemas.validateRecord(m.type, m.scope, m.fields); !st)
            return reject(r, st.error());
        Working w;
        w.isNew = true;
        w.rec = Record{m.record, m.type, m.scope, 1, json::object()};
        w.row.rev = 1;
        // Every field is written at revision 1 by this mutation, so versions and
        // meta are written straight as the text canonicalJson would give (keys
        // in sorted order), not built as JSON trees first: most of a bulk push
        // is creates (tests/bench).
        const std::string writer = canonicalJson(json::array({m_hlc, m_client, m_caller.user}));
        std::string versions = "{", meta = "{";
        for (const auto &[key, value] : m.fields.items()) {
            if (!value.is_null()) // null clears: the document has no such key
                w.rec.fields[key] = value;
            const std::string k = canonicalJson(key);
            const char *sep = versions.size() > 1 ? "," : "";
            versions.append(sep).append(k).append(":1");
            meta.append(sep).append(k).append(":").append(writer);
        }
        save(w, versions + "}", meta + "}");
        return r;
    }

    MutationResult edit(const Mutation &m, Working &w, MutationResult r)
    {
        if (Status st = m_svc.m_schemas.validatePatch(m.type, m.fields); !st)
            return reject(r, st.error());
        switch (mergeEditLiveness(w.rec.cl, m.baseCl)) {
        case EditOnRecord::Refused:
            return reject(r, makeError("record_deleted", "削除済みのレコードは編集できません。先に復元してください",
                                       "A deleted record cannot be edited; restore it first"));
        case EditOnRecord::KeptInConflict: {
            // Delete wins; the edit is kept whole so a person can restore it.
            ConflictInfo c = conflictFor(w, "", "delete_edit", "open");
            c.mine = m.fields;
            c.theirsHlc = 0;
            r.outcome = Outcome::Conflict;
            r.conflicts.push_back(openConflict(c));
            return r;
        }
        case EditOnRecord::Proceed: break;
        }
        const TypeDef *type = m_svc.m_schemas.type(m.type);
        const std::uint64_t rev = w.row.rev + 1;
        bool wrote = false, flagged = false;
        for (const auto &[key, value] : m.fields.items()) {
            const FieldDef *def = type->field(key);
            const FieldState server = fieldState(w, key);
            FieldEdit e{value, m.base.value(key, std::uint64_t(0)), m_hlc, m_client};
            const FieldOutcome outcome = mergeField(def->conflict, server, e);
            if (outcome == FieldOutcome::Unchanged)
                continue;
            if (outcome == FieldOutcome::Apply || outcome == FieldOutcome::LwwApply) {
                if (outcome == FieldOutcome::LwwApply) {
                    // The overwritten value is logged so nothing typed is lost.
                    ConflictInfo c = conflictFor(w, key, "lww", "auto");
                    c.mine = value;
                    c.theirs = server.value;
                    c.theirsBy = writerOf(w, key);
                    c.theirsHlc = server.hlc;
                    c.resolution = "lww: mine won (later hlc)";
                    r.conflicts.push_back(openConflict(c));
                }
                writeField(w, key, value, rev);
                wrote = true;
                continue;
            }
            ConflictInfo c = conflictFor(w, key, outcome == FieldOutcome::Flag ? "field" : "lww",
                                         outcome == FieldOutcome::Flag ? "open" : "auto");
            c.base = m.prev.contains(key) ? m.prev[key] : json(); // what the editor saw
            c.mine = value;
            c.theirs = server.value;
            c.theirsBy = writerOf(w, key);
            c.theirsHlc = server.hlc;
            if (outcome == FieldOutcome::LwwKeep)
                c.resolution = "lww: theirs kept (later hlc)";
            flagged |= outcome == FieldOutcome::Flag;
            r.conflicts.push_back(openConflict(c));
        }
        if (wrote) {
            w.row.rev = rev;
            save(w);
        }
        if (flagged)
            r.outcome = Outcome::Conflict;
        return r;
    }

    MutationResult remove(const Mutation &m, Working &w, MutationResult r)
    {
        bool editedByOthers = false;
        for (const auto &[key, version] : w.versions.items())
            if (version.get<std::uint64_t>() > m.baseRev && fieldState(w, key).writer != m_client)
                editedByOthers = true;
        const DeleteOutcome outcome = mergeDelete(w.rec.cl, editedByOthers);
        if (outcome == DeleteOutcome::AlreadyDeleted)
            return r;
        if (outcome == DeleteOutcome::ApplyKeepingEdits) {
            // Someone edited after the deleter's view: keep the current fields
            // (with that edit) in a conflict so it can be restored.
            ConflictInfo c = conflictFor(w, "", "delete_edit", "open");
            c.mine = w.rec.fields;
            c.theirs = nullptr;
            std::uint64_t latest = 0;
            for (const auto &[key, v] : w.meta.items()) {
                if (v.is_array() && v.size() >= 2 && v[0].get<std::uint64_t>() >= latest) {
                    latest = v[0].get<std::uint64_t>();
                    c.mineBy = writerOf(w, key);
                }
            }
            c.mineHlc = latest;
            c.theirsBy = m_by;
            c.theirsHlc = m_hlc;
            r.conflicts.push_back(openConflict(c));
        }
        // The tombstone keeps its fields: a restore brings them back.
        w.rec.cl = deletedCl(w.rec.cl);
        w.row.rev += 1;
        save(w);
        return r;
    }

    MutationResult restore(const Mutation &m, Working &w, MutationResult r)
    {
        if (mergeRestore(w.rec.cl) == RestoreOutcome::AlreadyLive)
            return r;
        if (Status st = m_svc.m_schemas.validatePatch(m.type, m.fields); !st)
            return reject(r, st.error());
        const std::uint64_t rev = w.row.rev + 1;
        w.rec.cl = restoredCl(w.rec.cl);
        for (const auto &[key, value] : m.fields.items())
            writeField(w, key, value, rev);
        w.row.rev = rev;
        save(w);
        return r;
    }

    MutationResult move(const Mutation &m, Working &w, MutationResult r)
    {
        if (m.scope == w.rec.scope)
            return r; // already there
        if (!isLive(w.rec.cl))
            return reject(r, makeError("record_deleted", "削除済みのレコードは移動できません。先に復元してください",
                                       "A deleted record cannot be moved; restore it first"));
        if (Status st = m_svc.m_schemas.validateScope(*m_svc.m_schemas.type(m.type), m.scope); !st)
            return reject(r, st.error());
        // Leave the old scope: its checksum and count lose the record, and its
        // devices learn of the departure at the old scope's next seq.
        ScopeState &from = scope(w.rec.scope);
        from.checksum -= w.row.checksum;
        from.count -= 1;
        const Departure departure{w.rec.scope, w.rec.id, ++from.seq, w.row.rev + 1};
        m_tx.recordDeparture(departure);
        // Arrive in the new one as if new there (count + 1, checksum added).
        w.rec.scope = m.scope;
        w.row.rev = departure.rev;
        w.isNew = true;
        save(w);
        return r;
    }

    MutationResult resolve(const Mutation &m, MutationResult r)
    {
        auto c = m_tx.loadConflict(m.conflict);
        if (!c || c->scope != m.scope)
            return reject(r, makeError("not_found", "競合が見つかりません", "Conflict not found"));
        if (c->status != "open")
            return reject(r, makeError("conflict_closed", "この競合は既に別の端末で解決されています",
                                       "This conflict was already resolved elsewhere"));
        if (m.take != "theirs") {
            json fields = m.fields;
            if (fields.empty() && m.take == "mine")
                fields = c->kind == "delete_edit" ? c->mine : json{{c->field, c->mine}};
            if (!fields.is_object())
                fields = json::object();
            if (Status st = m_svc.m_schemas.validatePatch(c->type, fields); !st)
                return reject(r, st.error());
            auto stored = m_tx.loadRecord(c->record);
            if (!stored)
                return reject(r, makeError("not_found", "レコードが見つかりません", "Record not found"));
            Working w = open(*stored);
            if (!isLive(w.rec.cl)) {
                if (c->kind != "delete_edit")
                    return reject(r, makeError("record_deleted", "削除済みのレコードは編集できません。先に復元してください",
                                               "A deleted record cannot be edited; restore it first"));
                w.rec.cl = restoredCl(w.rec.cl);
            }
            const std::uint64_t rev = w.row.rev + 1;
            for (const auto &[key, value] : fields.items())
                writeField(w, key, value, rev); // forcibly: a person chose this value
            w.row.rev = rev;
            save(w);
        }
        c->status = "resolved";
        c->resolution = m.take + " by " + m_by;
        c->seq = ++scope(c->scope).seq; // devices learn of the resolution by pulling
        m_tx.saveConflict(*c);
        return r;
    }

    PushService &m_svc;
    StoreTx &m_tx;
    const Caller &m_caller;
    std::string m_client;
    std::string m_by;
    std::uint64_t m_hlc = 0;
    std::map<std::string, ScopeState> m_scopes;
    std::map<std::string, std::int64_t> m_lockedAt; // seq when locked: unchanged scopes are not rewritten
};

Result<PushRequest> pushRequestFromJson(json &&j)
{
    auto bad = [](const std::string &what) {
        return makeError("bad_request", "リクエストの形式が正しくありません: " + what, "Malformed request: " + what);
    };
    if (!j.is_object())
        return bad("body is not an object");
    PushRequest req;
    auto id = j.find("client_id");
    if (id == j.end() || !id->is_string() || !isUuid(id->get<std::string>()))
        return bad("client_id must be a UUID");
    req.clientId = *id;
    auto ms = j.find("mutations");
    if (ms == j.end() || !ms->is_array())
        return bad("mutations must be an array");
    for (json &mj : *ms) {
        auto m = mutationFromJson(std::move(mj));
        if (!m)
            return m.error();
        req.mutations.push_back(std::move(*m));
    }
    return req;
}

PushService::PushService(Store &store, const SchemaSet &schemas, HybridClock::WallClock wall)
    : m_store(store), m_schemas(schemas), m_clock(std::move(wall))
{
}

std::uint64_t PushService::clamp(std::uint64_t hlc)
{
    std::lock_guard lock(m_clockMutex);
    return m_clock.clamp(hlc);
}

std::uint64_t PushService::receive(std::uint64_t hlc)
{
    std::lock_guard lock(m_clockMutex);
    return m_clock.receive(hlc);
}

PushReply PushService::push(const Caller &caller, const PushRequest &req)
{
    try {
        auto tx = m_store.beginWrite();
        ClientState client{req.clientId, caller.user, 0};
        if (auto stored = tx->loadClient(req.clientId)) {
            // A client id belongs to one user; another user on the same id must re-register.
            if (stored->user != caller.user)
                return {409, errorJson(clientReset("client id registered to another user"))};
            client = *stored;
        }
        PushBatch batch(*this, *tx, caller, req.clientId);
        // Every scope lock this batch needs, taken first and in sorted order:
        // two batches touching the same wards then queue instead of deadlocking
        // (store.h invariant 2).
        std::set<std::string> scopes;
        for (const Mutation &m : req.mutations) {
            if (m.cseq <= client.lastCseq)
                continue;
            if (caller.mayAccess(m.scope) && scopeKind(m.scope))
                scopes.insert(m.scope);
            if (m.op != Op::Create && m.op != Op::Resolve)
                if (auto where = tx->recordScope(m.record); where && caller.mayAccess(*where))
                    scopes.insert(*where);
        }
        for (const std::string &scope : scopes)
            batch.lock(scope);
        std::vector<std::string> ids;
        for (const Mutation &m : req.mutations)
            if (m.cseq > client.lastCseq && m.op != Op::Resolve)
                ids.push_back(m.record);
        tx->prefetchRecords(ids);
        json results = json::array();
        std::uint64_t maxHlc = 0;
        for (const Mutation &m : req.mutations) {
            maxHlc = std::max(maxHlc, m.hlc);
            if (m.cseq <= client.lastCseq) {
                // Rule 1: a retry gets its stored result; anything else means a reused number.
                auto stored = tx->loadResult(req.clientId, m.cseq);
                if (!stored)
                    return {409, errorJson(clientReset("cseq " + std::to_string(m.cseq) + " reused out of order"))};
                if (stored->mid != m.mid)
                    return {409, errorJson(clientReset("cseq " + std::to_string(m.cseq) + " has another mid"))};
                results.push_back(json::parse(stored->result));
                continue;
            }
            const MutationResult r = batch.apply(m);
            const json rj = resultToJson(r);
            tx->saveResult(req.clientId, m.cseq, StoredResult{m.mid, rj.dump()});
            client.lastCseq = m.cseq;
            results.push_back(rj);
        }
        batch.finish();
        tx->saveClient(client);
        tx->commit();
        return {200, json{{"results", std::move(results)}, {"last_cseq", client.lastCseq}, {"hlc", receive(maxHlc)}}};
    } catch (const std::exception &) {
        // Store fault or corrupt row: the transaction rolled back, nothing recorded.
        return {503, errorJson(unavailable())};
    }
}

} // namespace kyodo::server
