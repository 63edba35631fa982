// The plugin schemas (plugins/<area>/schema.json, DESIGN.md §2): record types,
// their fields and limits. The same files drive the app's forms and the
// server's validation of every incoming change, so both refuse the same input
// with the same error code and message.
#pragma once

#include "report.h"
#include "result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kyodo {

using json = nlohmann::json;

enum class FieldType { Text, LongText, Int, Yen, Date, DateTime, Enum, Bool, Ward, Ref, Attachments };
enum class ConflictMode { Lww, Flag };

struct EnumValue {
    std::string value;
    std::string ja;
    std::string en;
};

struct FieldDef {
    std::string key;
    FieldType type = FieldType::Text;
    ConflictMode conflict = ConflictMode::Lww;
    bool required = false;
    std::string labelJa;
    std::string labelEn;
    std::optional<std::int64_t> min; // characters for text, value for numbers
    std::optional<std::int64_t> max;
    std::vector<EnumValue> values;
    std::string refType; // for ref: the record type it points to, if fixed
    // Required only while another field holds one of these values
    // ("required_when": {"field": "status", "values": ["signed", "ended"]}):
    // a contract 協議中 has no signing date yet, a signed one must.
    std::string requiredWhenField;
    std::vector<std::string> requiredWhenValues;
    // For attachments (attachment.h): the media types taken ("image/*",
    // "application/pdf"), the largest file in bytes, whether a photo keeps
    // where it was taken (stripped otherwise), and a date field of the same
    // record: the files are fetched whole ahead of that day (meeting papers).
    std::vector<std::string> accept;
    std::int64_t maxBytes = 0;
    bool keepLocation = false;
    std::string prefetchBefore;
};

struct TypeDef {
    std::string id; // "<plugin>.<record>"
    std::string plugin;
    std::string labelJa;
    std::string labelEn;
    std::vector<std::string> scopeKinds;
    std::string title;
    std::vector<std::string> list;
    std::vector<FieldDef> fields;
    // Fields whose values together name one record (a meeting's 期 and 回):
    // a second live record with the same values is refused on the device.
    std::vector<std::string> unique;

    const FieldDef *field(const std::string &key) const;
};

struct PluginSchema {
    std::string plugin;
    int version = 0;
    // The oldest version whose changes the server still takes ("min_version",
    // default 1): raised when an older form would write what no longer fits.
    int minVersion = 1;
    std::vector<TypeDef> types;
    std::vector<ReportDef> reports;
    json source; // the file as read, served to devices by GET /v1/schemas
};

const char *fieldTypeName(FieldType type);

class SchemaSet {
public:
    SchemaSet() = default;
    // Copies re-point the type index at their own plugins; moves keep the map nodes.
    SchemaSet(const SchemaSet &other) : m_plugins(other.m_plugins) { reindex(); }
    SchemaSet &operator=(const SchemaSet &other)
    {
        m_plugins = other.m_plugins;
        reindex();
        return *this;
    }
    SchemaSet(SchemaSet &&) noexcept = default;
    SchemaSet &operator=(SchemaSet &&) noexcept = default;

    // Reads every plugins/*/schema.json under `pluginsDir`.
    static Result<SchemaSet> loadDirectory(const std::string &pluginsDir);
    // Builds from the JSON array served by GET /v1/schemas (or kept by a device).
    static Result<SchemaSet> fromJson(const json &schemas);

    Status add(const json &schemaFile, const std::string &origin);

    const TypeDef *type(const std::string &id) const;
    const PluginSchema *plugin(const std::string &id) const;
    const ReportDef *report(const std::string &id) const;
    std::vector<const ReportDef *> reports() const; // every plugin's, by id
    const std::map<std::string, PluginSchema> &plugins() const { return m_plugins; }
    json toJson() const;

    // A whole new record: known type, allowed scope, every field valid, required present.
    Status validateRecord(const std::string &type, const std::string &scope, const json &fields) const;
    // Some fields of an existing record: known fields, valid values, no required field cleared.
    Status validatePatch(const std::string &type, const json &fields) const;
    // The whole record as it will read after a change: what required_when asks.
    Status validateComplete(const std::string &type, const json &fields) const;
    // What an editor saw of some fields (an edit's `prev`): known fields and
    // valid values, where null (nothing there yet) is always allowed.
    Status validateSeen(const std::string &type, const json &seen) const;
    // The scope may hold records of this type.
    Status validateScope(const TypeDef &type, const std::string &scope) const;
    // A mutation made with schema version `version` of the type's plugin.
    Status validateVersion(const std::string &type, int version) const;

private:
    Status addChecked(const json &schema, const std::string &origin);
    std::map<std::string, PluginSchema> m_plugins;
    std::map<std::string, const TypeDef *> m_types;
    void reindex();
};

// One field value against its definition; null means "empty".
Status validateFieldValue(const FieldDef &def, const json &value);

} // namespace kyodo
