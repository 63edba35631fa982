// よこはま夢ファンド (市民活動推進基金, Article 6): registered groups,
// donations (designated to a group or a field, or not) and the two grants
// (登録団体助成金, 組織基盤強化助成金). Kept by 市民局 in the city scope; the
// generic list, form and reports serve it.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class YumeFundPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "yume_fund.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    YumeFundPlugin();
};
