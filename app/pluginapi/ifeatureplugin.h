// The interface every ordinance-area plugin implements (DESIGN.md §4). A plugin
// is a Qt plugin whose JSON metadata (Id, Version, CompatVersion, Dependencies,
// Name, Article, RecordTypes) the app reads before loading it.
//
// Lifecycle, driven by the app's PluginManager in dependency order:
//   initialize(context)      its dependencies are initialized; may fail with a reason
//   extensionsInitialized()  every plugin that depends on it is initialized
//   aboutToShutdown()        in reverse order, before the app exits
#pragma once

#include "plugincontext.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtPlugin>

#include <optional>

namespace Kyodo {

// A page the plugin adds to its area's navigation.
struct PluginPage {
    QString id;
    QString titleJa;
    QString titleEn;
    QUrl url;           // qrc URL of the page's QML file in the plugin's module
    QString recordType; // the record type the page is about, if any
};

class IFeaturePlugin {
public:
    virtual ~IFeaturePlugin() = default;

    virtual std::optional<PluginError> initialize(PluginContext &context) = 0;
    virtual void extensionsInitialized() {}
    virtual void aboutToShutdown() {}

    // The URI of the plugin's QML module, e.g. "Kyodo.WardCenters".
    virtual QString qmlModuleUri() const = 0;
    virtual QList<PluginPage> pages() const = 0;
    // Record types it owns ("<plugin>.<record>"); they must be in its schema.
    virtual QStringList recordTypes() const = 0;
    // Its schema.json as shipped in its resources; the engine validates it.
    virtual QByteArray schemaJson() const = 0;
};

} // namespace Kyodo

#define KyodoFeaturePlugin_iid "jp.yokohama.kyodo.IFeaturePlugin/1.0"
Q_DECLARE_INTERFACE(Kyodo::IFeaturePlugin, KyodoFeaturePlugin_iid)
