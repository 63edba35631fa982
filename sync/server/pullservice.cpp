#include "pullservice.h"

#include "apierror.h"
#include "checksum.h"

#include <algorithm>
#include <set>

namespace kyodo::server {

void appendJsonString(std::string &out, std::string_view s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0; // copy unescaped stretches in one go
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

Result<PullRequest> pullRequestFromJson(const json &j)
{
    const auto bad = malformedRequest;
    if (!j.is_object())
        return bad("body is not an object");
    PullRequest req;
    auto id = j.find("client_id");
    if (id == j.end() || !id->is_string())
        return bad("client_id must be a string");
    req.clientId = *id;
    if (auto s = j.find("scopes"); s != j.end()) {
        if (!s->is_array())
            return bad("scopes must be an array");
        for (const json &e : *s) {
            if (!e.is_object() || !e.contains("scope") || !e["scope"].is_string())
                return bad("each scope needs a scope string");
            std::int64_t cursor = 0;
            if (e.contains("cursor")) {
                if (!e["cursor"].is_number_integer() || e["cursor"].get<std::int64_t>() < 0)
                    return bad("cursor must be a non-negative integer");
                cursor = e["cursor"];
            }
            req.cursors[e["scope"].get<std::string>()] = cursor;
        }
    }
    if (auto l = j.find("limit"); l != j.end() && !l->is_null()) {
        if (!l->is_number_integer() || l->get<std::int64_t>() < 1)
            return bad("limit must be a positive integer");
        req.limit = static_cast<int>(std::min<std::int64_t>(l->get<std::int64_t>(), kMaxPullLimit));
    }
    return req;
}

namespace {

void appendRecord(std::string &records, const StoredRecord &r, bool first)
{
    if (!first)
        records += ',';
    records += "{\"scope\":";
    appendJsonString(records, r.scope);
    records += ",\"id\":";
    appendJsonString(records, r.id);
    records += ",\"type\":";
    appendJsonString(records, r.type);
    records += ",\"cl\":" + std::to_string(r.cl) + ",\"seq\":" + std::to_string(r.seq) +
               ",\"rev\":" + std::to_string(r.rev) + ",\"doc\":";
    appendJsonString(records, r.doc);
    records += ",\"versions\":";
    appendJsonString(records, r.versions);
    records += ",\"checksum\":\"" + checksumHex(r.checksum) + "\"}";
}

} // namespace

PullReply PullService::pull(const Caller &caller, const PullRequest &req)
{
    try {
        auto tx = m_store.beginRead();
        // The first read fixes the snapshot; last_cseq is read inside it.
        std::int64_t lastCseq = 0;
        if (auto c = tx->loadClient(req.clientId); c && c->user == caller.user)
            lastCseq = c->lastCseq;

        std::set<std::string> readable;
        if (caller.admin()) {
            for (const ScopeState &s : tx->listScopes())
                readable.insert(s.scope);
            for (const auto &[scope, cursor] : req.cursors)
                if (caller.mayRead(scope))
                    readable.insert(scope); // named but still empty
        } else {
            readable.insert(caller.scopes.begin(), caller.scopes.end());
            readable.insert(caller.readScopes.begin(), caller.readScopes.end());
        }

        std::string records = "[";
        json scopes = json::array(), conflicts = json::array(), revoked = json::array(), gone = json::array();
        for (const auto &[scope, cursor] : req.cursors)
            if (!readable.count(scope))
                revoked.push_back(scope);

        int remaining = req.limit;
        std::int64_t served = 0; // records, conflicts and departures
        bool anyMore = false;
        bool firstRecord = true;
        for (const std::string &scope : readable) {
            const auto it = req.cursors.find(scope);
            const std::int64_t cursor = it == req.cursors.end() ? 0 : it->second;
            const ScopeState state = tx->scopeState(scope).value_or(ScopeState{scope, 0, 0, 0});
            std::vector<StoredRecord> rows;
            if (state.seq > cursor)
                rows = tx->changedRecords(scope, cursor, remaining + 1);
            // A page ends at `limit` records or once its records fill
            // m_pageBytes, whichever comes first; the first record of a page
            // goes however large it is, so every page moves on.
            std::size_t sent = 0;
            while (sent < rows.size() && static_cast<int>(sent) < remaining &&
                   (firstRecord || records.size() < m_pageBytes)) {
                appendRecord(records, rows[sent], firstRecord);
                firstRecord = false;
                ++sent;
            }
            const bool more = sent < rows.size();
            if (more) {
                rows.resize(sent);
                remaining = 0; // a full page: later scopes wait for the next one
            } else {
                remaining -= static_cast<int>(sent);
            }
            served += static_cast<std::int64_t>(sent);
            // With more pages the cursor stops at the last record sent;
            // otherwise it jumps to the scope's seq (conflict rows included).
            const std::int64_t newCursor =
                more ? (rows.empty() ? cursor : rows.back().seq) : std::max(cursor, state.seq);
            anyMore |= more;
            if (newCursor > cursor) {
                for (const ConflictInfo &c : tx->conflicts(scope, cursor, newCursor))
                    conflicts.push_back(conflictToJson(c));
                for (const Departure &d : tx->departures(scope, cursor, newCursor))
                    gone.push_back({{"scope", d.scope}, {"record", d.record}, {"seq", d.seq}, {"rev", d.rev}});
            }
            json entry{{"scope", scope},
                       {"cursor", newCursor},
                       {"more", more},
                       {"checkpoint",
                        {{"seq", state.seq}, {"checksum", checksumHex(state.checksum)}, {"count", state.count}}}};
            if (caller.readOnly(scope))
                entry["read_only"] = true;
            scopes.push_back(std::move(entry));
        }
        records += ']';
        served += static_cast<std::int64_t>(conflicts.size() + gone.size());

        std::string body = "{\"last_cseq\":" + std::to_string(lastCseq) + ",\"more\":" + (anyMore ? "true" : "false") +
                           ",\"scopes\":" + scopes.dump() + ",\"revoked\":" + revoked.dump() +
                           ",\"conflicts\":" + conflicts.dump() + ",\"gone\":" + gone.dump() + ",\"records\":";
        body.reserve(body.size() + records.size() + 1);
        body += records;
        body += '}';
        return {200, std::move(body), served};
    } catch (const std::exception &) {
        return {503, errorJson(unavailable()).dump()};
    }
}

} // namespace kyodo::server
