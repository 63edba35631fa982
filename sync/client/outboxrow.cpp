#include "outboxrow.h"

#include "record.h"

#include <chrono>
#include <ctime>
#include <stdexcept>

namespace kyodo {

namespace {

// A word no version of Kyodo writes means the file was altered or damaged:
// the read fails (a storage error) rather than show a receipt that is not true.
OutboxState stateOf(const std::string &word)
{
    if (auto s = outboxStateFromString(word))
        return *s;
    throw std::runtime_error("outbox entry in unknown state '" + word + "'");
}

} // namespace

std::string nowIso()
{
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

OutboxEntry outboxEntryFromRow(const Statement &st)
{
    OutboxEntry e;
    Mutation &m = e.mutation;
    m.cseq = st.integer(0);
    m.mid = st.text(1);
    m.op = parseOp(st.text(2)).value_or(Op::Edit);
    m.record = st.text(3);
    m.type = st.text(4);
    m.scope = st.text(5);
    m.schemaVersion = static_cast<int>(st.integer(6));
    m.fields = json::parse(st.text(7));
    m.base = json::parse(st.text(8));
    m.baseCl = st.integer(9);
    m.baseRev = static_cast<std::uint64_t>(st.integer(10));
    m.hlc = static_cast<std::uint64_t>(st.integer(11));
    m.conflict = st.text(12);
    m.take = st.text(13);
    e.state = stateOf(st.text(14));
    e.result = st.text(15);
    e.code = st.text(16);
    e.messageJa = st.text(17);
    e.messageEn = st.text(18);
    e.savedAt = st.text(19);
    m.prev = json::parse(st.text(20));
    return e;
}

ViewRecord viewRecordFromRow(const Statement &st)
{
    ViewRecord v;
    v.id = st.text(0);
    v.type = st.text(1);
    v.scope = st.text(2);
    v.cl = st.integer(3);
    v.fields = json::parse(st.text(4));
    v.pending = st.integer(5) != 0;
    v.rev = static_cast<std::uint64_t>(st.integer(6));
    v.receipt = stateOf(st.text(7));
    return v;
}

void insertOutboxEntry(SqliteDb &db, const Mutation &m, OutboxState state, const std::string &savedAt)
{
    db.prepare("INSERT INTO outbox(cseq, mid, op, record, type, scope, sv, base_cl, base_rev, hlc, "
               "conflict, take, state, saved_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bindAll(m.cseq, m.mid, std::string(opName(m.op)), m.record, m.type, m.scope, m.schemaVersion, m.baseCl,
                 m.baseRev, m.hlc, m.conflict, m.take, std::string(toString(state)), savedAt)
        .run();
    db.prepare("INSERT INTO outbox_payload(cseq, fields, base, prev) VALUES(?,?,?,?)")
        .bindAll(m.cseq, canonicalJson(m.fields), canonicalJson(m.base), canonicalJson(m.prev))
        .run();
}

} // namespace kyodo
