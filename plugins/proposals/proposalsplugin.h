// 市民協働事業の提案 (Article 10) and the proposal-support model project:
// each proposal through its stages (事前相談 → 申請 → 採択/不採択 with the reason
// notified → ブラッシュアップ → 公開プレゼン → 最終選考 → 協働契約 → 実施), and
// the consultations on collaboration the city receives.
#pragma once

#include "featurepluginbase.h"

#include <QObject>

class ProposalsPlugin : public QObject, public Kyodo::FeaturePluginBase {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID KyodoFeaturePlugin_iid FILE "proposals.json")
    Q_INTERFACES(Kyodo::IFeaturePlugin)
public:
    ProposalsPlugin();
};
