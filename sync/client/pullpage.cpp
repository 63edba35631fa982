#include "pullpage.h"

#include "checksum.h"
#include "jsondepth.h"
#include "messages.h"
#include "transport.h"

namespace kyodo {

namespace {

Error malformed() { return errorOf(Msg::MalformedPullResponse); }

std::string takeString(json &v)
{
    return std::move(v.get_ref<std::string &>()); // throws json::type_error unless a string
}

// SAX events of a pull answer up to its top-level "records" key.
class HeadReader {
public:
    PullPageHead head;
    bool sawMore = false, sawScopes = false, reachedRecords = false;

    bool null() { return true; }
    bool boolean(bool v)
    {
        if (m_depth == 1 && m_topKey == "more") {
            head.more = v;
            sawMore = true;
        }
        return true;
    }
    bool number_integer(json::number_integer_t v) { return number(v); }
    bool number_unsigned(json::number_unsigned_t v)
    {
        // A cursor past int64 is not one; the full parse rejects the page.
        return v > std::uint64_t(INT64_MAX) ? true : number(static_cast<std::int64_t>(v));
    }
    bool number_float(json::number_float_t, const std::string &) { return true; }
    bool string(std::string &v)
    {
        if (inScopeEntry() && m_key == "scope")
            m_entry.scope = std::move(v);
        return true;
    }
    bool binary(json::binary_t &) { return false; }
    bool start_object(std::size_t)
    {
        ++m_depth;
        if (inScopeEntry())
            m_entry = {};
        return true;
    }
    bool start_array(std::size_t)
    {
        if (m_depth == 1 && m_topKey == "scopes")
            sawScopes = true;
        ++m_depth;
        return true;
    }
    bool end_object()
    {
        if (inScopeEntry())
            head.next.push_back(std::move(m_entry));
        --m_depth;
        return true;
    }
    bool end_array()
    {
        --m_depth;
        return true;
    }
    bool key(std::string &k)
    {
        if (m_depth == 1) {
            m_topKey = k;
            reachedRecords = k == "records";
            return !reachedRecords; // the rest is what the full parse is for
        }
        if (inScopeEntry())
            m_key = k;
        return true;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) { return false; }

private:
    // Directly inside one object of the top-level "scopes" array.
    bool inScopeEntry() const { return m_depth == 3 && m_topKey == "scopes"; }
    bool number(std::int64_t v)
    {
        if (inScopeEntry() && m_key == "cursor")
            m_entry.cursor = v;
        return true;
    }

    int m_depth = 0;
    std::string m_topKey, m_key;
    ScopeCursor m_entry;
};

} // namespace

Result<PullPage> parsePullPage(std::string body)
{
    json j = jsonNestingWithin(body) ? json::parse(body, nullptr, false) : json(json::value_t::discarded);
    body = {};
    if (j.is_discarded() || !j.is_object())
        return Transport::unreadableResponse();
    PullPage p;
    try {
        p.lastCseq = j.at("last_cseq").get<std::int64_t>();
        p.more = j.at("more").get<bool>();
        for (const json &s : j.at("scopes")) {
            const json &cp = s.at("checkpoint");
            auto sum = parseChecksumHex(cp.at("checksum").get<std::string>());
            if (!sum)
                return malformed();
            p.checkpoints.push_back({s.at("scope"), cp.at("seq"), *sum, cp.at("count"), s.value("read_only", false)});
            p.next.push_back({s.at("scope"), s.at("cursor")});
        }
        json &records = j.at("records");
        p.records.reserve(records.size());
        for (json &r : records)
            p.records.push_back({takeString(r.at("scope")), takeString(r.at("id")), takeString(r.at("type")),
                                 r.at("cl"), r.at("seq"), r.at("rev"), takeString(r.at("doc")),
                                 takeString(r.at("versions"))});
        for (const json &c : j.value("conflicts", json::array())) {
            auto info = conflictFromJson(c);
            if (!info)
                return info.error();
            p.conflicts.push_back(std::move(info.value()));
        }
        for (const json &g : j.value("gone", json::array()))
            p.gone.push_back({g.at("scope"), g.at("record"), g.at("rev")});
        for (const json &s : j.value("revoked", json::array()))
            p.revoked.push_back(s);
    } catch (const json::exception &) {
        return malformed();
    }
    return p;
}

std::optional<PullPageHead> readPullPageHead(const std::string &body)
{
    HeadReader reader;
    json::sax_parse(body.begin(), body.end(), &reader);
    if (!reader.reachedRecords || !reader.sawMore || !reader.sawScopes)
        return std::nullopt;
    return reader.head;
}

} // namespace kyodo
