// The overlay: for each record with unsettled outbox entries, the confirmed
// state with those entries replayed on top, in cseq order. It is what the user
// sees until a checkpoint confirms (or a rejection withdraws) the changes.
#include "outboxrow.h"
#include "replica.h"

#include "merge.h"

namespace kyodo {

namespace {

struct OverlayState {
    bool exists = false;
    std::string type;
    std::string scope;
    std::int64_t cl = 1;
    json fields = json::object();
};

void mergeFields(json &target, const json &patch)
{
    for (const auto &[k, v] : patch.items()) {
        if (v.is_null())
            target.erase(k);
        else
            target[k] = v;
    }
}

} // namespace

void Replica::rebuildOverlay(const std::string &id)
{
    Statement entries = m_db.prepare(std::string("SELECT ") + kOutboxColumns + kOutboxFrom +
                                     " WHERE record=? AND state IN ('saved','sent') ORDER BY cseq");
    entries.bind(1, id);
    std::vector<OutboxEntry> unsettled;
    while (entries.step())
        unsettled.push_back(outboxEntryFromRow(entries));
    if (unsettled.empty()) {
        m_db.prepare("DELETE FROM overlay WHERE id=?").bind(1, id).run();
        return;
    }

    OverlayState s;
    Statement confirmed = m_db.prepare("SELECT type, scope, cl, json_extract(doc,'$.fields') FROM records WHERE id=?");
    confirmed.bind(1, id);
    if (confirmed.step()) {
        s = {true, confirmed.text(0), confirmed.text(1), confirmed.integer(2), json::parse(confirmed.text(3))};
    }
    for (const OutboxEntry &e : unsettled) {
        const Mutation &m = e.mutation;
        if (!s.exists)
            s = {true, m.type, m.scope, 1, json::object()};
        switch (m.op) {
        case Op::Create:
            s.cl = 1;
            s.fields = json::object();
            mergeFields(s.fields, m.fields);
            break;
        case Op::Edit: mergeFields(s.fields, m.fields); break;
        case Op::Delete: s.cl = deletedCl(s.cl); break;
        case Op::Move: s.scope = m.scope; break;
        case Op::Restore:
            s.cl = restoredCl(s.cl);
            mergeFields(s.fields, m.fields);
            break;
        case Op::Resolve: {
            Statement kind = m_db.prepare("SELECT json_extract(doc,'$.kind') FROM conflicts WHERE id=?");
            kind.bind(1, m.conflict);
            if (kind.step() && kind.text(0) == "delete_edit" && m.take != "theirs")
                s.cl = restoredCl(s.cl);
            mergeFields(s.fields, m.fields);
            break;
        }
        }
    }
    m_db.prepare("INSERT OR REPLACE INTO overlay(id, scope, type, cl, fields) VALUES(?,?,?,?,?)")
        .bindAll(id, s.scope, s.type, s.cl, s.fields.dump())
        .run();
}

void Replica::rebuildAllOverlays()
{
    std::vector<std::string> ids;
    Statement st =
        m_db.prepare("SELECT id FROM overlay UNION SELECT record FROM outbox WHERE state IN ('saved','sent')");
    while (st.step())
        ids.push_back(st.text(0));
    for (const std::string &id : ids)
        rebuildOverlay(id);
}

} // namespace kyodo
