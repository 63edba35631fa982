// Qt Quick Test of the form, the sync bar, the conflict inbox and the
// plugins' own pages (meeting mode, visit note, follow-ups, quick entry),
// against a real kyodo-server on loopback. Before the QML tests run, the app
// (AppRoot) is signed in, and a second device has made an edit that conflicts
// with one of the app's, so the inbox has a real conflict to show.
//
// `testDevice` lets a test sign the app in as another account (a shared
// tablet handed to a committee member), read what the replica holds, and
// check on a second device what reached the server.
#include "approot.h"
#include "process.h"
#include "syncengine.h"
#include "transport.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Kyodo_AppPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_UiPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_PluginPlugin)

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
        m_server = kyodo::test::ServerProcess::start(m_serverDir.path(),
                                                     {{"sato", "staff", {"ward:naka"}},
                                                      {"tanaka", "staff", {"ward:naka"}},
                                                      {"hayashi", "committee", {"committee"}},
                                                      {"yamada", "supporter", {"group:minato", "group:nohara"}}});
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
                                   json{{"received_at", "2024-06-01T10:00"},
                                        {"channel", "visit"},
                                        {"party", "中区子ども食堂の会"},
                                        {"category", "funding"}});
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
        m_root->app().attachTo(*engine);
        engine->rootContext()->setContextProperty(QStringLiteral("testDevice"), this);
    }

public:
    // Signs the app in as `user` on the real server (nothing else changes on the device).
    Q_INVOKABLE void signInAs(const QString &user)
    {
        mustLogin(m_root->store().replica(), m_server->url(), user.toStdString());
        m_root->store().notifySessionChanged();
    }

    // A record's fields as this device's replica holds them (with unsent changes).
    Q_INVOKABLE QVariantMap fieldsOf(const QString &id)
    {
        auto r = m_root->store().replica().get(id.toStdString());
        if (!r || !*r)
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString((*r)->fields.dump())).object().toVariantMap();
    }

    // Syncs the app, then a fresh device signed in as `user` syncs and reads
    // the record: what the server kept of the app's offline changes.
    Q_INVOKABLE QVariantMap fieldsOnAnotherDevice(const QString &user, const QString &id)
    {
        const std::string url = m_server->url();
        mustSync(m_root->store().replica(), url);
        m_root->store().notifyChanged();
        kyodo::test::TempDir dir;
        auto other = kyodo::Replica::open(dir.file("other.sqlite"));
        mustLogin(**other, url, user.toStdString());
        mustSync(**other, url);
        auto r = (*other)->get(id.toStdString());
        if (!r || !*r)
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString((*r)->fields.dump())).object().toVariantMap();
    }

public slots:
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
