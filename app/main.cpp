// kyodo: the field app. Builds the app through AppRoot and shows it.
//   kyodo [--data DIR] [--server URL] [--ca FILE] [--lang ja|en] [--no-auto-sync]
//   kyodo --self-test          loads every plugin and page, exits 0 or names the failures
//   kyodo --report-first-frame prints "first-frame" on stdout when the window is first drawn
#include "approot.h"
#include "language.h"
#include "replicakeychain.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Kyodo_AppPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_UiPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_PluginPlugin)

int main(int argc, char *argv[])
{
    // Qt Charts in QML needs a QApplication (Widgets), not a QGuiApplication.
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("kyodo"));
    QApplication::setOrganizationName(QStringLiteral("kyodo"));
    QApplication::setApplicationVersion(QStringLiteral(KYODO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Kyodo 協働 — field app for Yokohama's Citizen Collaboration Ordinance"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dataOption(QStringLiteral("data"), QStringLiteral("Directory of the device replica."),
                                  QStringLiteral("DIR"));
    QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("Server URL offered at sign-in."),
                                    QStringLiteral("URL"));
    QCommandLineOption caOption(QStringLiteral("ca"), QStringLiteral("CA file offered at sign-in."),
                                QStringLiteral("FILE"));
    QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("Language: ja (default) or en."),
                                  QStringLiteral("LANG"), QStringLiteral("ja"));
    QCommandLineOption noAutoSync(QStringLiteral("no-auto-sync"), QStringLiteral("Sync only on demand."));
    QCommandLineOption selfTest(QStringLiteral("self-test"),
                                QStringLiteral("Load every plugin and QML page, then exit."));
    QCommandLineOption firstFrame(QStringLiteral("report-first-frame"),
                                  QStringLiteral("Print \"first-frame\" when the window is first drawn."));
    parser.addOptions({dataOption, serverOption, caOption, langOption, noAutoSync, selfTest, firstFrame});
    parser.process(application);

    Kyodo::AppOptions options;
    options.dataDir = parser.isSet(dataOption) ? parser.value(dataOption)
                                               : QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    options.serverUrl = parser.value(serverOption);
    options.caFile = parser.value(caOption);
    options.language = parser.value(langOption);
    options.autoSync = !parser.isSet(noAutoSync) && !parser.isSet(selfTest);

    Kyodo::useKeychainForReplicas();
    auto root = Kyodo::AppRoot::create(options);
    if (!root) {
        std::fprintf(stderr, "kyodo: %s\n", root.error().text().c_str());
        return 1;
    }
    if (parser.isSet(selfTest)) {
        const QStringList failures = (*root)->selfTest();
        for (const QString &f : failures)
            std::fprintf(stderr, "self-test FAIL %s\n", qPrintable(f));
        std::printf("self-test: %lld plugins running, %lld failures\n",
                    static_cast<long long>((*root)->plugins().running().size()),
                    static_cast<long long>(failures.size()));
        return failures.isEmpty() ? 0 : 1;
    }
    QStringList errors;
    if (!(*root)->loadMain(&errors)) {
        std::fprintf(stderr, "kyodo: the main window failed to load:\n%s\n",
                     qPrintable(errors.join(QLatin1Char('\n'))));
        return 1;
    }
    if (parser.isSet(firstFrame)) {
        auto *window = qobject_cast<QQuickWindow *>((*root)->engine().rootObjects().constFirst());
        QObject::connect(window, &QQuickWindow::frameSwapped, window, [] {
            static bool reported = false;
            if (!reported) {
                reported = true;
                std::printf("first-frame\n");
                std::fflush(stdout);
            }
        });
    }
    const int rc = QApplication::exec();
    return rc;
}
