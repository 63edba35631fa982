// Builds the real app (AppRoot) on a fresh replica in a temporary directory,
// with the plugins of the build tree. `signedInOffline` stores the schemas
// of the source tree and a session whose server is unreachable (port 1 on
// loopback), as on a device used offline after its first sign-in.
#pragma once

#include "approot.h"
#include "process.h"
#include "schema.h"

#include <QtTest>

namespace Kyodo::test {

struct AppFixture {
    kyodo::test::TempDir dir;
    std::unique_ptr<AppRoot> root;

    explicit AppFixture(const QString &serverUrl = {}, const QString &caFile = {}) { start(serverUrl, caFile); }

    // Closes the app and opens it again on the same device data, as after a restart.
    void restart()
    {
        root.reset();
        start({}, {});
    }

    void start(const QString &serverUrl, const QString &caFile)
    {
        AppOptions options;
        options.dataDir = QString::fromStdString(dir.path());
        options.pluginPaths = {QStringLiteral(KYODO_PLUGIN_DIR)};
        options.autoSync = false;
        options.serverUrl = serverUrl;
        options.caFile = caFile;
        auto created = AppRoot::create(options);
        if (!created)
            qFatal("AppRoot: %s", created.error().text().c_str());
        root = std::move(created.value());
    }

    kyodo::Replica &replica() { return root->store().replica(); }

    void signedInOffline(const std::vector<std::string> &scopes = {"ward:naka", "ward:kohoku"},
                         const std::vector<std::string> &readOnly = {})
    {
        auto schemas = kyodo::SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        QVERIFY(schemas.ok());
        QVERIFY(replica().saveSchemas(schemas->toJson()).ok());
        kyodo::Session s;
        s.url = "https://127.0.0.1:1";
        s.token = "offline-test-token";
        s.user = "sato";
        s.role = "staff";
        s.scopes = scopes;
        s.scopes.insert(s.scopes.end(), readOnly.begin(), readOnly.end());
        s.readOnlyScopes = readOnly;
        QVERIFY(replica().saveSession(s).ok());
        root->store().notifySessionChanged();
    }
};

} // namespace Kyodo::test
