#include "approot.h"

#include "language.h"
#include "pluginschemacheck.h"

#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
#include <QDir>
#include <QQmlComponent>
#include <QQuickStyle>

namespace Kyodo {

// The shared pages of Kyodo.Ui, with the properties each needs to be created.
static const QList<QPair<QString, QVariantMap>> &genericPages()
{
    static const QList<QPair<QString, QVariantMap>> pages = {
        {QStringLiteral("HomePage.qml"), {}},
        {QStringLiteral("SignInPage.qml"), {}},
        {QStringLiteral("RecordListPage.qml"),
         {{QStringLiteral("recordType"), QStringLiteral("ward_centers.consultation")}}},
        {QStringLiteral("RecordFormPage.qml"),
         {{QStringLiteral("recordType"), QStringLiteral("ward_centers.consultation")}}},
        {QStringLiteral("RecordDetailPage.qml"), {}},
        {QStringLiteral("ConflictInboxPage.qml"), {}},
        {QStringLiteral("AttentionPage.qml"), {}},
        {QStringLiteral("DraftsPage.qml"), {}},
        {QStringLiteral("AboutPluginsPage.qml"), {}},
        {QStringLiteral("SettingsPage.qml"), {}},
        {QStringLiteral("ReportsPage.qml"), {}},
    };
    return pages;
}

kyodo::Result<std::unique_ptr<AppRoot>> AppRoot::create(const AppOptions &options)
{
    std::unique_ptr<AppRoot> root(new AppRoot);
    root->m_options = options;
    auto store = LocalStore::open(QDir(options.dataDir).filePath(QStringLiteral("replica.sqlite")));
    if (!store)
        return store.error();
    root->m_store = std::move(store.value());
    root->m_sync = std::make_unique<SyncController>(*root->m_store);
    root->m_sync->setAutoSync(options.autoSync);
    root->m_app = std::make_unique<AppServices>(*root->m_store, *root->m_sync, root->m_plugins);
    root->m_context = std::make_unique<AppContext>(*root->m_app);
    root->loadPlugins();
    root->loadTranslations();
    root->m_app->preferences().setLanguage(options.language);
    root->m_app->session().setSuggestedServer(options.serverUrl, options.caFile);
    // Fusion draws everything without shaders, so the app looks the same on a
    // tablet's GPU, a laptop without one, and in offscreen screenshots.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE") && QQuickStyle::name() != QLatin1String("Fusion"))
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
    // Type large enough to read on a tablet at arm's length in a meeting.
    QFont font = QGuiApplication::font();
    font.setPixelSize(15);
    QGuiApplication::setFont(font);
    root->m_engine = std::make_unique<QQmlApplicationEngine>();
    // Plugin QML modules live in each plugin's resources, under qrc:/<URI path>.
    root->m_engine->addImportPath(QStringLiteral("qrc:/"));
    root->m_app->attachTo(*root->m_engine);
    return root;
}

AppRoot::~AppRoot()
{
    m_engine.reset();
    m_plugins.shutdown();
}

void AppRoot::loadPlugins()
{
    m_plugins.readSpecs(m_options.pluginPaths.isEmpty() ? PluginManager::defaultSearchPaths() : m_options.pluginPaths);
    m_plugins.resolve();
    PluginSchemaCheck check;
    m_plugins.loadAll(*m_context,
                      [&check](const PluginSpec &spec, const QByteArray &text) { return check(spec, text); });
    m_app->records().setPluginSchemas(check.takeAccepted());
    m_app->refreshAreas();
}

void AppRoot::loadTranslations()
{
    // The app's own (its screens, then its C++), then each running plugin's
    // (compiled into its resources).
    // (A plugin without pages of its own has no screens to translate.)
    QStringList files{QStringLiteral(":/i18n/kyodo_en.qm"), QStringLiteral(":/i18n/kyodo_app_en.qm")};
    for (PluginSpec *spec : m_plugins.running())
        if (!spec->plugin()->pages().isEmpty())
            files << QStringLiteral(":/i18n/%1_en.qm").arg(spec->id());
    for (const QString &file : files) {
        auto translator = std::make_unique<QTranslator>();
        if (translator->load(file)) {
            m_app->preferences().addEnglishTranslator(translator.get());
            m_translators.push_back(std::move(translator));
        } else {
            qWarning("kyodo: no English translation at %s", qPrintable(file));
        }
    }
}

QUrl AppRoot::mainUrl() { return QUrl(QStringLiteral("qrc:/Kyodo/Ui/Main.qml")); }

bool AppRoot::loadMain(QStringList *errors)
{
    // Only while loading: `errors` belongs to the caller and is gone after.
    const auto collecting = QObject::connect(m_engine.get(), &QQmlApplicationEngine::warnings, m_engine.get(),
                                             [errors](const QList<QQmlError> &list) {
                                                 if (errors)
                                                     for (const QQmlError &e : list)
                                                         *errors << e.toString();
                                             });
    m_engine->load(mainUrl());
    QObject::disconnect(collecting);
    return !m_engine->rootObjects().isEmpty();
}

// Compiles and creates a page once, sized as the window's page area would
// size it; its errors and the warnings it caused.
static QString createOnce(QQmlEngine &engine, const QUrl &url, QVariantMap properties)
{
    properties.insert(QStringLiteral("width"), 900);
    properties.insert(QStringLiteral("height"), 700);
    QStringList warnings;
    const auto connection = QObject::connect(&engine, &QQmlEngine::warnings, [&warnings](const QList<QQmlError> &list) {
        for (const QQmlError &e : list)
            warnings << e.toString();
    });
    QQmlComponent component(&engine, url);
    std::unique_ptr<QObject> object;
    if (!component.isError())
        object.reset(component.createWithInitialProperties(properties));
    QCoreApplication::processEvents(); // deferred bindings and Component.onCompleted warnings
    QObject::disconnect(connection);
    if (component.isError() || !object)
        warnings.prepend(component.errorString().isEmpty() ? QStringLiteral("could not be created")
                                                           : component.errorString());
    return warnings.join(QLatin1Char('\n'));
}

QStringList AppRoot::selfTest()
{
    QStringList failures;
    for (const auto &spec : m_plugins.specs())
        if (spec->hasError())
            failures << QStringLiteral("plugin %1: %2").arg(spec->location(), spec->errorEn());
    for (const auto &[file, properties] : genericPages()) {
        const QUrl url(QStringLiteral("qrc:/Kyodo/Ui/") + file);
        if (const QString error = createOnce(*m_engine, url, properties); !error.isEmpty())
            failures << QStringLiteral("%1: %2").arg(url.toString(), error.trimmed());
    }
    for (PluginSpec *spec : m_plugins.running())
        for (const PluginPage &page : spec->plugin()->pages())
            if (const QString error =
                    createOnce(*m_engine, page.url, {{QStringLiteral("recordType"), page.recordType}});
                !error.isEmpty())
                failures << QStringLiteral("%1 (%2): %3").arg(page.url.toString(), spec->id(), error.trimmed());
    return failures;
}

} // namespace Kyodo
