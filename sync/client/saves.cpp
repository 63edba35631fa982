// The user's saves. Each one validates first (nothing invalid reaches the
// outbox), then writes the outbox entry and the overlay in one transaction.
#include "outboxrow.h"
#include "replica.h"

#include "errorcodes.h"
#include "messages.h"
#include "uuid.h"

namespace kyodo {

namespace {

Error notFound(const std::string &id) { return errorOf(Msg::RecordNotOnDevice, {id}); }

Error noSchemas() { return errorOf(Msg::NoSchemasLogInFirst); }

} // namespace

Status Replica::checkUnique(const std::string &typeId, const std::string &id, const json &fields)
{
    const SchemaSet *set = schemas();
    const TypeDef *type = set ? set->type(typeId) : nullptr;
    if (!type || type->unique.empty())
        return {};
    std::string sql = "SELECT 1 FROM record_view WHERE type=?1 AND id<>?2 AND cl%2=1";
    std::vector<std::string> values;
    std::string ja, en;
    for (const std::string &key : type->unique) {
        const FieldDef *f = type->field(key);
        const json value = fields.contains(key) ? fields.at(key) : json();
        if (value.is_null())
            return {}; // not named yet: nothing to repeat
        values.push_back(value.dump());
        const std::string n = std::to_string(values.size() + 2);
        sql += " AND json_extract(fields, '$.\"" + key + "\"') = json_extract(?" + n + ", '$')";
        const std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
        ja += (ja.empty() ? "" : "・") + f->labelJa + " " + shown;
        en += (en.empty() ? "" : ", ") + f->labelEn + " " + shown;
    }
    Statement st = m_db.prepare(sql + " LIMIT 1");
    st.bind(1, typeId);
    st.bind(2, id);
    for (size_t i = 0; i < values.size(); ++i)
        st.bind(static_cast<int>(i + 3), values[i]);
    if (!st.step())
        return {};
    return errorOf(Msg::RecordNotUnique,
                   {MessageArg::perLanguage(type->labelJa, type->labelEn), MessageArg::perLanguage(ja, en)});
}

Status Replica::save(Mutation m)
{
    if (Status st = checkWritable(m.scope); !st)
        return st;
    m.cseq = takeCseq();
    m.mid = newUuidV7();
    m.hlc = nextHlc();
    insertOutboxEntry(m_db, m, OutboxState::Saved, nowIso());
    rebuildOverlay(m.record);
    return {};
}

std::optional<ViewRecord> Replica::viewOf(const std::string &id)
{
    Statement st = m_db.prepare(std::string(kViewSelect) + " WHERE v.id=?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return viewRecordFromRow(st);
}

Result<std::string> Replica::create(const std::string &type, const std::string &scope, const json &fields)
{
    auto ids = createMany({NewRecord{"", type, scope, fields}});
    if (!ids)
        return ids.error();
    return ids->front();
}

Result<std::vector<std::string>> Replica::createMany(const std::vector<NewRecord> &records)
{
    const SchemaSet *set = schemas();
    if (!set)
        return noSchemas();
    for (size_t i = 0; i < records.size(); ++i) {
        const NewRecord &r = records[i];
        Status st = set->validateRecord(r.type, r.scope, r.fields);
        if (st && !r.id.empty() && !isUuid(r.id))
            st = errorOf(Msg::RecordIdNotUuid, {r.id});
        if (!st) {
            if (records.size() == 1)
                return st.error();
            return errorOf(st.error().code, Msg::NthRecordFailed, {i + 1, MessageArg::messageOf(st.error())});
        }
    }
    try {
        Transaction tx(m_db);
        std::vector<std::string> ids;
        ids.reserve(records.size());
        for (const NewRecord &r : records) {
            Mutation m;
            m.op = Op::Create;
            m.record = r.id.empty() ? newUuidV7() : r.id;
            if (viewOf(m.record))
                return errorOf(Msg::RecordIdExists, {m.record});
            m.type = r.type;
            m.scope = r.scope;
            m.schemaVersion = set->plugin(set->type(r.type)->plugin)->version;
            m.fields = r.fields;
            if (Status st = checkUnique(m.type, m.record, m.fields); !st)
                return st.error();
            if (Status st = save(m); !st)
                return st.error();
            ids.push_back(m.record);
        }
        tx.commit();
        return ids;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::edit(const std::string &id, const json &fields)
{
    const SchemaSet *set = schemas();
    if (!set)
        return noSchemas();
    try {
        Transaction tx(m_db);
        auto change = beginChange(id, Op::Edit);
        if (!change)
            return change.error();
        auto &[view, m] = change.value();
        if (Status st = set->validatePatch(view.type, fields); !st)
            return st;
        json versions = json::object(), confirmedFields = json::object();
        Statement confirmed = m_db.prepare("SELECT versions, json_extract(doc,'$.fields') FROM records WHERE id=?");
        confirmed.bind(1, id);
        if (confirmed.step()) {
            versions = json::parse(confirmed.text(0));
            confirmedFields = json::parse(confirmed.text(1));
        }
        for (const auto &[key, value] : fields.items()) {
            const json current = view.fields.contains(key) ? view.fields[key] : json();
            if (current == value)
                continue; // unchanged: nothing to send
            m.fields[key] = value;
            m.base[key] = versions.value(key, std::uint64_t{0});
            m.prev[key] = confirmedFields.contains(key) ? confirmedFields[key] : json();
        }
        if (m.fields.empty())
            return {};
        json after = view.fields.is_object() ? view.fields : json::object();
        for (const auto &[key, value] : m.fields.items())
            after[key] = value;
        if (Status st = set->validateComplete(view.type, after); !st)
            return st;
        if (Status st = checkUnique(view.type, id, after); !st)
            return st;
        if (Status st = save(m); !st)
            return st;
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::remove(const std::string &id) { return setLiveness(id, Op::Delete); }

Status Replica::restore(const std::string &id) { return setLiveness(id, Op::Restore); }

Status Replica::move(const std::string &id, const std::string &scope)
{
    const SchemaSet *set = schemas();
    if (!set)
        return noSchemas();
    try {
        Transaction tx(m_db);
        auto change = beginChange(id, Op::Move);
        if (!change)
            return change.error();
        auto &[view, m] = change.value();
        const TypeDef *type = set->type(view.type);
        if (!type)
            return errorOf(Msg::UnknownRecordType, {view.type});
        if (Status st = set->validateScope(*type, scope); !st)
            return st;
        if (scope == view.scope)
            return {};
        m.scope = scope;
        if (Status st = save(m); !st)
            return st;
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::setLiveness(const std::string &id, Op op)
{
    try {
        Transaction tx(m_db);
        auto change = beginChange(id, op);
        if (!change)
            return change.error();
        if (Status st = save(change->second); !st)
            return st;
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::pair<ViewRecord, Mutation>> Replica::beginChange(const std::string &id, Op op)
{
    auto view = viewOf(id);
    if (!view)
        return notFound(id);
    if (op == Op::Restore && !view->deleted())
        return errorOf(Msg::RecordNotDeleted);
    if (op == Op::Delete && view->deleted())
        return errorOf(Msg::RecordAlreadyDeleted);
    if (op != Op::Restore && view->deleted())
        return errorOf(Msg::DeletedRecordCannotChange);
    if (Status st = checkWritable(view->scope); !st)
        return st.error();
    const SchemaSet *set = schemas();
    const TypeDef *type = set ? set->type(view->type) : nullptr;
    Mutation m;
    m.op = op;
    m.record = id;
    m.type = view->type;
    m.scope = view->scope;
    m.schemaVersion = type ? set->plugin(type->plugin)->version : 1;
    m.baseCl = view->cl;
    m.baseRev = view->rev;
    return std::make_pair(std::move(*view), std::move(m));
}

Status Replica::resolve(const std::string &conflictId, const std::string &take, const json &value)
{
    if (take != "mine" && take != "theirs" && take != "value")
        return errorOf(Msg::BadTake);
    const SchemaSet *set = schemas();
    if (!set)
        return noSchemas();
    try {
        Transaction tx(m_db);
        Statement st = m_db.prepare("SELECT doc FROM conflicts WHERE id=?");
        st.bind(1, conflictId);
        if (!st.step())
            return errorOf(Msg::ConflictNotOnDevice, {conflictId});
        auto conflict = conflictFromJson(json::parse(st.text(0)));
        if (!conflict)
            return conflict.error();
        if (conflict->status != ConflictStatus::Open)
            return errorOf(Msg::ConflictAlreadyResolved);
        Statement pending =
            m_db.prepare("SELECT 1 FROM outbox WHERE op='resolve' AND conflict=? AND state IN ('saved','sent')");
        pending.bind(1, conflictId);
        if (pending.step())
            return errorOf(Msg::ConflictResolutionPending);

        Mutation m;
        m.op = Op::Resolve;
        m.record = conflict->record;
        m.type = conflict->type;
        m.scope = conflict->scope;
        m.conflict = conflictId;
        m.take = take;
        const json chosen = take == "mine" ? conflict->mine : value;
        if (take != "theirs") {
            if (conflict->kind == ConflictKind::DeleteEdit) {
                if (!chosen.is_object())
                    return errorOf(Msg::RestoredContentNotObject);
                m.fields = chosen;
            } else {
                m.fields = json{{conflict->field, chosen}};
            }
            if (Status v = set->validatePatch(m.type, m.fields); !v)
                return v;
        }
        const TypeDef *type = set->type(m.type);
        m.schemaVersion = type ? set->plugin(type->plugin)->version : 1;
        if (auto view = viewOf(m.record)) {
            m.baseCl = view->cl;
            m.baseRev = view->rev;
        }
        if (Status s = save(m); !s)
            return s;
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::discard(std::int64_t cseq)
{
    try {
        Transaction tx(m_db);
        Statement st = m_db.prepare("SELECT state, record FROM outbox WHERE cseq=?");
        st.bind(1, cseq);
        if (!st.step())
            return errorOf(Msg::NoSuchChange, {cseq});
        const std::string word = st.text(0), record = st.text(1);
        const auto state = outboxStateFromString(word);
        if (state != OutboxState::Saved && state != OutboxState::Rejected)
            return errorOf(Msg::ChangeNotDiscardable,
                           {MessageArg::perLanguage(state ? receiptLabelJa(*state) : word, word)});
        m_db.prepare("UPDATE outbox SET state='discarded', settled_at=? WHERE cseq=?").bindAll(nowIso(), cseq).run();
        rebuildOverlay(record);
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::resend(std::int64_t cseq, const json &fixedFields)
{
    const SchemaSet *set = schemas();
    if (!set)
        return noSchemas();
    try {
        Transaction tx(m_db);
        Statement st = m_db.prepare(std::string("SELECT ") + kOutboxColumns + kOutboxFrom + " WHERE cseq=?");
        st.bind(1, cseq);
        if (!st.step())
            return errorOf(Msg::NoSuchChange, {cseq});
        OutboxEntry e = outboxEntryFromRow(st);
        if (e.state != OutboxState::Rejected)
            return registeredError("not_rejected");
        Mutation m = e.mutation;
        for (const auto &[k, v] : fixedFields.items())
            m.fields[k] = v;
        Status valid =
            m.op == Op::Create ? set->validateRecord(m.type, m.scope, m.fields) : set->validatePatch(m.type, m.fields);
        if (!valid)
            return valid;
        const TypeDef *type = set->type(m.type);
        m.schemaVersion = type ? set->plugin(type->plugin)->version : m.schemaVersion;
        m_db.prepare("UPDATE outbox SET state='discarded', settled_at=? WHERE cseq=?").bindAll(nowIso(), cseq).run();
        if (Status s = save(m); !s)
            return s;
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

} // namespace kyodo
