// Qt Quick Test of the form, the sync bar and the conflict inbox, against a
// real kyodo-server on loopback. Before the QML tests run, the app (AppRoot)
// is signed in, and a second device has made an edit that conflicts with one
// of the app's, so the inbox has a real conflict to show.
#include "approot.h"
#include "process.h"
#include "syncengine.h"
#include "transport.h"

#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Kyodo_AppPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_UiPlugin)

using kyodo::json;

namespace {

kyodo::TransportOptions optionsFor(const std::string &url)
{
    kyodo::TransportOptions o;
    o.baseUrl = url;
    o.caFile = kyodo::test::devCerts().ca;
    return o;
}

void mustSync(kyodo::Replica &replica, const std::string &url)
{
    auto o = optionsFor(url);
    o.token = replica.session()->token;
    kyodo::Transport transport(o);
    kyodo::SyncEngine engine(replica, transport);
    auto report = engine.sync();
    if (!report)
        qFatal("sync: %s", report.error().text().c_str());
}

void mustLogin(kyodo::Replica &replica, const std::string &url, const std::string &user)
{
    kyodo::Transport transport(optionsFor(url));
    auto s = kyodo::SyncEngine::login(replica, transport, url, kyodo::test::devCerts().ca, user,
                                      kyodo::test::ServerProcess::kPassword, "qml-test");
    if (!s)
        qFatal("login: %s", s.error().text().c_str());
}

} // namespace

class Setup : public QObject {
    Q_OBJECT
public:
    Setup() = default;

public slots:
    void applicationAvailable()
    {
        m_server = kyodo::test::ServerProcess::start(m_serverDir.path(), {{"sato", "staff", {"ward:naka"}},
                                                                          {"tanaka", "staff", {"ward:naka"}}});
        const std::string url = m_server->url();

        Kyodo::AppOptions options;
        options.dataDir = QString::fromStdString(m_appDir.path());
        options.pluginPaths = {QStringLiteral(KYODO_PLUGIN_DIR)};
        options.autoSync = false;
        options.serverUrl = QString::fromStdString(url);
        options.caFile = QString::fromStdString(kyodo::test::devCerts().ca);
        auto root = Kyodo::AppRoot::create(options);
        if (!root)
            qFatal("AppRoot: %s", root.error().text().c_str());
        m_root = std::move(root.value());
        kyodo::Replica &mine = m_root->store().replica();
        mustLogin(mine, url, "sato");

        // Device B creates a consultation; both devices then change its channel
        // (a flag field) while offline; B syncs first, so the app's edit conflicts.
        auto other = kyodo::Replica::open(m_otherDir.file("b.sqlite"));
        mustLogin(**other, url, "tanaka");
        auto id = (*other)->create("ward_centers.consultation", "ward:naka",
                                   json{{"received_at", "2024-06-01T10:00"}, {"channel", "visit"},
                                        {"party", "中区子ども食堂の会"}, {"category", "funding"}});
        mustSync(**other, url);
        mustSync(mine, url);
        if (!(*other)->edit(*id, json{{"channel", "phone"}}) || !mine.edit(*id, json{{"channel", "email"}}))
            qFatal("edit failed");
        mustSync(**other, url);
        mustSync(mine, url);
        m_root->store().notifySessionChanged();
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));
    }

    void cleanupTestCase()
    {
        m_root.reset();
        m_server.reset();
    }

private:
    kyodo::test::TempDir m_serverDir, m_appDir, m_otherDir;
    std::unique_ptr<kyodo::test::ServerProcess> m_server;
    std::unique_ptr<Kyodo::AppRoot> m_root;
};

QUICK_TEST_MAIN_WITH_SETUP(kyodo_qml, Setup)
#include "setup.moc"
