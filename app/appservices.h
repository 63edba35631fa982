// The app as QML sees it (singleton `App` in module Kyodo.App): the
// ordinance areas of the loaded plugins, the sync controller, badge counts
// and the reports of the generic screens. Who is signed in is `Session`
// (sessionservice.h), how the app reads is `Preferences` (preferences.h),
// what the records are and how they are saved is `Records`
// (recordservice.h); App builds the three and hands them to QML from the
// same engine. Built by the composition root (main.cpp, or a
// test) and handed to QML through create(); it owns nothing it did not build.
#pragma once

#include "attachmentservice.h"
#include "language.h"
#include "pluginlistmodel.h"
#include "preferences.h"
#include "recordservice.h"
#include "sessionservice.h"
#include "synccontroller.h"

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
    RecordService &records() { return m_records; }
    AttachmentService &attachments() { return m_attachments; }
    // Rebuilds the area list from the running plugins (after loading them).
    void refreshAreas();

    QVariantList areas() const { return m_areas; }
    SyncController *sync() { return &m_sync; }
    PluginListModel *plugins() { return &m_pluginModel; }
    int conflictCount() const { return m_conflicts; }
    int attentionCount() const { return m_attention; }
    int draftCount() const { return m_drafts; }

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
    RecordService m_records;
    AttachmentService m_attachments;
    QVariantList m_areas;
    int m_conflicts = 0, m_attention = 0, m_drafts = 0;
};

// The create() of the app's other QML singletons (Session, Preferences,
// Records, Attachments): the part `part` of the app the engine shows, owned by the app.
template <typename Part>
Part *partOfApp(QQmlEngine *engine, Part &(AppServices::*part)())
{
    AppServices *app = AppServices::create(engine, nullptr);
    if (!app)
        return nullptr;
    Part &p = (app->*part)();
    QJSEngine::setObjectOwnership(&p, QJSEngine::CppOwnership);
    return &p;
}

} // namespace Kyodo
