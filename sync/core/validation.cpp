// Validation of records and patches against the plugin schemas. Each failure
// names the field by its label in plain words, so a clerk sees which box to
// fix; the key and the exact format expected go to Error::field and
// Error::detail, where a script or a log finds them.
#include "schema.h"

#include "attachment.h"
#include "messages.h"
#include "scope.h"
#include "uuid.h"

#include <algorithm>
#include <climits>
#include <cstdint>

#include <unicode/utf8.h>

namespace kyodo {

namespace {

// A field as its messages name it: its label, or in English its key when it
// has no English label.
MessageArg label(const FieldDef &d)
{
    return MessageArg::perLanguage(d.labelJa, d.labelEn.empty() ? d.key : d.labelEn);
}

// The message, whose {1} is the field's label, about the field `d`.
Error fieldError(const FieldDef &d, Error e, const std::string &detail = {})
{
    e.field = d.key;
    e.detail = "field " + d.key + (detail.empty() ? "" : ": " + detail);
    return e;
}

// Code points in a UTF-8 string; invalid UTF-8 (overlong forms and
// surrogates too, which JSON refuses to write) yields nullopt.
std::optional<std::int64_t> utf8Length(const std::string &s)
{
    std::int64_t n = 0;
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(s.data());
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
    for (std::int32_t i = 0; i < length; ++n) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0)
            return std::nullopt;
    }
    return n;
}

bool digits(const std::string &s, size_t pos, size_t count)
{
    if (pos + count > s.size())
        return false;
    return std::all_of(s.begin() + static_cast<long>(pos), s.begin() + static_cast<long>(pos + count),
                       [](char c) { return c >= '0' && c <= '9'; });
}

int number(const std::string &s, size_t pos, size_t count) { return std::stoi(s.substr(pos, count)); }

bool validDate(const std::string &s)
{
    if (s.size() != 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2))
        return false;
    const int y = number(s, 0, 4), m = number(s, 5, 2), d = number(s, 8, 2);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

// YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]
bool validDateTime(const std::string &s)
{
    if (s.size() < 16 || !validDate(s.substr(0, 10)) || (s[10] != 'T' && s[10] != ' '))
        return false;
    if (!digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || number(s, 11, 2) > 23 || number(s, 14, 2) > 59)
        return false;
    size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        if (!digits(s, pos + 1, 2) || number(s, pos + 1, 2) > 59)
            return false;
        pos += 3;
    }
    if (pos == s.size())
        return true;
    if (s[pos] == 'Z')
        return pos + 1 == s.size();
    // An offset the world uses: -12:00 to +14:00 (one past that moves the
    // day, and the fiscal year, by more than any place is from Tokyo).
    if (s[pos] == '+' || s[pos] == '-') {
        if (s.size() != pos + 6 || !digits(s, pos + 1, 2) || s[pos + 3] != ':' || !digits(s, pos + 4, 2))
            return false;
        const int minutes = number(s, pos + 1, 2) * 60 + number(s, pos + 4, 2);
        return number(s, pos + 4, 2) <= 59 && minutes <= (s[pos] == '+' ? 14 * 60 : 12 * 60);
    }
    return false;
}

Status checkTextLength(const FieldDef &d, const std::string &text)
{
    auto len = utf8Length(text);
    if (!len)
        return fieldError(d, errorOf(Msg::FieldNotUtf8, {label(d)}));
    const std::int64_t max = d.max.value_or(d.type == FieldType::LongText ? 20000 : 500);
    if (*len > max)
        return fieldError(d, errorOf(Msg::FieldTooLong, {label(d), max, *len}));
    if (d.min && *len < *d.min)
        return fieldError(d, errorOf(Msg::FieldTooShort, {label(d), *d.min}));
    return {};
}

Status checkRange(const FieldDef &d, std::int64_t v)
{
    if (d.type == FieldType::Yen && v < 0 && !d.min)
        return fieldError(d, errorOf(Msg::FieldNegativeYen, {label(d)}));
    if (d.min && v < *d.min)
        return fieldError(d, errorOf(Msg::FieldBelowMin, {label(d), *d.min}));
    if (d.max && v > *d.max)
        return fieldError(d, errorOf(Msg::FieldAboveMax, {label(d), *d.max}));
    return {};
}

// `msg` says in plain words what the field needs; `expected` says it in a
// program's words for Error::detail.
Error wrongType(const FieldDef &d, Msg msg, const std::string &expected)
{
    return fieldError(d, errorOf(msg, {label(d)}), "expected " + expected);
}

} // namespace

Status validateFieldValue(const FieldDef &d, const json &v)
{
    if (v.is_null())
        return d.required ? Status(fieldError(d, errorOf(Msg::FieldRequired, {label(d)}))) : Status();
    switch (d.type) {
    case FieldType::Text:
    case FieldType::LongText:
        if (!v.is_string())
            return wrongType(d, Msg::FieldNeedsText, "a string");
        if (d.required && v.get_ref<const std::string &>().empty())
            return fieldError(d, errorOf(Msg::FieldRequired, {label(d)}));
        return checkTextLength(d, v);
    case FieldType::Int:
    case FieldType::Yen:
        if (!v.is_number_integer())
            return wrongType(d, d.type == FieldType::Yen ? Msg::FieldNeedsYen : Msg::FieldNeedsWholeNumber,
                             "an integer");
        return checkRange(d, v.get<std::int64_t>());
    case FieldType::Date:
        if (!v.is_string() || !validDate(v))
            return wrongType(d, Msg::FieldNeedsDate, "a date YYYY-MM-DD");
        return {};
    case FieldType::DateTime:
        if (!v.is_string() || !validDateTime(v))
            return wrongType(d, Msg::FieldNeedsDateTime, "a date and time YYYY-MM-DDTHH:MM");
        return {};
    case FieldType::Enum: {
        if (!v.is_string())
            return wrongType(d, Msg::FieldNeedsChoice, "an enum value (string)");
        for (const EnumValue &e : d.values)
            if (e.value == v.get_ref<const std::string &>())
                return {};
        std::string ja, en, values;
        for (const EnumValue &e : d.values) {
            ja += (ja.empty() ? "" : "、") + e.ja;
            en += (en.empty() ? "" : ", ") + e.en;
            values += (values.empty() ? "" : ", ") + e.value;
        }
        return fieldError(
            d, errorOf(Msg::FieldNotAChoice, {label(d), v.get<std::string>(), MessageArg::perLanguage(ja, en)}),
            "values: " + values);
    }
    case FieldType::Bool:
        if (!v.is_boolean())
            return wrongType(d, Msg::FieldNeedsYesNo, "true or false");
        return {};
    case FieldType::Ward:
        if (!v.is_string() || !findWard(v))
            return wrongType(d, Msg::FieldNeedsWard, "a ward id such as tsurumi");
        return {};
    case FieldType::Ref:
        if (!v.is_string() || !isUuid(v))
            return wrongType(d, Msg::FieldNeedsRecordLink, "a record id (UUID)");
        return {};
    case FieldType::Attachments:
        if (auto list = parseAttachments(d, v); !list)
            return list.error();
        return {};
    }
    return {};
}

Status SchemaSet::validateScope(const TypeDef &t, const std::string &scope) const
{
    auto kind = scopeKind(scope);
    if (!kind)
        return kind.error();
    if (std::find(t.scopeKinds.begin(), t.scopeKinds.end(), *kind) == t.scopeKinds.end())
        return errorOf(Msg::ScopeNotForType, {MessageArg::perLanguage(t.labelJa, t.labelEn), scope});
    return {};
}

static Error unknownType(const std::string &type) { return errorOf(Msg::UnknownRecordType, {type}); }

static Status validateFields(const TypeDef &t, const json &fields, bool nullAlwaysAllowed = false)
{
    if (!fields.is_object())
        return errorOf(Msg::FieldsNotAnObject);
    for (const auto &[key, value] : fields.items()) {
        const FieldDef *d = t.field(key);
        if (!d)
            return errorOf(Msg::UnknownField, {MessageArg::perLanguage(t.labelJa, t.labelEn), key});
        if (nullAlwaysAllowed && value.is_null())
            continue;
        if (Status st = validateFieldValue(*d, value); !st)
            return st;
    }
    return {};
}

Status SchemaSet::validateRecord(const std::string &type, const std::string &scope, const json &fields) const
{
    const TypeDef *t = this->type(type);
    if (!t)
        return unknownType(type);
    if (Status st = validateScope(*t, scope); !st)
        return st;
    if (Status st = validateFields(*t, fields); !st)
        return st;
    for (const FieldDef &d : t->fields)
        if (d.required && !fields.contains(d.key))
            return fieldError(d, errorOf(Msg::FieldRequired, {label(d)}));
    return validateComplete(type, fields);
}

Status SchemaSet::validateComplete(const std::string &type, const json &fields) const
{
    const TypeDef *t = this->type(type);
    if (!t)
        return unknownType(type);
    for (const FieldDef &d : t->fields) {
        if (d.requiredWhenField.empty())
            continue;
        const auto other = fields.find(d.requiredWhenField);
        if (other == fields.end() || !other->is_string())
            continue;
        const auto &when = d.requiredWhenValues;
        if (std::find(when.begin(), when.end(), other->get<std::string>()) == when.end())
            continue;
        const auto value = fields.find(d.key);
        if (value == fields.end() || value->is_null() || (value->is_string() && value->get<std::string>().empty())) {
            const FieldDef *o = t->field(d.requiredWhenField);
            std::string ja = other->get<std::string>(), en = ja;
            for (const EnumValue &v : o->values)
                if (v.value == ja) {
                    ja = v.ja;
                    en = v.en;
                }
            return fieldError(d,
                              errorOf(Msg::FieldRequiredWhen, {label(d), label(*o), MessageArg::perLanguage(ja, en)}));
        }
    }
    return {};
}

Status SchemaSet::validatePatch(const std::string &type, const json &fields) const
{
    const TypeDef *t = this->type(type);
    if (!t)
        return unknownType(type);
    return validateFields(*t, fields);
}

Status SchemaSet::validateSeen(const std::string &type, const json &seen) const
{
    const TypeDef *t = this->type(type);
    if (!t)
        return unknownType(type);
    return validateFields(*t, seen, true);
}

Status SchemaSet::validateVersion(const std::string &type, int version) const
{
    const TypeDef *t = this->type(type);
    if (!t)
        return unknownType(type);
    const PluginSchema *p = plugin(t->plugin);
    if (version > p->version || version < 1)
        return errorOf(Msg::UnknownSchemaVersion, {p->plugin, version, p->version});
    if (version < p->minVersion)
        return errorOf(Msg::SchemaVersionTooOld, {p->plugin, version, p->minVersion});
    return {};
}

} // namespace kyodo
