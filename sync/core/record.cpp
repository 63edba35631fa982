#include "record.h"

#include "messages.h"

namespace kyodo {

json recordToDoc(const Record &r)
{
    return json{{"id", r.id}, {"type", r.type}, {"scope", r.scope}, {"cl", r.cl}, {"fields", r.fields}};
}

std::string canonicalDoc(const Record &r)
{
    // Byte for byte canonicalJson(recordToDoc(r)) (keys in sorted order), without
    // copying the fields into a temporary document: this runs for every record
    // the server writes.
    std::string out;
    out.reserve(256);
    out.append("{\"cl\":").append(std::to_string(r.cl)).append(",\"fields\":");
    appendCanonicalJson(out, r.fields);
    out.append(",\"id\":");
    appendCanonicalJson(out, r.id);
    out.append(",\"scope\":");
    appendCanonicalJson(out, r.scope);
    out.append(",\"type\":");
    appendCanonicalJson(out, r.type);
    out.push_back('}');
    return out;
}

Result<Record> recordFromDoc(const json &doc)
{
    auto bad = [](const std::string &what) { return errorOf(Msg::MalformedRecord, {what}); };
    if (!doc.is_object())
        return bad("not an object");
    Record r;
    if (!doc.contains("id") || !doc["id"].is_string())
        return bad("id");
    if (!doc.contains("type") || !doc["type"].is_string())
        return bad("type");
    if (!doc.contains("scope") || !doc["scope"].is_string())
        return bad("scope");
    if (!doc.contains("fields") || !doc["fields"].is_object())
        return bad("fields");
    r.id = doc["id"];
    r.type = doc["type"];
    r.scope = doc["scope"];
    r.fields = doc["fields"];
    if (doc.contains("cl")) {
        if (!doc["cl"].is_number_integer() || doc["cl"].get<std::int64_t>() < 1)
            return bad("cl");
        r.cl = doc["cl"];
    }
    return r;
}

} // namespace kyodo
