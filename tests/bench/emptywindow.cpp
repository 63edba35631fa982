// The floor of the cold-start benchmark: an empty Qt Quick window, started
// the same way as kyodo (same QApplication, same style, same platform), that
// prints "first-frame" when it is first drawn.
#include <QApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QQmlApplicationEngine engine;
    engine.loadData(
        "import QtQuick\nimport QtQuick.Controls\nApplicationWindow { width: 1200; height: 800; visible: true }");
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    QObject::connect(window, &QQuickWindow::frameSwapped, window, [] {
        static bool reported = false;
        if (!reported) {
            reported = true;
            std::printf("first-frame\n");
            std::fflush(stdout);
        }
    });
    return QApplication::exec();
}
