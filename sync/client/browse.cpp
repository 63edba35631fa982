// Reads behind the app's list screens, record history and drafts. A list of
// 100,000 records is an ordered list of ids (one query) plus rows read by id
// as they come into view, so no screen ever holds every document at once.
#include "outboxrow.h"
#include "replica.h"

#include <algorithm>
#include <unordered_map>

namespace kyodo {
namespace {

// JSON path of one field; keys are schema identifiers, quoted for safety.
std::string fieldPath(const std::string &key)
{
    std::string quoted;
    for (char c : key)
        if (c != '"' && c != '\\')
            quoted += c;
    return "$.\"" + quoted + "\"";
}

// Outbox entries whose `column` (record or state, both indexed) has `value`, oldest first.
Result<std::vector<OutboxEntry>> outboxWhere(SqliteDb &db, const char *column, const std::string &value)
{
    try {
        Statement st =
            db.prepare(std::string("SELECT ") + kOutboxColumns + kOutboxFrom + " WHERE " + column + "=? ORDER BY cseq");
        st.bind(1, value);
        std::vector<OutboxEntry> out;
        while (st.step())
            out.push_back(outboxEntryFromRow(st));
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

} // namespace

Result<std::vector<std::string>> Replica::listIds(const ListQuery &q)
{
    try {
        std::string sql = "SELECT v.id FROM record_view v"
                          " WHERE (?1='' OR v.type=?1) AND (?2='' OR v.scope=?2) AND (?3 OR v.cl % 2 = 1)"
                          " AND (?4='' OR EXISTS (SELECT 1 FROM json_each(v.fields) f"
                          "                        WHERE instr(lower(kyodo_fold(f.value)), lower(kyodo_fold(?4))) > 0))"
                          " AND (?6=0 OR kyodo_fiscal_year(json_extract(v.fields, ?5)) = ?6)"
                          " AND (?8 = '' OR json_extract(v.fields, ?9) = ?8)";
        const char *direction = q.descending ? " DESC" : "";
        if (q.sortField.empty())
            sql += std::string(" ORDER BY v.id") + (q.descending ? "" : " DESC"); // ids are time-ordered: newest first
        else
            sql += " ORDER BY json_extract(v.fields, ?7)" + std::string(direction) + ", v.id DESC";
        Statement st = m_db.prepare(sql);
        st.bindAll(q.type, q.scope, q.includeDeleted ? 1 : 0, q.search, fieldPath(q.dateField),
                   static_cast<std::int64_t>(q.fiscalYear));
        st.bind(7, fieldPath(q.sortField));
        st.bind(8, q.filterField.empty() ? std::string() : q.filterValue);
        st.bind(9, fieldPath(q.filterField));
        std::vector<std::string> ids;
        while (st.step())
            ids.push_back(st.text(0));
        return ids;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<ViewRecord>> Replica::getMany(const std::vector<std::string> &ids)
{
    if (ids.empty())
        return std::vector<ViewRecord>{};
    try {
        // One placeholder per id: SQLite pushes a plain IN list into the view's
        // two halves (an index look-up each), but not IN (SELECT …), which would
        // scan every record. The statement is cached per page size.
        constexpr size_t kChunk = 500; // well under SQLite's limit on parameters
        std::unordered_map<std::string, ViewRecord> found;
        for (size_t first = 0; first < ids.size(); first += kChunk) {
            const size_t n = std::min(kChunk, ids.size() - first);
            std::string placeholders(n * 2 - 1, ',');
            for (size_t i = 0; i < n; ++i)
                placeholders[i * 2] = '?';
            Statement st = m_db.prepare(std::string(kViewSelect) + " WHERE v.id IN (" + placeholders + ")");
            for (size_t i = 0; i < n; ++i)
                st.bind(static_cast<int>(i + 1), ids[first + i]);
            while (st.step()) {
                ViewRecord v = viewRecordFromRow(st);
                found.emplace(v.id, std::move(v));
            }
        }
        std::vector<ViewRecord> out;
        out.reserve(ids.size());
        for (const auto &id : ids) {
            auto it = found.find(id);
            if (it != found.end())
                out.push_back(std::move(it->second));
        }
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<OutboxEntry>> Replica::history(const std::string &recordId)
{
    return outboxWhere(m_db, "record", recordId);
}

Result<std::vector<OutboxEntry>> Replica::outboxInState(OutboxState state)
{
    return outboxWhere(m_db, "state", std::string(toString(state)));
}

Result<std::int64_t> Replica::countInState(OutboxState state)
{
    try {
        Statement st = m_db.prepare("SELECT count(*) FROM outbox WHERE state=?");
        st.bind(1, std::string(toString(state)));
        return st.step() ? st.integer(0) : 0;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<std::string>> Replica::pendingResolutions()
{
    try {
        Statement st = m_db.prepare("SELECT conflict FROM outbox WHERE state IN ('saved','sent') AND op='resolve'");
        std::vector<std::string> out;
        while (st.step())
            out.push_back(st.text(0));
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::saveDraft(const Draft &d)
{
    try {
        Statement st = m_db.prepare("INSERT INTO drafts(key, type, scope, record, fields, updated_at)"
                                    " VALUES(?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
                                    " type=excluded.type, scope=excluded.scope, record=excluded.record,"
                                    " fields=excluded.fields, updated_at=excluded.updated_at");
        st.bindAll(d.key, d.type, d.scope, d.record, d.fields.dump(), nowIso());
        st.run();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<Draft>> Replica::drafts()
{
    try {
        Statement st = m_db.prepare("SELECT key, type, scope, record, fields, updated_at FROM drafts"
                                    " ORDER BY updated_at DESC");
        std::vector<Draft> out;
        while (st.step())
            out.push_back(Draft{st.text(0), st.text(1), st.text(2), st.text(3), json::parse(st.text(4)), st.text(5)});
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::discardDraft(const std::string &key)
{
    try {
        Statement st = m_db.prepare("DELETE FROM drafts WHERE key=?");
        st.bind(1, key);
        st.run();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

std::optional<Replica::RefTarget> Replica::refTarget(const json &value, const std::string &refType)
{
    if (!value.is_string())
        return std::nullopt;
    auto found = get(value.get<std::string>());
    const SchemaSet *set = schemas();
    if (!found || !*found || !set)
        return std::nullopt;
    const TypeDef *type = set->type((*found)->type);
    if (!type || (!refType.empty() && type->id != refType))
        return std::nullopt;
    return RefTarget{std::move(**found), type};
}

} // namespace kyodo
