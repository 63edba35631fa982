#include "trainingplugin.h"

TrainingPlugin::TrainingPlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.Training"), QStringLiteral(":/Kyodo/Training/schema.json"))
{}
