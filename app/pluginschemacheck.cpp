#include "pluginschemacheck.h"

#include "language.h"

#include "jsondepth.h"

namespace Kyodo {

std::optional<PluginError> PluginSchemaCheck::operator()(const PluginSpec &spec, const QByteArray &text)
{
    const std::string raw = text.toStdString();
    const kyodo::json schema = kyodo::jsonNestingWithin(raw) ? kyodo::json::parse(raw, nullptr, false)
                                                             : kyodo::json(kyodo::json::value_t::discarded);
    if (schema.is_discarded() || !schema.is_object())
        return PluginError{QStringLiteral("schema.json が JSON として読めません"),
                           QStringLiteral("schema.json is not valid JSON")};
    if (schema.value("plugin", "") != spec.id().toStdString())
        return PluginError{QStringLiteral("schema.json の plugin が Id（%1）と一致しません").arg(spec.id()),
                           QStringLiteral("schema.json names a different plugin than Id (%1)").arg(spec.id())};
    kyodo::SchemaSet trial = m_accepted;
    if (kyodo::Status st = trial.add(schema, spec.id().toStdString() + "/schema.json"); !st)
        return PluginError{QStringLiteral("スキーマが不正です: %1").arg(fromStd(st.error().messageJa)),
                           QStringLiteral("The schema is invalid: %1").arg(fromStd(st.error().messageEn))};
    for (const QString &type : spec.recordTypes())
        if (!trial.type(type.toStdString()))
            return PluginError{QStringLiteral("記録種別 %1 がスキーマにありません").arg(type),
                               QStringLiteral("Record type %1 is not in the schema").arg(type)};
    m_accepted = std::move(trial);
    return std::nullopt;
}

} // namespace Kyodo
