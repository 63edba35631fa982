// The composition root: opens the device replica, starts the sync
// controller, loads the plugins, builds the App singleton and the QML
// engine. main.cpp and the GUI tests build the app through it, so what the
// tests exercise is what users run.
#pragma once

#include "appcontext.h"
#include "appservices.h"
#include "localstore.h"
#include "pluginmanager.h"
#include "synccontroller.h"

#include <QQmlApplicationEngine>
#include <QStringList>
#include <QTranslator>
#include <QUrl>

#include <memory>

namespace Kyodo {

struct AppOptions {
    QString dataDir;         // holds replica.sqlite
    QStringList pluginPaths; // empty: PluginManager::defaultSearchPaths()
    QString language;        // "ja" (default) or "en"
    QString serverUrl;       // pre-filled on the sign-in page
    QString caFile;
    bool autoSync = true;
};

class AppRoot {
public:
    static kyodo::Result<std::unique_ptr<AppRoot>> create(const AppOptions &options);
    ~AppRoot();

    QQmlApplicationEngine &engine() { return *m_engine; }
    AppServices &app() { return *m_app; }
    LocalStore &store() { return *m_store; }
    SyncController &sync() { return *m_sync; }
    PluginManager &plugins() { return m_plugins; }
    const AppOptions &options() const { return m_options; }

    static QUrl mainUrl();
    // Loads the main window; false with the QML errors in `errors`.
    bool loadMain(QStringList *errors);
    // Every generic page and every plugin page, each compiled and created
    // once; the failures, each naming its page and the QML error.
    QStringList selfTest();

private:
    AppRoot() = default;
    void loadPlugins();
    void loadTranslations();

    AppOptions m_options;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncController> m_sync;
    PluginManager m_plugins;
    std::unique_ptr<AppServices> m_app;
    std::unique_ptr<AppContext> m_context;
    std::vector<std::unique_ptr<QTranslator>> m_translators;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
};

} // namespace Kyodo
