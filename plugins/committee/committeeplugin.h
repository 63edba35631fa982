// 市民協働推進委員会 (Chapter 3): meetings (第N期第M回), agenda items
// (協議事項・審議事項・報告事項), attendance and minutes; its meeting mode lets a
// member follow one meeting's agenda on a tablet, offline.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class CommitteePlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "committee.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    CommitteePlugin();
    QList<Kyodo::PluginPage> pages() const override;
};
