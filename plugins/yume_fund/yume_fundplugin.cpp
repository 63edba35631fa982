#include "yume_fundplugin.h"

YumeFundPlugin::YumeFundPlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.YumeFund"), QStringLiteral(":/Kyodo/YumeFund/schema.json"))
{}
