#include "pluginbridge.h"

#include "appservices.h"

#include <QHash>
#include <QLoggingCategory>

namespace Kyodo {

PluginBridge::PluginBridge(AppServices &app, QObject *parent) : QObject(parent), m_app(app)
{
    connect(&app.session(), &SessionService::sessionChanged, this, &PluginBridge::sessionChanged);
    connect(&app.preferences(), &Preferences::languageChanged, this, &PluginBridge::languageChanged);
}

PluginBridge *PluginBridge::create(QQmlEngine *engine, QJSEngine *)
{
    AppServices *app = AppServices::create(engine, nullptr);
    if (!app)
        return nullptr;
    return new PluginBridge(*app); // owned by the engine, as every singleton it creates
}

QString PluginBridge::userName() const { return m_app.session().userName(); }
QString PluginBridge::role() const { return m_app.session().role(); }
QStringList PluginBridge::scopes() const { return m_app.session().scopes(); }
QString PluginBridge::separator() const { return m_app.preferences().separator(); }

QVariantMap PluginBridge::typeInfo(const QString &type) { return m_app.records().typeInfo(type); }
QVariantList PluginBridge::fieldOptions(const QString &type, const QString &key)
{
    const QVariantList fields = m_app.records().typeInfo(type).value(QStringLiteral("fields")).toList();
    for (const QVariant &f : fields) {
        const QVariantMap field = f.toMap();
        if (field.value(QStringLiteral("key")).toString() == key)
            return field.value(QStringLiteral("options")).toList();
    }
    return {};
}

QVariantList PluginBridge::scopesFor(const QString &type) { return m_app.records().scopesFor(type); }
QString PluginBridge::scopeLabel(const QString &scope) { return m_app.records().scopeLabel(scope); }
QString PluginBridge::groupName(const QString &scope) { return m_app.records().groupName(scope); }
QString PluginBridge::displayDateTime(const QString &iso) const { return m_app.preferences().displayDateTime(iso); }

QVariantMap PluginBridge::createRecord(const QString &type, const QString &scope, const QVariantMap &fields)
{
    return m_app.records().createRecord(type, scope, fields);
}
QVariantMap PluginBridge::editRecord(const QString &id, const QVariantMap &fields)
{
    return m_app.records().editRecord(id, fields);
}
QVariantMap PluginBridge::createRecords(const QVariantList &records) { return m_app.records().createRecords(records); }
QString PluginBridge::newRecordId() const { return m_app.records().newRecordId(); }

bool PluginBridge::savePageDraft(const QString &pageKey, const QString &pageUrl, const QString &type,
                                 const QString &scope, const QString &summary, const QVariantMap &values)
{
    return m_app.records().savePageDraft(pageKey, pageUrl, type, scope, summary, values);
}
QVariantMap PluginBridge::pageDraft(const QString &pageKey) { return m_app.records().pageDraft(pageKey); }
void PluginBridge::discardPageDraft(const QString &pageKey) { m_app.records().discardPageDraft(pageKey); }

QString PluginBridge::pageUrl(const QString &name) const
{
    static const QHash<QString, QString> pages{
        {QStringLiteral("recordForm"), QStringLiteral("qrc:/Kyodo/Ui/RecordFormPage.qml")},
        {QStringLiteral("recordDetail"), QStringLiteral("qrc:/Kyodo/Ui/RecordDetailPage.qml")},
        {QStringLiteral("recordList"), QStringLiteral("qrc:/Kyodo/Ui/RecordListPage.qml")}};
    const QString url = pages.value(name);
    if (url.isEmpty())
        qWarning("Kyodo.Plugin: no page named %s", qPrintable(name));
    return url;
}

} // namespace Kyodo
