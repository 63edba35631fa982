// The app as QML sees it (singleton `App` in module Kyodo.App): the
// ordinance areas of the loaded plugins, the sync controller, badge counts,
// the records (schema look-ups, saves, drafts) and the reports of the
// generic screens. Who is signed in is `Session` (sessionservice.h), how the
// app reads is `Preferences` (preferences.h); App builds both and hands them
// to QML from the same engine. Built by the composition root (main.cpp, or a
// test) and handed to QML through create(); it owns nothing it did not build.
#pragma once

#include "language.h"
#include "pluginlistmodel.h"
#include "preferences.h"
#include "replica.h"
#include "schema.h"
#include "sessionservice.h"
#include "synccontroller.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>
#include <QVariantList>

namespace Kyodo {

class LocalStore;
class PluginManager;

class AppServices : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(QVariantList areas READ areas NOTIFY areasChanged)
    Q_PROPERTY(Kyodo::SyncController *sync READ sync CONSTANT)
    Q_PROPERTY(Kyodo::PluginListModel *plugins READ plugins CONSTANT)
    Q_PROPERTY(int conflictCount READ conflictCount NOTIFY countsChanged)
    Q_PROPERTY(int attentionCount READ attentionCount NOTIFY countsChanged)
    Q_PROPERTY(int draftCount READ draftCount NOTIFY countsChanged)
public:
    AppServices(LocalStore &store, SyncController &sync, PluginManager &plugins, QObject *parent = nullptr);
    ~AppServices() override;

    // The app an engine shows: AppRoot (or a test's own engine) attaches it,
    // and QML finds it through its engine, never through a global.
    void attachTo(QQmlEngine &engine);
    static AppServices *of(const QObject *qmlObject); // nullptr outside an attached engine
    static AppServices *create(QQmlEngine *engine, QJSEngine *);

    LocalStore &store() { return m_store; }
    SessionService &session() { return m_session; }
    Preferences &preferences() { return m_preferences; }
    // The schemas the device validates with: the server's (kept at sign-in),
    // else those the loaded plugins ship, so forms work before the first sign-in.
    const kyodo::SchemaSet *schemas();
    void setPluginSchemas(kyodo::SchemaSet schemas) { m_pluginSchemas = std::move(schemas); }
    // Rebuilds the area list from the running plugins (after loading them).
    void refreshAreas();

    QVariantList areas() const { return m_areas; }
    SyncController *sync() { return &m_sync; }
    PluginListModel *plugins() { return &m_pluginModel; }
    int conflictCount() const { return m_conflicts; }
    int attentionCount() const { return m_attention; }
    int draftCount() const { return m_drafts; }

    // {id, label, title, list, fields:[{key,label,type,required,options,min,max}]}
    Q_INVOKABLE QVariantMap typeInfo(const QString &type);
    Q_INVOKABLE QString typeLabel(const QString &type);
    // The scopes of the user that may hold records of this type, as {scope, label}.
    Q_INVOKABLE QVariantList scopesFor(const QString &type);
    Q_INVOKABLE QVariantList wards() const;
    Q_INVOKABLE QString scopeLabel(const QString &scope);
    // A citizen group's name as its records on this device give it (group_name
    // of its visit notes and other records); "" when none is known.
    Q_INVOKABLE QString groupName(const QString &scope);
    Q_INVOKABLE QString receiptLabel(const QString &state) const;
    // The fiscal years offered in list filters: this one and the nine before.
    Q_INVOKABLE QVariantList fiscalYears() const;
    Q_INVOKABLE QString fiscalYearLabel(int fiscalYear) const;
    Q_INVOKABLE QVariantList drafts();
    // Saves for pages that lay out their own fields (quick entry, meeting mode):
    // values as the controls hold them, converted and validated as in a form.
    // {id} or {error} in the user's language; an empty value clears a field.
    Q_INVOKABLE QVariantMap createRecord(const QString &type, const QString &scope, const QVariantMap &fields);
    Q_INVOKABLE QVariantMap editRecord(const QString &id, const QVariantMap &fields);
    // The one path of those saves, shared with the C++ PluginContext (AppContext).
    kyodo::Result<std::string> saveNew(const QString &type, const QString &scope, const QVariantMap &fields);
    kyodo::Status saveEdit(const QString &id, const QVariantMap &fields);
    // Several new records saved as one: all of them or none. Each entry is
    // {id?, type, scope, fields, label?}; every one is validated before
    // anything is written. A pre-chosen id (newRecordId) lets one record
    // refer to another of the same save and makes a retry of a save that did
    // happen fail as a duplicate instead of saving twice.
    // {ids} or {error, index, field} (index of the entry, field key at fault).
    Q_INVOKABLE QVariantMap createRecords(const QVariantList &records);
    Q_INVOKABLE QString newRecordId() const;
    // Drafts of pages that lay out their own fields: the page's state as it
    // is typed, under the page's own key, listed in 下書き with `summary`.
    Q_INVOKABLE bool savePageDraft(const QString &pageKey, const QString &pageUrl, const QString &type,
                                   const QString &scope, const QString &summary, const QVariantMap &values);
    // The values of a page's draft ({} when none).
    Q_INVOKABLE QVariantMap pageDraft(const QString &pageKey);
    Q_INVOKABLE void discardPageDraft(const QString &pageKey);
    // The reports the device's schemas define, as {id, label}.
    Q_INVOKABLE QVariantList reports();
    // The yearly status report as a PDF (empty path: the documents folder); {path} or {error}.
    Q_INVOKABLE QVariantMap exportYearlyReport(int fromFiscalYear, int toFiscalYear, const QString &path = {});

signals:
    void areasChanged();
    void countsChanged();

private:
    void refreshCounts();

    LocalStore &m_store;
    SyncController &m_sync;
    PluginManager &m_pluginManager;
    PluginListModel m_pluginModel;
    SessionService m_session;
    Preferences m_preferences;
    kyodo::SchemaSet m_pluginSchemas;
    QVariantList m_areas;
    int m_conflicts = 0, m_attention = 0, m_drafts = 0;
    QHash<QString, QString> m_groupNames; // by scope, until the store changes
};

} // namespace Kyodo
