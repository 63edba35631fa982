// 協働事業・協働契約 (Article 12): the collaboration projects of each year,
// their contracts on the four templates (委託, 負担金, 補助, 共催) and the
// mutual evaluation; the projects proposed by citizens under Article 10 are
// marked, for the city's yearly tables.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class CollaborationPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "collaboration.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    CollaborationPlugin();
};
