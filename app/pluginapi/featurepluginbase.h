// What most ordinance-area plugins share: the schema shipped in the plugin's
// resources, its record types read from that schema, and the context kept
// from initialize(). A plugin derives from QObject and this class, adds its
// Q_PLUGIN_METADATA and its pages, and is done.
#pragma once

#include "ifeatureplugin.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Kyodo {

class FeaturePluginBase : public IFeaturePlugin {
public:
    FeaturePluginBase(QString moduleUri, QString schemaResource)
        : m_uri(std::move(moduleUri)), m_schemaResource(std::move(schemaResource))
    {}

    std::optional<PluginError> initialize(PluginContext &context) override
    {
        m_context = &context;
        if (schemaJson().isEmpty())
            return PluginError{QStringLiteral("schema.json がプラグインに含まれていません（%1）").arg(m_schemaResource),
                               QStringLiteral("schema.json is missing from the plugin (%1)").arg(m_schemaResource)};
        return std::nullopt;
    }
    QString qmlModuleUri() const override { return m_uri; }
    QList<PluginPage> pages() const override { return {}; }
    QStringList recordTypes() const override
    {
        QStringList types;
        const QJsonArray all = QJsonDocument::fromJson(schemaJson()).object().value(QLatin1String("types")).toArray();
        for (const QJsonValue &t : all)
            types << t.toObject().value(QLatin1String("id")).toString();
        return types;
    }
    QByteArray schemaJson() const override
    {
        QFile file(m_schemaResource);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

protected:
    PluginContext *context() const { return m_context; }
    // The qrc URL of one of the module's QML pages.
    QUrl pageUrl(const QString &file) const
    {
        return QUrl(QStringLiteral("qrc:/") + QString(m_uri).replace(QLatin1Char('.'), QLatin1Char('/')) +
                    QLatin1Char('/') + file);
    }

private:
    QString m_uri;
    QString m_schemaResource;
    PluginContext *m_context = nullptr;
};

} // namespace Kyodo
