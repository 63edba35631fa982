#include "collaborationplugin.h"

CollaborationPlugin::CollaborationPlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.Collaboration"), QStringLiteral(":/Kyodo/Collaboration/schema.json"))
{}
