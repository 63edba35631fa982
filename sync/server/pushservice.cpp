#include "pushservice.h"

#include "apierror.h"
#include "attachment.h"
#include "blobservice.h"
#include "checksum.h"
#include "errorcodes.h"
#include "merge.h"
#include "messages.h"
#include "pushpipeline.h"
#include "record.h"
#include "scope.h"
#include "uuid.h"

#include <map>
#include <set>

namespace kyodo::server {

namespace {

Error clientReset(const std::string &why) { return errorOf(Msg::ClientSequenceMismatch, {why}); }

Error previousBatchMissing() { return registeredError("previous_batch_missing"); }

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
    {}

    MutationResult apply(PreparedMutation &p)
    {
        const Mutation &m = p.m;
        m_hlc = m_svc.clamp(m.hlc);
        MutationResult r{m.cseq, m.mid, Outcome::Applied, {}, {}, {}, {}};
        if ((m.op == Op::Create || m.op == Op::Resolve || m.op == Op::Move) && !m_caller.mayWrite(m.scope))
            return keepForAdmin(r, m, m.scope, forbidden(m.scope));
        if (m.op == Op::Resolve)
            return resolve(m, r);
        auto stored = m_tx.loadRecord(m.record);
        if (m.op == Op::Create) {
            if (stored)
                return reject(r, registeredError("duplicate_id"));
            return create(p, r);
        }
        if (!stored)
            return reject(r, errorOf(Msg::RecordNotFound));
        // The record may have moved since the device saw it: what counts is
        // where it is now, and the answer does not say where that is.
        // A scope granted for reading only is named: its records are no secret to the caller.
        if (!m_caller.mayWrite(stored->scope))
            return keepForAdmin(r, m, stored->scope,
                                m_caller.mayRead(stored->scope) ? forbidden(stored->scope) : recordForbidden());
        if (stored->type != m.type)
            return reject(r, registeredError("type_change"));
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
    static Error forbidden(const std::string &scope) { return errorOf(Msg::NoWriteToScopeKept, {scope}); }

    // A change refused because its author may no longer write where it
    // points is not lost: it waits in the quarantine for an administrator
    // (kyodo-server quarantine list|show|apply|drop). A retried push gets
    // the stored result and keeps nothing twice.
    MutationResult keepForAdmin(MutationResult r, const Mutation &m, const std::string &scope, const Error &e)
    {
        m_tx.insertQuarantine(QuarantineRow{newUuidV7(), m_caller.user, m_client, m.cseq, m.mid, unixNow(), scope,
                                            m.record, m.type, opName(m.op), canonicalJson(mutationToJson(m)), e.code,
                                            QuarantineStatus::Held, ""});
        return reject(r, e);
    }

    // A record that exists in a scope the caller lacks: the same answer
    // wherever it lives, so nobody learns a foreign record's ward by trying.
    static Error recordForbidden() { return errorOf(Msg::RecordOutsideScopesKept); }

    // A reference is authorized like the record itself: it points to a record
    // of the declared type in a scope the caller may read. A missing record
    // and a forbidden one get the same answer, so nobody probes for records.
    Status checkReferences(const std::string &typeId, const json &fields)
    {
        const TypeDef *type = m_svc.m_schemas.type(typeId);
        if (!type || !fields.is_object())
            return {};
        for (const FieldDef &f : type->fields) {
            const auto value = fields.find(f.key);
            if (f.type != FieldType::Ref || value == fields.end() || !value->is_string())
                continue; // null clears a reference
            const auto place = m_tx.recordPlace(value->get<std::string>());
            if (place && m_caller.mayRead(place->scope) && (f.refType.empty() || place->type == f.refType))
                continue;
            Error e = errorOf(Msg::ReferenceNotFound, {MessageArg::perLanguage(f.labelJa, f.labelEn)});
            e.field = f.key;
            return e;
        }
        return {};
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
        w.row.id = w.rec.id;
        w.row.scope = w.rec.scope;
        w.row.type = w.rec.type;
        w.row.cl = w.rec.cl;
        w.row.doc = canonicalDoc(w.rec);
        w.row.versions = std::move(versions);
        w.row.meta = std::move(meta);
        const std::uint64_t old = w.row.checksum;
        w.row.checksum = recordChecksum(w.row.doc);
        store(w.row, w.isNew, old);
        w.isNew = false;
    }

    // Writes a row whose doc and checksum are final: next seq of its scope,
    // scope checksum and count kept incrementally.
    void store(StoredRecord &row, bool isNew, std::uint64_t oldChecksum)
    {
        ScopeState &s = scope(row.scope);
        s.checksum = s.checksum - (isNew ? 0 : oldChecksum) + row.checksum; // unsigned: wraps mod 2^64
        if (isNew)
            ++s.count;
        row.seq = ++s.seq;
        m_tx.saveRecord(row);
        keepBlobRefs(row);
    }

    // The blobs a record lists are kept with every write of it, in the same
    // transaction (blobservice.h rule 1): a live record's files may travel,
    // a deleted one's wait out the grace period of the garbage collection.
    void keepBlobRefs(const StoredRecord &row)
    {
        const TypeDef *type = m_svc.m_schemas.type(row.type);
        if (!type || !hasAttachmentFields(*type))
            return;
        std::map<std::string, ListedBlob> refs;
        if (isLive(row.cl)) {
            auto rec = recordFromDoc(json::parse(row.doc));
            if (!rec)
                throw StoreError("record " + row.id + " is malformed: " + rec.error().messageEn);
            refs = blobsListed(*type, rec->fields);
        }
        m_tx.setBlobRefs(row.id, refs, unixNow(), m_caller.user);
    }

    std::string openConflict(ConflictInfo c)
    {
        c.id = newUuidV7();
        c.seq = ++scope(c.scope).seq; // conflicts page together with records
        m_tx.insertConflict(c);
        return c.id;
    }

    ConflictInfo conflictFor(const Working &w, const std::string &field, ConflictKind kind, ConflictStatus status)
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

    // Validation, document, checksum and versions were worked out by
    // PushService::prepare; only the writer and the seq are left.
    MutationResult create(PreparedMutation &p, MutationResult r)
    {
        if (p.refused)
            return reject(r, *p.refused);
        const Mutation &m = p.m;
        if (Status st = checkReferences(m.type, p.refs); !st)
            return reject(r, st.error());
        StoredRecord row;
        row.id = m.record;
        row.scope = m.scope;
        row.type = m.type;
        row.cl = 1;
        row.rev = 1;
        row.doc = std::move(p.doc);
        row.checksum = p.checksum;
        row.versions = std::move(p.versions);
        // Every field is written by this mutation: the meta column is the same
        // writer for each key, as the text canonicalJson would give.
        const std::string writer = canonicalJson(json::array({m_hlc, m_client, m_caller.user}));
        row.meta.reserve(p.keys.size() * (writer.size() + 16) + 2);
        row.meta = "{";
        for (const std::string &k : p.keys)
            row.meta.append(row.meta.size() > 1 ? "," : "").append(k).append(":").append(writer);
        row.meta.append("}");
        store(row, true, 0);
        return r;
    }

    // A rule between fields (required_when) holds after a change as on a
    // create. A record that broke it already (written before the rule) is
    // not refused an unrelated change for it.
    Status keepsRules(const std::string &type, const json &before, const json &patch) const
    {
        json after = before.is_object() ? before : json::object();
        for (const auto &[key, value] : patch.items()) {
            if (value.is_null())
                after.erase(key);
            else
                after[key] = value;
        }
        Status st = m_svc.m_schemas.validateComplete(type, after);
        if (!st && !m_svc.m_schemas.validateComplete(type, before))
            return {};
        return st;
    }

    MutationResult edit(const Mutation &m, Working &w, MutationResult r)
    {
        if (Status st = m_svc.m_schemas.validatePatch(m.type, m.fields); !st)
            return reject(r, st.error());
        // What the editor saw becomes a conflict's base on every device of
        // the scope: it must be what the schema allows, like the fields.
        if (Status st = m_svc.m_schemas.validateSeen(m.type, m.prev); !st)
            return reject(r, st.error());
        if (Status st = checkReferences(m.type, m.fields); !st)
            return reject(r, st.error());
        switch (mergeEditLiveness(w.rec.cl, m.baseCl)) {
        case EditOnRecord::Refused: return reject(r, errorOf(Msg::DeletedRecordCannotEdit));
        case EditOnRecord::KeptInConflict: {
            // Delete wins; the edit is kept whole so a person can restore it.
            ConflictInfo c = conflictFor(w, "", ConflictKind::DeleteEdit, ConflictStatus::Open);
            c.mine = m.fields;
            c.theirsHlc = 0;
            r.outcome = Outcome::Conflict;
            r.conflicts.push_back(openConflict(c));
            return r;
        }
        case EditOnRecord::Proceed: break;
        }
        if (Status st = keepsRules(m.type, w.rec.fields, m.fields); !st)
            return reject(r, st.error());
        const TypeDef *type = m_svc.m_schemas.type(m.type);
        const std::uint64_t rev = w.row.rev + 1;
        bool wrote = false, flagged = false;
        for (const auto &[key, value] : m.fields.items()) {
            const FieldDef *def = type->field(key);
            const FieldState server = fieldState(w, key);
            if (def->type == FieldType::Attachments) {
                // A list of files merges by union: nobody's added photo is lost.
                json merged = mergeAttachmentLists(server.value, m.prev.value(key, json()), value);
                if (merged != server.value) {
                    writeField(w, key, merged, rev);
                    wrote = true;
                }
                continue;
            }
            FieldEdit e{value, m.base.value(key, std::uint64_t(0)), m_hlc, m_client};
            const FieldOutcome outcome = mergeField(def->conflict, server, e);
            if (outcome == FieldOutcome::Unchanged)
                continue;
            if (outcome == FieldOutcome::Apply || outcome == FieldOutcome::LwwApply) {
                if (outcome == FieldOutcome::LwwApply) {
                    // The overwritten value is logged so nothing typed is lost.
                    ConflictInfo c = conflictFor(w, key, ConflictKind::Lww, ConflictStatus::Auto);
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
            const bool forPerson = outcome == FieldOutcome::Flag;
            ConflictInfo c = conflictFor(w, key, forPerson ? ConflictKind::Field : ConflictKind::Lww,
                                         forPerson ? ConflictStatus::Open : ConflictStatus::Auto);
            c.base = m.prev.contains(key) ? m.prev[key] : json(); // what the editor saw
            c.mine = value;
            c.theirs = server.value;
            c.theirsBy = writerOf(w, key);
            c.theirsHlc = server.hlc;
            if (outcome == FieldOutcome::LwwKeep)
                c.resolution = "lww: theirs kept (later hlc)";
            flagged |= forPerson;
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
            ConflictInfo c = conflictFor(w, "", ConflictKind::DeleteEdit, ConflictStatus::Open);
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
        if (Status st = checkReferences(m.type, m.fields); !st)
            return reject(r, st.error());
        if (Status st = keepsRules(m.type, w.rec.fields, m.fields); !st)
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
            return reject(r, errorOf(Msg::DeletedRecordCannotMove));
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
        // Its files' standing comes along: the new scope's readers may
        // download what the old scope's writers sent.
        m_tx.copyBlobStanding(w.rec.id, departure.scope, m.scope);
        takeConflictsAlong(w.rec.id, departure.scope, m.scope);
        return r;
    }

    // A record's open conflicts go where it goes. Each one is closed in the
    // old scope with a receipt (its devices see it close, without learning
    // where the record went) and opened again under a new id in the new
    // scope, whose people now decide, so no typed value is dropped. A
    // stale conflict of the old scope can never write to the record again.
    void takeConflictsAlong(const std::string &record, const std::string &from, const std::string &to)
    {
        for (ConflictInfo c : m_tx.openConflictsOf(record)) {
            if (c.scope != from)
                continue;
            ConflictInfo closed = c;
            closed.status = ConflictStatus::Resolved;
            closed.resolution = "moved by " + m_by;
            closed.seq = ++scope(from).seq;
            m_tx.saveConflict(closed);
            c.scope = to;
            openConflict(c);
        }
    }

    MutationResult resolve(const Mutation &m, MutationResult r)
    {
        auto c = m_tx.loadConflict(m.conflict);
        if (!c || c->scope != m.scope)
            return reject(r, errorOf(Msg::ConflictNotFound));
        if (c->status != ConflictStatus::Open)
            return reject(r, errorOf(Msg::ConflictResolvedElsewhere));
        if (m.take != "theirs") {
            json fields = m.fields;
            if (fields.empty() && m.take == "mine")
                fields = c->kind == ConflictKind::DeleteEdit ? c->mine : json{{c->field, c->mine}};
            if (!fields.is_object())
                fields = json::object();
            if (Status st = m_svc.m_schemas.validatePatch(c->type, fields); !st)
                return reject(r, st.error());
            if (Status st = checkReferences(c->type, fields); !st)
                return reject(r, st.error());
            auto stored = m_tx.loadRecord(c->record);
            if (!stored)
                return reject(r, errorOf(Msg::RecordNotFound));
            // Whose record is this now? Authorized where it lives, not where
            // the conflict was opened.
            if (!m_caller.mayWrite(stored->scope) || stored->scope != c->scope)
                return keepForAdmin(r, m, stored->scope, recordForbidden());
            Working w = open(*stored);
            if (Status st = keepsRules(c->type, w.rec.fields, fields); !st)
                return reject(r, st.error());
            if (!isLive(w.rec.cl)) {
                if (c->kind != ConflictKind::DeleteEdit)
                    return reject(r, errorOf(Msg::DeletedRecordCannotEdit));
                w.rec.cl = restoredCl(w.rec.cl);
            }
            const std::uint64_t rev = w.row.rev + 1;
            for (const auto &[key, value] : fields.items())
                writeField(w, key, value, rev); // forcibly: a person chose this value
            w.row.rev = rev;
            save(w);
        }
        c->status = ConflictStatus::Resolved;
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

namespace {

// A whole batch already in memory, prepared as it is read.
class VectorSource final : public MutationSource {
public:
    VectorSource(const PushService &svc, const Caller &caller, PushRequest request)
        : m_svc(svc), m_caller(caller), m_request(std::move(request))
    {}
    Result<PushHeader> header() override
    {
        return PushHeader{m_request.clientId, m_request.prevCseq, m_request.ackedCseq};
    }
    Result<std::optional<PreparedMutation>> next() override
    {
        if (m_next == m_request.mutations.size())
            return std::optional<PreparedMutation>();
        return std::optional<PreparedMutation>(m_svc.prepare(m_caller, std::move(m_request.mutations[m_next++])));
    }

private:
    const PushService &m_svc;
    const Caller &m_caller;
    PushRequest m_request;
    std::size_t m_next = 0;
};

// A whole batch read from another source before the first write.
class BufferedSource final : public MutationSource {
public:
    explicit BufferedSource(PushHeader header) : m_header(std::move(header)) {}
    Status drain(MutationSource &from)
    {
        for (;;) {
            auto n = from.next();
            if (!n)
                return n.error();
            if (!*n)
                return {};
            m_items.push_back(std::move(**n));
        }
    }
    const std::vector<PreparedMutation> &items() const { return m_items; }
    Result<PushHeader> header() override { return m_header; }
    Result<std::optional<PreparedMutation>> next() override
    {
        if (m_next == m_items.size())
            return std::optional<PreparedMutation>();
        return std::optional<PreparedMutation>(std::move(m_items[m_next++]));
    }

private:
    PushHeader m_header;
    std::vector<PreparedMutation> m_items;
    std::size_t m_next = 0;
};

// What the audit log keeps of one mutation: who, from where, what was
// done to which record with which outcome, and the names of the fields it
// touched (never their values).
AuditEntry auditOf(const Caller &caller, const std::string &clientId, const Mutation &m, const MutationResult &r)
{
    std::string fields;
    for (const auto &[key, value] : m.fields.items())
        fields += (fields.empty() ? "" : ",") + key;
    std::string outcome = outcomeName(r.outcome);
    if (r.outcome == Outcome::Rejected)
        outcome += ":" + r.code;
    if (m.op == Op::Resolve)
        fields = "conflict " + m.conflict + " take " + m.take + (fields.empty() ? "" : " " + fields);
    return {0, unixNow(), caller.user, clientId, caller.peer, opName(m.op), outcome, m.scope, m.record, fields};
}

// A device token is bound to the client id of its first push or pull
// (auth.h); in the push's own transaction, so a refused push binds nothing.
Status bindToken(const Caller &caller, const std::string &clientId, StoreTx &tx)
{
    if (caller.tokenHash.empty() || caller.boundClient == clientId)
        return {};
    if (!caller.boundClient.empty())
        return tokenBoundElsewhere();
    auto token = tx.loadToken(caller.tokenHash);
    if (!token || (!token->clientId.empty() && token->clientId != clientId))
        return tokenBoundElsewhere();
    token->clientId = clientId;
    tx.saveToken(*token);
    return {};
}

// A push answered with an error instead of results, under the registry's
// status for its code (errorcodes.h): 400 malformed, 401, 409, 425, 429, 503.
PushReply refused(const Error &e) { return {httpStatusOf(e), errorJson(e)}; }

} // namespace

PushService::PushService(Store &store, const SchemaSet &schemas, HybridClock::WallClock wall)
    : m_store(store), m_schemas(schemas), m_clock(std::move(wall))
{}

std::uint64_t PushService::clamp(std::uint64_t hlc) const
{
    std::lock_guard lock(m_clockMutex);
    return m_clock.clamp(hlc);
}

std::uint64_t PushService::receive(std::uint64_t hlc)
{
    std::lock_guard lock(m_clockMutex);
    return m_clock.receive(hlc);
}

PreparedMutation PushService::prepare(const Caller &caller, Mutation m) const
{
    PreparedMutation p;
    if (m.op != Op::Create || !caller.mayWrite(m.scope)) {
        p.m = std::move(m);
        return p;
    }
    if (Status st = m_schemas.validateVersion(m.type, m.schemaVersion); !st)
        p.refused = st.error();
    else if (Status st = m_schemas.validateRecord(m.type, m.scope, m.fields); !st)
        p.refused = st.error();
    if (p.refused) {
        p.m = std::move(m);
        return p;
    }
    if (const TypeDef *type = m_schemas.type(m.type))
        for (const FieldDef &f : type->fields)
            if (f.type == FieldType::Ref && m.fields.contains(f.key))
                p.refs[f.key] = m.fields[f.key];
    // Every field is written at revision 1; null clears, so the document has no such key.
    Record rec{m.record, m.type, m.scope, 1, std::move(m.fields)};
    p.versions = "{";
    std::vector<std::string> cleared;
    for (const auto &[key, value] : rec.fields.items()) {
        if (value.is_null())
            cleared.push_back(key);
        p.keys.push_back(canonicalJson(key));
        p.versions.append(p.versions.size() > 1 ? "," : "").append(p.keys.back()).append(":1");
    }
    p.versions.append("}");
    for (const std::string &key : cleared)
        rec.fields.erase(key);
    p.doc = canonicalDoc(rec);
    p.checksum = recordChecksum(p.doc);
    m.fields = json::object();
    p.m = std::move(m);
    return p;
}

PushReply PushService::push(const Caller &caller, PushRequest request)
{
    VectorSource source(*this, caller, std::move(request));
    return push(caller, source);
}

Result<PushService::Opened> PushService::openInOrder(const Caller &caller, const PushHeader &header)
{
    const auto start = PushOrder::Clock::now();
    for (;;) {
        const std::uint64_t seen = m_order.events();
        Opened o{m_store.beginWrite(), ClientState{header.clientId, caller.user, 0}};
        if (auto stored = o.tx->loadClient(header.clientId)) {
            // A client id belongs to one user; another user on the same id must re-register.
            if (stored->user != caller.user)
                return clientReset("client id registered to another user");
            o.client = *stored;
        }
        // A store that forgot what it answered (push() refuses) has nothing to wait for.
        if (header.prevCseq <= o.client.lastCseq || header.ackedCseq > o.client.lastCseq)
            return o;
        // The batch sent before this one is still on its way or being
        // applied: it commits first (commit order = cseq order).
        o.tx.reset();
        if (!m_order.waitForPredecessor(header.clientId, seen, start))
            return previousBatchMissing();
    }
}

void PushService::lockUpFront(const Caller &caller, const ClientState &client,
                              const std::vector<PreparedMutation> &batch, StoreTx &tx, PushBatch &locks)
{
    std::set<std::string> scopes;
    std::vector<std::string> ids;
    for (const PreparedMutation &p : batch) {
        const Mutation &m = p.m;
        if (m.cseq <= client.lastCseq)
            continue;
        if (caller.mayWrite(m.scope) && scopeKind(m.scope))
            scopes.insert(m.scope);
        if (m.op != Op::Create && m.op != Op::Resolve)
            if (auto where = tx.recordPlace(m.record); where && caller.mayWrite(where->scope))
                scopes.insert(where->scope);
        if (m.op != Op::Resolve)
            ids.push_back(m.record);
    }
    for (const std::string &scope : scopes)
        locks.lock(scope);
    tx.prefetchRecords(ids);
}

PushReply PushService::push(const Caller &caller, MutationSource &source)
{
    auto header = source.header();
    if (!header)
        return refused(header.error());
    const std::string &clientId = header->clientId;
    const PushOrder::Active active(m_order, clientId);
    try {
        auto opened = openInOrder(caller, *header);
        if (!opened)
            return refused(opened.error());
        StoreTx &tx = *opened->tx;
        ClientState &client = opened->client;
        if (header->ackedCseq > client.lastCseq) {
            // Restored from a backup: the device sends again, under the same
            // numbers, everything this store no longer has.
            PushReply reply = refused(registeredError("server_restored"));
            reply.body["last_cseq"] = client.lastCseq;
            return reply;
        }
        if (Status st = bindToken(caller, clientId, tx); !st)
            return refused(st.error());
        PushBatch batch(*this, tx, caller, clientId);
        // A store whose writers can deadlock on row locks (PostgreSQL) takes
        // every scope lock the batch needs first, in sorted order, and loads
        // the records in one query: it reads the whole batch before its first
        // write. SQLite has one writer at a time and applies each mutation as
        // soon as it is parsed.
        BufferedSource whole(*header);
        MutationSource *mutations = &source;
        if (m_store.locksScopesUpFront()) {
            if (Status st = whole.drain(source); !st)
                return refused(st.error());
            lockUpFront(caller, client, whole.items(), tx, batch);
            mutations = &whole;
        }
        json results = json::array();
        std::uint64_t maxHlc = 0;
        PushAtCommit check{clientId, header->prevCseq, client.lastCseq, 0, 0, 0};
        for (;;) {
            auto n = mutations->next();
            if (!n)
                return refused(n.error()); // rolled back
            if (!*n)
                break;
            PreparedMutation &p = **n;
            const Mutation &m = p.m;
            ++check.mutations;
            maxHlc = std::max(maxHlc, m.hlc);
            if (m.cseq <= client.lastCseq) {
                // Rule 1: a retry gets its stored result; anything else means a reused number.
                auto stored = tx.loadResult(clientId, m.cseq);
                if (!stored)
                    return refused(clientReset("cseq " + std::to_string(m.cseq) + " reused out of order"));
                if (stored->mid != m.mid)
                    return refused(clientReset("cseq " + std::to_string(m.cseq) + " has another mid"));
                results.push_back(json::parse(stored->result));
                continue;
            }
            const MutationResult r = batch.apply(p);
            tx.appendAudit(auditOf(caller, clientId, m, r));
            json rj = resultToJson(r);
            tx.saveResult(clientId, m.cseq, StoredResult{m.mid, canonicalJson(rj)});
            client.lastCseq = m.cseq;
            results.push_back(std::move(rj));
        }
        batch.finish();
        tx.saveClient(client);
        check.lastCseqNow = client.lastCseq;
        check.results = results.size();
        checkBeforeCommit(check, tx);
        tx.commit();
        m_order.committed();
        return {200, json{{"results", std::move(results)}, {"last_cseq", client.lastCseq}, {"hlc", receive(maxHlc)}}};
    } catch (const std::exception &) {
        // Store fault or corrupt row: the transaction rolled back, nothing recorded.
        return refused(unavailable());
    }
}

} // namespace kyodo::server
