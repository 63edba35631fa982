// The plugin manager against real fixture plugins: each ends in the state its
// metadata, dependencies, library and schema call for, with its own reason,
// and the good ones run in dependency order.
#include "pluginmanager.h"
#include "pluginschemacheck.h"

#include <QtTest>

using namespace Kyodo;

namespace {

// Records which plugins initialized, in order (fixtures call createRecord
// with their own Id as the type).
class RecordingContext final : public PluginContext {
public:
    QStringList initialized;
    QString currentUser() const override { return QStringLiteral("tester"); }
    QString role() const override { return QStringLiteral("staff"); }
    QStringList scopes() const override { return {QStringLiteral("ward:naka")}; }
    QVariantList records(const QString &, const QString &) const override { return {}; }
    QVariantMap record(const QString &) const override { return {}; }
    SaveOutcome createRecord(const QString &type, const QString &, const QVariantMap &) override
    {
        initialized << type;
        return SaveOutcome{type, {}, {}, {}};
    }
    SaveOutcome editRecord(const QString &id, const QVariantMap &) override { return SaveOutcome{id, {}, {}, {}}; }
    QStringList reportIds() const override { return {}; }
    QVariantMap runReport(const QString &, int, int) const override { return {}; }
};

} // namespace

class TestPluginManager : public QObject {
    Q_OBJECT
private:
    PluginManager m_manager;
    RecordingContext m_context;

    PluginSpec *find(const QString &fileStem)
    {
        for (const auto &s : m_manager.specs())
            if (QFileInfo(s->location()).completeBaseName() == QStringLiteral("libfixture_") + fileStem ||
                QFileInfo(s->location()).completeBaseName() == QStringLiteral("fixture_") + fileStem)
                return s.get();
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        m_manager.readSpecs({QStringLiteral(KYODO_FIXTURE_PLUGIN_DIR)});
        m_manager.resolve();
        PluginSchemaCheck check;
        m_manager.loadAll(m_context,
                          [&check](const PluginSpec &spec, const QByteArray &json) { return check(spec, json); });
    }

    void findsEveryFixture() { QCOMPARE(m_manager.specs().size(), size_t(9)); }

    void validPluginRuns()
    {
        PluginSpec *s = find(QStringLiteral("fixture_valid"));
        QVERIFY(s);
        QVERIFY2(!s->hasError(), qPrintable(s->errorEn()));
        QCOMPARE(s->state(), PluginSpec::State::Running);
        QCOMPARE(s->nameJa(), QStringLiteral("試験プラグイン"));
        QCOMPARE(s->recordTypes(), QStringList{QStringLiteral("fixture_valid.note")});
    }

    void dependentRunsAfterItsDependency()
    {
        PluginSpec *s = find(QStringLiteral("fixture_dependent"));
        QVERIFY(s);
        QVERIFY2(!s->hasError(), qPrintable(s->errorEn()));
        QCOMPARE(s->state(), PluginSpec::State::Running);
        const auto valid = m_context.initialized.indexOf(QStringLiteral("fixture_valid"));
        const auto dependent = m_context.initialized.indexOf(QStringLiteral("fixture_dependent"));
        QVERIFY(valid >= 0 && dependent > valid);
        QVERIFY(m_manager.running().indexOf(s) > m_manager.running().indexOf(find(QStringLiteral("fixture_valid"))));
    }

    void missingDependencyFailsWithItsName()
    {
        PluginSpec *s = find(QStringLiteral("fixture_missing_dep"));
        QVERIFY(s && s->hasError());
        QVERIFY2(s->errorEn().contains(QStringLiteral("fixture_not_installed")), qPrintable(s->errorEn()));
        QVERIFY(s->errorJa().contains(QStringLiteral("ありません")));
        QCOMPARE(s->state(), PluginSpec::State::Read);
    }

    void tooOldDependencyFails()
    {
        PluginSpec *s = find(QStringLiteral("fixture_too_old_dep"));
        QVERIFY(s && s->hasError());
        QVERIFY2(s->errorEn().contains(QStringLiteral("not compatible")), qPrintable(s->errorEn()));
    }

    void cycleFailsBothWithTheCycle()
    {
        for (const QString &name : {QStringLiteral("fixture_cycle_a"), QStringLiteral("fixture_cycle_b")}) {
            PluginSpec *s = find(name);
            QVERIFY(s && s->hasError());
            QVERIFY2(s->errorEn().contains(QStringLiteral("cycle")), qPrintable(s->errorEn()));
            QVERIFY(s->errorJa().contains(QStringLiteral("循環")));
            QVERIFY(!m_context.initialized.contains(name));
        }
    }

    void badMetadataFailsWithTheKey()
    {
        PluginSpec *s = find(QStringLiteral("fixture_bad_meta"));
        QVERIFY(s && s->hasError());
        QCOMPARE(s->state(), PluginSpec::State::Invalid);
        QVERIFY2(s->errorEn().contains(QStringLiteral("\"Version\"")), qPrintable(s->errorEn()));
    }

    void libraryThatFailsToLoadIsMarked()
    {
        PluginSpec *s = find(QStringLiteral("fixture_load_fails"));
        QVERIFY(s && s->hasError());
        QVERIFY2(s->errorEn().startsWith(QStringLiteral("Cannot load the library")), qPrintable(s->errorEn()));
        QVERIFY(!m_context.initialized.contains(QStringLiteral("fixture_load_fails")));
    }

    void schemaTheEngineRejectsFails()
    {
        PluginSpec *s = find(QStringLiteral("fixture_bad_schema"));
        QVERIFY(s && s->hasError());
        QVERIFY2(s->errorEn().contains(QStringLiteral("schema")), qPrintable(s->errorEn()));
        QVERIFY(!m_context.initialized.contains(QStringLiteral("fixture_bad_schema")));
    }

    void onlyTheGoodOnesRun()
    {
        QStringList running;
        for (PluginSpec *s : m_manager.running())
            running << s->id();
        QCOMPARE(running, (QStringList{QStringLiteral("fixture_valid"), QStringLiteral("fixture_dependent")}));
    }

    void badJsonTextGetsAPreciseMessage()
    {
        auto spec = PluginSpec::fromJsonText("{\"Id\": \"x\", \"Version\": ", QStringLiteral("broken.json"));
        QVERIFY(spec->hasError());
        QVERIFY2(spec->errorEn().contains(QStringLiteral("not valid JSON")), qPrintable(spec->errorEn()));
        QCOMPARE(spec->state(), PluginSpec::State::Invalid);
    }

    void everyKeyIsCheckedWithItsOwnMessage_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        const QByteArray names = R"("Name":{"ja":"a","en":"a"},"Article":{"ja":"a","en":"a"},"RecordTypes":[])";
        QTest::newRow("no id") << QByteArray("{\"Version\":\"1.0.0\"," + names + "}") << "\"Id\"";
        QTest::newRow("bad id") << QByteArray("{\"Id\":\"Bad Id\",\"Version\":\"1.0.0\"," + names + "}") << "\"Id\"";
        // Found by tests/fuzz: "$" also matched before a final newline.
        QTest::newRow("id with a final newline")
            << QByteArray("{\"Id\":\"a\\n\",\"Version\":\"1.0.0\"," + names + "}") << "\"Id\"";
        QTest::newRow("version with a final newline")
            << QByteArray("{\"Id\":\"a\",\"Version\":\"1.0.0\\n\"," + names + "}") << "\"Version\"";
        QTest::newRow("compat version past an int")
            << QByteArray("{\"Id\":\"a\",\"Version\":\"1.0.0\",\"CompatVersion\":\"99999999999\"," + names + "}")
            << "\"CompatVersion\"";
        QTest::newRow("compat above version")
            << QByteArray("{\"Id\":\"a\",\"Version\":\"1.0.0\",\"CompatVersion\":\"2.0.0\"," + names + "}")
            << "\"CompatVersion\"";
        QTest::newRow("no english name")
            << QByteArray(
                   R"({"Id":"a","Version":"1.0.0","Name":{"ja":"a"},"Article":{"ja":"a","en":"a"},"RecordTypes":[]})")
            << "\"Name\"";
        QTest::newRow("no article")
            << QByteArray(R"({"Id":"a","Version":"1.0.0","Name":{"ja":"a","en":"a"},"RecordTypes":[]})")
            << "\"Article\"";
        QTest::newRow("foreign record type")
            << QByteArray(
                   R"({"Id":"a","Version":"1.0.0","Name":{"ja":"a","en":"a"},"Article":{"ja":"a","en":"a"},"RecordTypes":["b.x"]})")
            << "b.x";
        QTest::newRow("bad dependency type")
            << QByteArray(
                   R"({"Id":"a","Version":"1.0.0","Name":{"ja":"a","en":"a"},"Article":{"ja":"a","en":"a"},"RecordTypes":[],"Dependencies":[{"Id":"b","Version":"1.0.0","Type":"maybe"}]})")
            << "dependency";
    }

    void everyKeyIsCheckedWithItsOwnMessage()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        auto spec = PluginSpec::fromJsonText(json, QStringLiteral("test"));
        QVERIFY(spec->hasError());
        QVERIFY2(spec->errorEn().contains(mentions), qPrintable(spec->errorEn()));
        QVERIFY(!spec->errorJa().isEmpty());
    }

    void searchesTheBuildTreeAndKyodoPluginPath()
    {
        qputenv("KYODO_PLUGIN_PATH", "/opt/kyodo/extra:/srv/kyodo/more");
        const QStringList paths = PluginManager::defaultSearchPaths();
        qunsetenv("KYODO_PLUGIN_PATH");
        // This test runs from the build tree, so the plugins built next to it come first.
        QCOMPARE(paths.value(0), QStringLiteral(KYODO_PLUGIN_DIR));
        QCOMPARE(paths.mid(1), (QStringList{QStringLiteral("/opt/kyodo/extra"), QStringLiteral("/srv/kyodo/more")}));
    }

    void shutdownStopsRunningPlugins()
    {
        m_manager.shutdown();
        QCOMPARE(find(QStringLiteral("fixture_valid"))->state(), PluginSpec::State::Stopped);
        QCOMPARE(find(QStringLiteral("fixture_missing_dep"))->state(), PluginSpec::State::Read);
    }
};

QTEST_GUILESS_MAIN(TestPluginManager)
#include "tst_pluginmanager.moc"
