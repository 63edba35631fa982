#include "fieldargs.h"

#include "messages.h"

#include <charconv>

namespace kyodo {

namespace {

// A field as kyodoctl's messages name it: its label and key in Japanese,
// its key in English.
MessageArg fieldName(const FieldDef &def)
{
    return MessageArg::perLanguage("「" + def.labelJa + "」(" + def.key + ")", "'" + def.key + "'");
}

} // namespace

Result<json> parseFieldValue(const FieldDef *def, const std::string &text)
{
    if (text.empty())
        return json(); // clears the field
    if (!def)
        return json(text); // unknown field: validation names it precisely
    switch (def->type) {
    case FieldType::Int:
    case FieldType::Yen: {
        // Clerks write amounts as 12,000 or 12,000円; both mean 12000.
        std::string digits = text;
        for (const std::string noise : {",", "円", "¥"})
            for (size_t at; (at = digits.find(noise)) != std::string::npos;)
                digits.erase(at, noise.size());
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || end != digits.data() + digits.size())
            return errorOf(Msg::FieldArgNeedsInteger, {fieldName(*def), text});
        return json(v);
    }
    case FieldType::Bool:
        if (text == "true" || text == "yes" || text == "はい" || text == "1")
            return json(true);
        if (text == "false" || text == "no" || text == "いいえ" || text == "0")
            return json(false);
        return errorOf(Msg::FieldArgNeedsBool, {fieldName(*def), text});
    default: return json(text);
    }
}

Result<json> parseFieldArgs(const TypeDef *type, const std::vector<std::string> &words)
{
    json fields = json::object();
    for (const std::string &w : words) {
        const auto eq = w.find('=');
        if (eq == std::string::npos || eq == 0)
            return errorOf(Msg::FieldArgNotKeyValue, {w});
        const std::string key = w.substr(0, eq);
        auto value = parseFieldValue(type ? type->field(key) : nullptr, w.substr(eq + 1));
        if (!value)
            return value.error();
        fields[key] = *value;
    }
    return fields;
}

} // namespace kyodo
