#include "accompanimentplugin.h"

AccompanimentPlugin::AccompanimentPlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.Accompaniment"), QStringLiteral(":/Kyodo/Accompaniment/schema.json"))
{}

QList<Kyodo::PluginPage> AccompanimentPlugin::pages() const
{
    return {{QStringLiteral("visit_quick_entry"), QStringLiteral("訪問記録をすばやく入力"),
             QStringLiteral("Quick visit note"), pageUrl(QStringLiteral("VisitNotePage.qml")),
             QStringLiteral("accompaniment.visit_note")},
            {QStringLiteral("follow_ups_due"), QStringLiteral("期日が近いフォローアップ"),
             QStringLiteral("Follow-ups due"), pageUrl(QStringLiteral("FollowUpsPage.qml")),
             QStringLiteral("accompaniment.follow_up")}};
}
