#include "proposalsplugin.h"

ProposalsPlugin::ProposalsPlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.Proposals"), QStringLiteral(":/Kyodo/Proposals/schema.json"))
{}
