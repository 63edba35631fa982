#include "ward_centersplugin.h"

#include <QFile>

std::optional<Kyodo::PluginError> WardCentersPlugin::initialize(Kyodo::PluginContext &context)
{
    m_context = &context;
    if (schemaJson().isEmpty())
        return Kyodo::PluginError{QStringLiteral("schema.json がプラグインに含まれていません"),
                                  QStringLiteral("schema.json is missing from the plugin")};
    return std::nullopt;
}

QList<Kyodo::PluginPage> WardCentersPlugin::pages() const
{
    return {{QStringLiteral("quick_consultation"), QStringLiteral("相談をすばやく記録"),
             QStringLiteral("Quick consultation entry"),
             QUrl(QStringLiteral("qrc:/Kyodo/WardCenters/QuickEntryPage.qml")),
             QStringLiteral("ward_centers.consultation")}};
}

QStringList WardCentersPlugin::recordTypes() const
{
    return {QStringLiteral("ward_centers.consultation"), QStringLiteral("ward_centers.activity")};
}

QByteArray WardCentersPlugin::schemaJson() const
{
    QFile file(QStringLiteral(":/Kyodo/WardCenters/schema.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
