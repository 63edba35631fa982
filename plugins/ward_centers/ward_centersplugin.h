// 区民活動支援センター・中間支援組織 (Articles 2–5, 16): consultations and
// activities of the 18 ward centers. Its quick-entry page lets a clerk log a
// consultation in under a minute; the generic screens serve the rest.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class WardCentersPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "ward_centers.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    WardCentersPlugin()
        : FeaturePluginBase(QStringLiteral("Kyodo.WardCenters"), QStringLiteral(":/Kyodo/WardCenters/schema.json"))
    {}
    QList<Kyodo::PluginPage> pages() const override;
};
