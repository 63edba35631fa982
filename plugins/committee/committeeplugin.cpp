#include "committeeplugin.h"

CommitteePlugin::CommitteePlugin()
    : FeaturePluginBase(QStringLiteral("Kyodo.Committee"), QStringLiteral(":/Kyodo/Committee/schema.json"))
{}

QList<Kyodo::PluginPage> CommitteePlugin::pages() const
{
    return {{QStringLiteral("meeting_mode"), QStringLiteral("会議モード"), QStringLiteral("Meeting mode"),
             pageUrl(QStringLiteral("MeetingModePage.qml")), QStringLiteral("committee.meeting")}};
}
