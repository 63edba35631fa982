// 伴走支援 (Articles 10 and 3): the notes supporters write when they visit a
// citizen group, the follow-ups each visit leaves (what, by when, who) and
// the dispatch of specialist advisors. Its pages: a visit note with its
// follow-ups in one screen (the supporter's own groups first), and the list
// of follow-ups still open, soonest due first.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class AccompanimentPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "accompaniment.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    AccompanimentPlugin();
    QList<Kyodo::PluginPage> pages() const override;
};
