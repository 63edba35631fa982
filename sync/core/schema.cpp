#include "schema.h"

#include "messages.h"
#include "scope.h"

#include "attachment.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace kyodo {

namespace {

Error schemaError(const std::string &origin, const std::string &what)
{
    return errorOf(Msg::InvalidSchema, {origin, what});
}

std::optional<FieldType> parseFieldType(const std::string &name)
{
    static const std::map<std::string, FieldType> names = {
        {"text", FieldType::Text},
        {"longtext", FieldType::LongText},
        {"int", FieldType::Int},
        {"yen", FieldType::Yen},
        {"date", FieldType::Date},
        {"datetime", FieldType::DateTime},
        {"enum", FieldType::Enum},
        {"bool", FieldType::Bool},
        {"ward", FieldType::Ward},
        {"ref", FieldType::Ref},
        {"attachments", FieldType::Attachments},
    };
    auto it = names.find(name);
    if (it == names.end())
        return std::nullopt;
    return it->second;
}

std::string str(const json &obj, const char *key)
{
    auto it = obj.find(key);
    return (it != obj.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

Status parseAttachmentRules(const json &f, const std::string &at, FieldDef &d)
{
    if (!f.contains("accept") || !f["accept"].is_array() || f["accept"].empty())
        return schemaError(at, "attachments need \"accept\": the media types taken, e.g. [\"image/*\"]");
    for (const json &m : f["accept"]) {
        if (!m.is_string() || m.get<std::string>().find('/') == std::string::npos)
            return schemaError(at, "accept lists media types such as image/* or application/pdf");
        d.accept.push_back(m.get<std::string>());
    }
    if (!f.contains("max_mb") || !f["max_mb"].is_number_integer() || f["max_mb"].get<std::int64_t>() < 1 ||
        f["max_mb"].get<std::int64_t>() > kMaxAttachmentMb)
        return schemaError(at, "attachments need max_mb, from 1 to " + std::to_string(kMaxAttachmentMb));
    d.maxBytes = f["max_mb"].get<std::int64_t>() * 1024 * 1024;
    d.keepLocation = f.value("keep_location", false);
    d.prefetchBefore = str(f, "prefetch_before");
    return {};
}

Result<FieldDef> parseField(const json &f, const std::string &where)
{
    if (!f.is_object())
        return schemaError(where, "field is not an object");
    FieldDef d;
    d.key = str(f, "key");
    if (d.key.empty())
        return schemaError(where, "field without key");
    // Keys name JSON paths in the SQL of reports and checks: plain names only.
    const auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
    if (!(d.key[0] >= 'a' && d.key[0] <= 'z') || !std::all_of(d.key.begin(), d.key.end(), plain))
        return schemaError(where, "field key '" + d.key + "' must be lowercase letters, digits and _");
    const std::string at = where + "." + d.key;
    auto type = parseFieldType(str(f, "type"));
    if (!type)
        return schemaError(at, "unknown field type '" + str(f, "type") + "'");
    d.type = *type;
    const std::string mode = f.contains("conflict") ? str(f, "conflict") : "lww";
    if (mode == "lww")
        d.conflict = ConflictMode::Lww;
    else if (mode == "flag")
        d.conflict = ConflictMode::Flag;
    else
        return schemaError(at, "conflict must be lww or flag");
    if (f.contains("required") && !f["required"].is_boolean())
        return schemaError(at, "required must be true or false");
    d.required = f.contains("required") && f["required"].get<bool>();
    if (f.contains("label")) {
        d.labelJa = str(f["label"], "ja");
        d.labelEn = str(f["label"], "en");
    }
    if (d.labelJa.empty() || d.labelEn.empty())
        return schemaError(at, "label needs ja and en");
    for (const char *k : {"min", "max"}) {
        if (!f.contains(k))
            continue;
        if (!f[k].is_number_integer())
            return schemaError(at, std::string(k) + " must be an integer");
        (k[1] == 'i' ? d.min : d.max) = f[k].get<std::int64_t>();
    }
    if (d.type == FieldType::Enum) {
        if (!f.contains("values") || !f["values"].is_array() || f["values"].empty())
            return schemaError(at, "enum needs values");
        for (const json &v : f["values"]) {
            EnumValue ev{str(v, "value"), str(v, "ja"), str(v, "en")};
            if (ev.value.empty() || ev.ja.empty() || ev.en.empty())
                return schemaError(at, "enum value needs value, ja and en");
            d.values.push_back(ev);
        }
    }
    d.refType = str(f, "ref");
    if (f.contains("required_when")) {
        const json &w = f["required_when"];
        if (!w.is_object() || !w.contains("field") || !w["field"].is_string() || !w.contains("values") ||
            !w["values"].is_array() || w["values"].empty())
            return schemaError(at, "required_when needs a field and a list of values");
        d.requiredWhenField = w["field"].get<std::string>();
        for (const json &v : w["values"]) {
            if (!v.is_string())
                return schemaError(at, "required_when values must be strings");
            d.requiredWhenValues.push_back(v.get<std::string>());
        }
    }
    if (d.type == FieldType::Attachments) {
        if (Status st = parseAttachmentRules(f, at, d); !st)
            return st.error();
    }
    return d;
}

// A date of the record ("held_on") or of the record a ref field points to
// ("meeting.held_on", checked against the target when the files are planned).
bool prefetchDateKnown(const TypeDef &t, const std::string &path)
{
    const auto dot = path.find('.');
    const FieldDef *f = t.field(path.substr(0, dot));
    if (!f)
        return false;
    if (dot != std::string::npos)
        return f->type == FieldType::Ref && dot + 1 < path.size();
    return f->type == FieldType::Date || f->type == FieldType::DateTime;
}

Result<TypeDef> parseType(const json &t, const std::string &plugin, const std::string &origin)
{
    TypeDef d;
    d.plugin = plugin;
    d.id = str(t, "id");
    if (d.id.rfind(plugin + ".", 0) != 0 || d.id.size() <= plugin.size() + 1)
        return schemaError(origin, "type id '" + d.id + "' must be '" + plugin + ".<record>'");
    if (t.contains("label")) {
        d.labelJa = str(t["label"], "ja");
        d.labelEn = str(t["label"], "en");
    }
    if (d.labelJa.empty() || d.labelEn.empty())
        return schemaError(d.id, "label needs ja and en");
    if (!t.contains("scopes") || !t["scopes"].is_array() || t["scopes"].empty())
        return schemaError(d.id, "scopes must list at least one scope kind");
    for (const json &s : t["scopes"]) {
        const std::string kind = s.is_string() ? s.get<std::string>() : "";
        if (kind != "ward" && kind != "group" && kind != "committee" && kind != "city")
            return schemaError(d.id, "unknown scope kind '" + kind + "'");
        d.scopeKinds.push_back(kind);
    }
    if (!t.contains("fields") || !t["fields"].is_array())
        return schemaError(d.id, "fields must be an array");
    for (const json &f : t["fields"]) {
        auto field = parseField(f, d.id);
        if (!field)
            return field.error();
        if (d.field(field->key))
            return schemaError(d.id, "duplicate field '" + field->key + "'");
        d.fields.push_back(std::move(field.value()));
    }
    for (const FieldDef &f : d.fields) {
        if (!f.prefetchBefore.empty() && !prefetchDateKnown(d, f.prefetchBefore))
            return schemaError(d.id + "." + f.key,
                               "prefetch_before names neither a date field nor <ref field>.<date field> of the type");
        if (!f.requiredWhenField.empty() && !d.field(f.requiredWhenField))
            return schemaError(d.id + "." + f.key, "required_when names unknown field '" + f.requiredWhenField + "'");
    }
    if (t.contains("unique")) {
        if (!t["unique"].is_array() || t["unique"].empty())
            return schemaError(d.id, "unique must list the fields that together name one record");
        for (const json &k : t["unique"]) {
            if (!k.is_string() || !d.field(k.get<std::string>()))
                return schemaError(d.id, "unique names an unknown field");
            d.unique.push_back(k.get<std::string>());
        }
    }
    d.title = str(t, "title");
    if (!d.title.empty() && !d.field(d.title))
        return schemaError(d.id, "title names unknown field '" + d.title + "'");
    if (t.contains("list") && t["list"].is_array())
        for (const json &k : t["list"]) {
            if (!k.is_string() || !d.field(k.get<std::string>()))
                return schemaError(d.id, "list names an unknown field");
            d.list.push_back(k);
        }
    return d;
}

} // namespace

const char *fieldTypeName(FieldType t)
{
    switch (t) {
    case FieldType::Text: return "text";
    case FieldType::LongText: return "longtext";
    case FieldType::Int: return "int";
    case FieldType::Yen: return "yen";
    case FieldType::Date: return "date";
    case FieldType::DateTime: return "datetime";
    case FieldType::Enum: return "enum";
    case FieldType::Bool: return "bool";
    case FieldType::Ward: return "ward";
    case FieldType::Ref: return "ref";
    case FieldType::Attachments: return "attachments";
    }
    return "?";
}

const FieldDef *TypeDef::field(const std::string &key) const
{
    for (const FieldDef &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

Status SchemaSet::add(const json &s, const std::string &origin)
{
    // A schema comes from a plugin or from the server: whatever shape it has,
    // the answer is an error naming it, never an exception out of here.
    try {
        return addChecked(s, origin);
    } catch (const json::exception &e) {
        return schemaError(origin, std::string("malformed: ") + e.what());
    }
}

Status SchemaSet::addChecked(const json &s, const std::string &origin)
{
    if (!s.is_object())
        return schemaError(origin, "not a JSON object");
    PluginSchema p;
    p.plugin = str(s, "plugin");
    if (p.plugin.empty())
        return schemaError(origin, "missing plugin");
    if (!s.contains("version") || !s["version"].is_number_integer() || s["version"].get<int>() < 1)
        return schemaError(origin, "version must be a positive integer");
    p.version = s["version"];
    if (s.contains("min_version")) {
        if (!s["min_version"].is_number_integer() || s["min_version"].get<int>() < 1 ||
            s["min_version"].get<int>() > p.version)
            return schemaError(origin, "min_version must be an integer from 1 to version");
        p.minVersion = s["min_version"];
    }
    if (m_plugins.count(p.plugin))
        return schemaError(origin, "plugin '" + p.plugin + "' defined twice");
    if (!s.contains("types") || !s["types"].is_array())
        return schemaError(origin, "types must be an array");
    for (const json &t : s["types"]) {
        auto type = parseType(t, p.plugin, origin);
        if (!type)
            return type.error();
        for (const TypeDef &other : p.types)
            if (other.id == type->id)
                return schemaError(origin, "type '" + type->id + "' defined twice");
        p.types.push_back(std::move(type.value()));
    }
    if (s.contains("reports")) {
        if (!s["reports"].is_array())
            return schemaError(origin, "reports must be an array");
        for (const json &r : s["reports"]) {
            // A report may count another plugin's records if that plugin loaded first.
            const std::string typeId = reportTypeOf(r);
            const TypeDef *type = nullptr;
            for (const TypeDef &t : p.types)
                if (t.id == typeId)
                    type = &t;
            if (!type)
                type = this->type(typeId);
            auto report = parseReport(r, p.plugin, type);
            if (!report)
                return report.error();
            p.reports.push_back(std::move(report.value()));
        }
    }
    p.source = s;
    m_plugins.emplace(p.plugin, std::move(p));
    reindex();
    return {};
}

void SchemaSet::reindex()
{
    m_types.clear();
    for (const auto &[name, p] : m_plugins)
        for (const TypeDef &t : p.types)
            m_types[t.id] = &t;
}

Result<SchemaSet> SchemaSet::loadDirectory(const std::string &dir)
{
    namespace fs = std::filesystem;
    SchemaSet set;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return errorOf(Msg::SchemaDirMissing, {dir});
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
        fs::path file = entry.path() / "schema.json";
        if (entry.is_directory() && fs::exists(file))
            files.push_back(file);
    }
    std::sort(files.begin(), files.end());
    for (const fs::path &file : files) {
        std::ifstream in(file);
        json s = json::parse(in, nullptr, false);
        if (s.is_discarded())
            return schemaError(file.string(), "not valid JSON");
        if (Status st = set.add(s, file.string()); !st)
            return st.error();
    }
    return set;
}

Result<SchemaSet> SchemaSet::fromJson(const json &schemas)
{
    SchemaSet set;
    if (!schemas.is_array())
        return schemaError("(schemas)", "not an array");
    for (const json &s : schemas)
        if (Status st = set.add(s, "(" + str(s, "plugin") + ")"); !st)
            return st.error();
    return set;
}

json SchemaSet::toJson() const
{
    json out = json::array();
    for (const auto &[name, p] : m_plugins)
        out.push_back(p.source);
    return out;
}

const ReportDef *SchemaSet::report(const std::string &id) const
{
    for (const auto &[name, p] : m_plugins)
        for (const ReportDef &r : p.reports)
            if (r.id == id)
                return &r;
    return nullptr;
}

std::vector<const ReportDef *> SchemaSet::reports() const
{
    std::vector<const ReportDef *> out;
    for (const auto &[name, p] : m_plugins)
        for (const ReportDef &r : p.reports)
            out.push_back(&r);
    return out;
}

const TypeDef *SchemaSet::type(const std::string &id) const
{
    auto it = m_types.find(id);
    return it == m_types.end() ? nullptr : it->second;
}

const PluginSchema *SchemaSet::plugin(const std::string &id) const
{
    auto it = m_plugins.find(id);
    return it == m_plugins.end() ? nullptr : &it->second;
}

} // namespace kyodo
