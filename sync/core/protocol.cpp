#include "protocol.h"

#include "messages.h"
#include "uuid.h"

namespace kyodo {

Error malformedRequest(const std::string &what) { return errorOf(Msg::MalformedRequest, {what}); }

namespace {

// The value of an enum whose wire name is `n`: the one inverse of each *Name() below.
template <typename E>
std::optional<E> byName(const std::string &n, const char *(*nameOf)(E), std::initializer_list<E> all)
{
    for (E e : all)
        if (n == nameOf(e))
            return e;
    return std::nullopt;
}

bool getString(const json &j, const char *key, std::string &out, bool required = true)
{
    auto it = j.find(key);
    if (it == j.end())
        return !required;
    if (!it->is_string())
        return false;
    out = it->get<std::string>();
    return true;
}

template <typename T>
bool getInt(const json &j, const char *key, T &out, bool required = true)
{
    auto it = j.find(key);
    if (it == j.end())
        return !required;
    if (!it->is_number_integer())
        return false;
    out = it->get<T>();
    return true;
}

} // namespace

const char *opName(Op op)
{
    switch (op) {
    case Op::Create: return "create";
    case Op::Edit: return "edit";
    case Op::Delete: return "delete";
    case Op::Restore: return "restore";
    case Op::Resolve: return "resolve";
    case Op::Move: return "move";
    }
    return "?";
}

std::optional<Op> parseOp(const std::string &n)
{
    return byName<Op>(n, &opName, {Op::Create, Op::Edit, Op::Delete, Op::Restore, Op::Resolve, Op::Move});
}

const char *outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Applied: return "applied";
    case Outcome::Conflict: return "conflict";
    case Outcome::Rejected: return "rejected";
    }
    return "?";
}

std::optional<Outcome> parseOutcome(const std::string &n)
{
    return byName<Outcome>(n, &outcomeName, {Outcome::Applied, Outcome::Conflict, Outcome::Rejected});
}

json mutationToJson(const Mutation &m)
{
    json j{{"cseq", m.cseq}, {"mid", m.mid},        {"op", opName(m.op)},    {"record", m.record},
           {"type", m.type}, {"scope", m.scope},    {"sv", m.schemaVersion}, {"fields", m.fields},
           {"base", m.base}, {"base_cl", m.baseCl}, {"base_rev", m.baseRev}, {"hlc", m.hlc}};
    if (!m.prev.empty())
        j["prev"] = m.prev;
    if (m.op == Op::Resolve) {
        j["conflict"] = m.conflict;
        j["take"] = m.take;
    }
    return j;
}

Result<Mutation> mutationFromJson(json j)
{
    if (!j.is_object())
        return malformedRequest("mutation is not an object");
    Mutation m;
    std::string op;
    if (!getInt(j, "cseq", m.cseq) || m.cseq < 1)
        return malformedRequest("cseq must be a positive integer");
    if (!getString(j, "mid", m.mid) || !isUuid(m.mid))
        return malformedRequest("mid must be a UUID");
    if (!getString(j, "op", op) || !parseOp(op))
        return malformedRequest("op must be create, edit, delete, restore, resolve or move");
    m.op = *parseOp(op);
    if (!getString(j, "record", m.record) || !isUuid(m.record))
        return malformedRequest("record must be a UUID");
    if (!getString(j, "type", m.type) || !getString(j, "scope", m.scope))
        return malformedRequest("type and scope must be strings");
    if (!getInt(j, "sv", m.schemaVersion, false) || !getInt(j, "base_cl", m.baseCl, false) ||
        !getInt(j, "base_rev", m.baseRev, false) || !getInt(j, "hlc", m.hlc))
        return malformedRequest("sv, base_cl, base_rev and hlc must be integers");
    if (j.contains("fields")) {
        if (!j["fields"].is_object())
            return malformedRequest("fields must be an object");
        m.fields = std::move(j["fields"]);
    }
    if (j.contains("base")) {
        if (!j["base"].is_object())
            return malformedRequest("base must be an object");
        for (const auto &[k, v] : j["base"].items())
            if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
                return malformedRequest("base versions must be non-negative integers");
        m.base = std::move(j["base"]);
    }
    if (j.contains("prev")) {
        if (!j["prev"].is_object())
            return malformedRequest("prev must be an object");
        // What the editor saw of each field: a plain value or a list of files,
        // never an object (it is copied into the conflict's base and sent to
        // every device; validateSeen checks it against the field's type).
        for (const auto &[k, v] : j["prev"].items())
            if (v.is_object())
                return malformedRequest("prev values must be plain values or lists (text, number, true/false, "
                                        "a list of attachments, or null)");
        m.prev = std::move(j["prev"]);
    }
    if (m.op == Op::Resolve) {
        if (!getString(j, "conflict", m.conflict) || !isUuid(m.conflict))
            return malformedRequest("resolve needs a conflict id");
        if (!getString(j, "take", m.take) || (m.take != "mine" && m.take != "theirs" && m.take != "value"))
            return malformedRequest("take must be mine, theirs or value");
    }
    return m;
}

json resultToJson(const MutationResult &r)
{
    json j{{"cseq", r.cseq}, {"mid", r.mid}, {"status", outcomeName(r.outcome)}};
    if (r.outcome == Outcome::Rejected) {
        j["code"] = r.code;
        j["message"] = r.messageJa;
        j["message_en"] = r.messageEn;
    }
    if (!r.conflicts.empty())
        j["conflicts"] = r.conflicts;
    return j;
}

Result<MutationResult> resultFromJson(const json &j)
{
    MutationResult r;
    std::string status;
    if (!j.is_object() || !getInt(j, "cseq", r.cseq) || !getString(j, "status", status) || !parseOutcome(status))
        return malformedRequest("result needs cseq and status");
    r.outcome = *parseOutcome(status);
    getString(j, "mid", r.mid, false);
    getString(j, "code", r.code, false);
    getString(j, "message", r.messageJa, false);
    getString(j, "message_en", r.messageEn, false);
    if (j.contains("conflicts") && j["conflicts"].is_array())
        for (const json &c : j["conflicts"])
            if (c.is_string())
                r.conflicts.push_back(c);
    return r;
}

const char *conflictKindName(ConflictKind k)
{
    switch (k) {
    case ConflictKind::Field: return "field";
    case ConflictKind::Lww: return "lww";
    case ConflictKind::DeleteEdit: return "delete_edit";
    }
    return "?";
}

std::optional<ConflictKind> parseConflictKind(const std::string &n)
{
    return byName<ConflictKind>(n, &conflictKindName,
                                {ConflictKind::Field, ConflictKind::Lww, ConflictKind::DeleteEdit});
}

const char *conflictStatusName(ConflictStatus s)
{
    switch (s) {
    case ConflictStatus::Open: return "open";
    case ConflictStatus::Resolved: return "resolved";
    case ConflictStatus::Auto: return "auto";
    }
    return "?";
}

std::optional<ConflictStatus> parseConflictStatus(const std::string &n)
{
    return byName<ConflictStatus>(n, &conflictStatusName,
                                  {ConflictStatus::Open, ConflictStatus::Resolved, ConflictStatus::Auto});
}

json conflictToJson(const ConflictInfo &c)
{
    return json{{"id", c.id},
                {"scope", c.scope},
                {"record", c.record},
                {"type", c.type},
                {"field", c.field},
                {"kind", conflictKindName(c.kind)},
                {"status", conflictStatusName(c.status)},
                {"base", c.base},
                {"mine", c.mine},
                {"theirs", c.theirs},
                {"mine_by", c.mineBy},
                {"theirs_by", c.theirsBy},
                {"mine_hlc", c.mineHlc},
                {"theirs_hlc", c.theirsHlc},
                {"seq", c.seq},
                {"resolution", c.resolution}};
}

Result<ConflictInfo> conflictFromJson(const json &j)
{
    ConflictInfo c;
    std::string kind, status;
    if (!j.is_object() || !getString(j, "id", c.id) || !getString(j, "scope", c.scope) ||
        !getString(j, "record", c.record) || !getString(j, "kind", kind) || !getString(j, "status", status) ||
        !getInt(j, "seq", c.seq))
        return malformedRequest("conflict needs id, scope, record, kind, status and seq");
    const auto k = parseConflictKind(kind);
    const auto st = parseConflictStatus(status);
    if (!k || !st)
        return malformedRequest("conflict kind must be field, lww or delete_edit, and status open, resolved or auto");
    c.kind = *k;
    c.status = *st;
    getString(j, "type", c.type, false);
    getString(j, "field", c.field, false);
    getString(j, "mine_by", c.mineBy, false);
    getString(j, "theirs_by", c.theirsBy, false);
    getString(j, "resolution", c.resolution, false);
    getInt(j, "mine_hlc", c.mineHlc, false);
    getInt(j, "theirs_hlc", c.theirsHlc, false);
    c.base = j.value("base", json());
    c.mine = j.value("mine", json());
    c.theirs = j.value("theirs", json());
    return c;
}

} // namespace kyodo
