#include "ward_centersplugin.h"

QList<Kyodo::PluginPage> WardCentersPlugin::pages() const
{
    return {{QStringLiteral("quick_consultation"), QStringLiteral("相談をすばやく記録"),
             QStringLiteral("Quick consultation entry"), pageUrl(QStringLiteral("QuickEntryPage.qml")),
             QStringLiteral("ward_centers.consultation")}};
}
