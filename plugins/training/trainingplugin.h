// 市職員の人材育成 (Article 3): the collaboration courses the city runs for its
// staff and each session with its attendance. Kept by 市民局 in the city
// scope; the generic list, form and reports serve it.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class TrainingPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "training.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    TrainingPlugin();
};
