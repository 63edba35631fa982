// The whole app, offscreen, against a real kyodo-server on loopback: sign in
// through the sign-in page, log a consultation on the quick-entry page, sync
// from the sync bar, and find the record on the server from a second device.
// A second test drives the app to its main screens and saves each as a PNG
// (build/screenshots/) for people to look at.
#include "approot.h"
#include "blobstore.h"
#include "process.h"
#include "syncengine.h"
#include "transport.h"
#include "yearlyreport.h"

#include <QAccessible>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QQuickItem>
#include <QFile>
#include <functional>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>
#include <QtTest>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Kyodo_AppPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_UiPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_PluginPlugin)

using kyodo::json;

namespace {

// Finds an item by objectName through both the visual and the object tree.
QQuickItem *findItem(QObject *root, const QString &name)
{
    if (auto *item = qobject_cast<QQuickItem *>(root)) {
        if (!item->isVisible())
            return nullptr; // nor anything inside it (pages further down the stack)
        if (item->objectName() == name)
            return item;
        for (QQuickItem *child : item->childItems())
            if (QQuickItem *found = findItem(child, name))
                return found;
    }
    for (QObject *child : root->children())
        if (QQuickItem *found = findItem(child, name))
            return found;
    return nullptr;
}

kyodo::TransportOptions optionsFor(const std::string &url, const std::string &token = {})
{
    kyodo::TransportOptions o;
    o.baseUrl = url;
    o.caFile = kyodo::test::devCerts().ca;
    o.token = token;
    return o;
}

std::unique_ptr<kyodo::Replica> otherDevice(const std::string &path, const std::string &url, const std::string &user)
{
    auto r = kyodo::Replica::open(path);
    kyodo::Transport transport(optionsFor(url));
    auto s = kyodo::SyncEngine::login(**r, transport, url, kyodo::test::devCerts().ca, user,
                                      kyodo::test::ServerProcess::kPassword, "other-device");
    if (!s)
        qFatal("login: %s", s.error().text().c_str());
    return std::move(r.value());
}

void syncDevice(kyodo::Replica &r, const std::string &url)
{
    kyodo::Transport transport(optionsFor(url, r.session()->token));
    kyodo::SyncEngine engine(r, transport);
    if (auto report = engine.sync(); !report)
        qFatal("sync: %s", report.error().text().c_str());
}

} // namespace

class TestGui : public QObject {
    Q_OBJECT
    kyodo::test::TempDir m_serverDir, m_appDir, m_otherDir;
    std::unique_ptr<kyodo::test::ServerProcess> m_server;
    std::unique_ptr<Kyodo::AppRoot> m_root;
    QQuickWindow *m_window = nullptr;

    QQuickItem *item(const QString &name)
    {
        QQuickItem *found = nullptr;
        // Pages appear on the next frames; give them a moment.
        for (int i = 0; i < 50 && !(found = findItem(m_window->contentItem(), name)); ++i)
            QTest::qWait(20);
        if (!found)
            qWarning("no visible item named %s", qPrintable(name));
        return found;
    }
    // Whether an item shows right now (no waiting: for checks that something has gone).
    bool showing(const QString &name) { return findItem(m_window->contentItem(), name) != nullptr; }
    // A page being pushed takes no input until its transition ends, as for a person.
    void waitForPageTransition()
    {
        if (QQuickItem *stack = findItem(m_window->contentItem(), QStringLiteral("stack")))
            QTRY_VERIFY(!stack->property("busy").toBool());
    }
    // Scrolls the item's list or scroll view so it is on screen, as a person would.
    void scrollIntoView(QQuickItem *target)
    {
        for (QQuickItem *p = target->parentItem(); p; p = p->parentItem()) {
            if (!p->inherits("QQuickFlickable"))
                continue;
            auto *content = p->property("contentItem").value<QQuickItem *>();
            if (!content)
                continue;
            const qreal y = target->mapToItem(content, QPointF(0, 0)).y();
            const qreal top = p->property("contentY").toReal();
            if (y < top || y + target->height() > top + p->height())
                p->setProperty("contentY", std::max<qreal>(0, y - p->height() / 3));
            QTest::qWait(50);
            return;
        }
    }
    bool click(const QString &name)
    {
        waitForPageTransition();
        QQuickItem *target = item(name);
        if (!target)
            return false;
        QQuickTest::qWaitForPolish(m_window); // positions as laid out, not as they were a frame ago
        scrollIntoView(target);
        QQuickTest::qWaitForPolish(m_window);
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }
    bool typeInto(const QString &name, const QString &text)
    {
        QQuickItem *target = item(name);
        if (!target)
            return false;
        target->forceActiveFocus();
        // Key events carrying each character, as a keyboard or input method sends them.
        for (const QChar c : text) {
            const auto key = c.unicode() < 128 ? Qt::Key(c.toUpper().unicode()) : Qt::Key_unknown;
            QTest::sendKeyEvent(QTest::Click, m_window, key, QString(c), Qt::NoModifier);
        }
        return true;
    }
    // The records a clerk would have entered, straight into this device's replica (unsent).
    bool importFixture(const char *name)
    {
        QFile file(QStringLiteral(KYODO_FIXTURE_DIR "/") + QLatin1String(name));
        if (!file.open(QIODevice::ReadOnly))
            return false;
        std::vector<kyodo::Replica::NewRecord> batch;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const json r = json::parse(line.toStdString());
            batch.push_back({r.value("id", ""), r.at("type"), r.at("scope"), r.at("fields")});
        }
        auto created = m_root->store().replica().createMany(batch);
        if (!created)
            qWarning("%s: %s", name, created.error().text().c_str());
        return created.ok();
    }
    // Another account signs in on this device against the real server.
    bool signInAs(const char *user)
    {
        kyodo::Replica &r = m_root->store().replica();
        kyodo::Transport transport(optionsFor(m_server->url(), {}));
        auto s = kyodo::SyncEngine::login(r, transport, m_server->url(), kyodo::test::devCerts().ca, user,
                                          kyodo::test::ServerProcess::kPassword, "gui-test");
        m_root->store().notifySessionChanged();
        return s.ok();
    }
    // No label of the page is wider than the page shows: Japanese text that
    // does not fit must wrap or elide, not run off the edge.
    void expectNothingCutOff(const QString &page)
    {
        QQuickItem *stack = findItem(m_window->contentItem(), QStringLiteral("stack"));
        QVERIFY(stack);
        const QRectF visible = stack->mapRectToScene(QRectF(0, 0, stack->width(), stack->height()));
        std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
            if (!i->isVisible())
                return;
            if (i->inherits("QQuickText") && !i->property("text").toString().isEmpty() &&
                i->property("elide").toInt() == 0 && i->property("wrapMode").toInt() == 0) {
                const QRectF r = i->mapRectToScene(QRectF(0, 0, i->property("contentWidth").toReal(), i->height()));
                QVERIFY2(
                    r.right() <= visible.right() + 1,
                    qPrintable(
                        QStringLiteral("%1: \"%2\" runs past the edge").arg(page, i->property("text").toString())));
            }
            for (QQuickItem *c : i->childItems())
                walk(c);
        };
        walk(stack);
    }
    // Every control a person can operate on this screen has a name in the
    // accessibility tree, as a screen reader (or a test driving it) finds it.
    void expectAccessibleNames(const QString &screen)
    {
        QStringList unnamed;
        std::function<void(QAccessibleInterface *, int)> walk = [&](QAccessibleInterface *a, int depth) {
            if (!a || !a->isValid() || depth > 60 || a->state().invisible)
                return;
            switch (a->role()) {
            case QAccessible::Button:
            case QAccessible::CheckBox:
            case QAccessible::RadioButton:
            case QAccessible::ComboBox:
            case QAccessible::EditableText:
            case QAccessible::SpinBox:
            case QAccessible::Slider:
            case QAccessible::PageTab:
            case QAccessible::MenuItem:
            case QAccessible::Link:
            case QAccessible::ListItem: // a record's row, a draft, a follow-up: each opens something
                // A name a person can hear: words or numbers, not only "▲" or "☰".
                if (!a->text(QAccessible::Name).contains(QRegularExpression(QStringLiteral("[\\p{L}\\p{N}]")))) {
                    QObject *o = a->object();
                    unnamed << QStringLiteral("%1 %2 \"%3\" (role %4)")
                                   .arg(o ? QString::fromLatin1(o->metaObject()->className()) : QStringLiteral("?"),
                                        o ? o->objectName() : QString(), a->text(QAccessible::Name))
                                   .arg(int(a->role()));
                }
                break;
            default: break;
            }
            for (int i = 0; i < a->childCount(); ++i)
                walk(a->child(i), depth + 1);
        };
        walk(QAccessible::queryAccessibleInterface(m_window), 0);
        QVERIFY2(unnamed.isEmpty(), qPrintable(screen + QStringLiteral(": controls without an accessible name: ") +
                                               unnamed.join(QStringLiteral(", "))));
    }
    void screenshot(const QString &name)
    {
        waitForPageTransition();
        QTest::qWait(200); // let lazy rows and fading pop-ups settle
        expectAccessibleNames(name);
        const QImage image = m_window->grabWindow();
        QVERIFY(!image.isNull());
        QDir().mkpath(QStringLiteral(KYODO_SCREENSHOT_DIR));
        const QString path = QStringLiteral(KYODO_SCREENSHOT_DIR "/%1.png").arg(name);
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    // A named item inside another (a form field's control, a row's date picker).
    QQuickItem *childOf(const QString &parent, const QString &name)
    {
        QQuickItem *p = item(parent);
        return p ? findItem(p, name) : nullptr;
    }
    bool clickItem(QQuickItem *target)
    {
        if (!target)
            return false;
        waitForPageTransition();
        QQuickTest::qWaitForPolish(m_window);
        scrollIntoView(target);
        QQuickTest::qWaitForPolish(m_window);
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }
    // Clicks into a field, selects what it holds and types over it, then leaves it with Tab.
    bool retype(QQuickItem *field, const QString &text)
    {
        if (!clickItem(field))
            return false;
        QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
        for (const QChar c : text) {
            const auto key = c.unicode() < 128 ? Qt::Key(c.toUpper().unicode()) : Qt::Key_unknown;
            QTest::sendKeyEvent(QTest::Click, m_window, key, QString(c), Qt::NoModifier);
        }
        QTest::keyClick(m_window, Qt::Key_Tab);
        return true;
    }
    // Every visible item of that name (the rows of a list or history).
    QList<QQuickItem *> allItems(const QString &name)
    {
        QList<QQuickItem *> out;
        std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
            if (!i->isVisible())
                return;
            if (i->objectName() == name)
                out << i;
            for (QQuickItem *c : i->childItems())
                walk(c);
        };
        walk(m_window->contentItem());
        return out;
    }
    QString textOf(const QString &name)
    {
        QQuickItem *i = item(name);
        return i ? i->property("text").toString() : QStringLiteral("<no %1>").arg(name);
    }
    std::vector<kyodo::ViewRecord> recordsOf(const char *type, const char *scope)
    {
        auto list = m_root->store().replica().list(type, scope, false);
        return list ? *list : std::vector<kyodo::ViewRecord>{};
    }
    // Nothing the user reads names a field key, a format or the network library.
    void expectPlainWords(const QString &text)
    {
        for (const char *technical : {"(due_on)", "due_on", "YYYY", "Failed", "libcurl", "127.0.0.1", "Field '"})
            QVERIFY2(!text.contains(QLatin1String(technical)), qPrintable(text));
    }

    // Starts the app on this device's data, as a person does after closing it.
    void openApp()
    {
        m_window = nullptr;
        m_root.reset();
        Kyodo::AppOptions options;
        options.dataDir = QString::fromStdString(m_appDir.path());
        options.pluginPaths = {QStringLiteral(KYODO_PLUGIN_DIR)};
        options.autoSync = false;
        options.serverUrl = QString::fromStdString(m_server->url());
        options.caFile = QString::fromStdString(kyodo::test::devCerts().ca);
        auto root = Kyodo::AppRoot::create(options);
        QVERIFY2(root.ok(), root.ok() ? "" : root.error().text().c_str());
        m_root = std::move(root.value());
        QStringList errors;
        QVERIFY2(m_root->loadMain(&errors), qPrintable(errors.join(QLatin1Char('\n'))));
        m_window = qobject_cast<QQuickWindow *>(m_root->engine().rootObjects().constFirst());
        QVERIFY(m_window);
        m_window->resize(1280, 860);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }
    // A photo as a phone saves it (large, with EXIF) in the test's own folder.
    QString photoFile(const QString &name, QColor colour, int width = 3200, int height = 2400)
    {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(colour);
        QPainter painter(&image);
        painter.setBrush(QColor("#f4f1e8"));
        painter.drawEllipse(QPoint(width / 2, height / 2), width / 4, height / 4);
        painter.end();
        const QString path = QString::fromStdString(m_otherDir.file(name.toStdString()));
        return image.save(path, "JPEG", 85) ? path : QString();
    }
    // Picks a file in the strip's file dialog as a person picks one, and accepts it.
    bool pickInFileDialog(const QString &stripName, const QString &button, const QString &path)
    {
        QQuickItem *strip = item(stripName);
        if (!strip)
            return false;
        QObject *dialog = strip->findChild<QObject *>(QStringLiteral("attachmentFileDialog"));
        if (!dialog)
            return false;
        // The folder and the file, as a person browses to it, then 開く.
        dialog->setProperty("currentFolder", QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
        dialog->setProperty("selectedFile", QUrl::fromLocalFile(path));
        if (!click(button))
            return false;
        for (int i = 0; i < 250 && !dialog->property("visible").toBool(); ++i)
            QTest::qWait(20);
        if (!dialog->property("visible").toBool())
            return false;
        QTest::qWait(100);
        if (dialog->property("selectedFile").toUrl() != QUrl::fromLocalFile(path))
            dialog->setProperty("selectedFile", QUrl::fromLocalFile(path));
        return QMetaObject::invokeMethod(dialog, "accept");
    }
    // The starts-with of every state chip's text under an item.
    QStringList statesUnder(const QString &name) { return statesUnder(item(name)); }
    QStringList statesUnder(QQuickItem *root)
    {
        QStringList out;
        std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
            if (i->objectName() == QLatin1String("attachmentState"))
                for (QQuickItem *c : i->childItems())
                    out << c->property("text").toString();
            for (QQuickItem *c : i->childItems())
                walk(c);
        };
        if (root)
            walk(root);
        return out;
    }
    // The port the server listens on, to start it again where the device expects it.
    std::string serverPort() const { return m_server->url().substr(m_server->url().rfind(':') + 1); }

private slots:
    void initTestCase()
    {
        // Each line as it is written: a run that ctest stops at its timeout
        // then shows where it was, not where the buffer last emptied.
        std::setvbuf(stdout, nullptr, _IOLBF, 0);
        m_server =
            kyodo::test::ServerProcess::start(m_serverDir.path(), {{"sato", "staff", {"ward:naka", "city"}},
                                                                   {"tanaka", "staff", {"ward:naka"}},
                                                                   {"hayashi", "committee", {"committee"}},
                                                                   {"yamada", "supporter", {"group:nohara"}},
                                                                   {"kimura", "staff", {"city"}, {"ward:naka"}}});
        QAccessible::setActive(true); // controls fill in their accessible names only when this is on
        openApp();
    }

    void savesThroughTheUiAndTheRecordReachesTheServer()
    {
        // Sign in on the first-run page (server URL and CA are offered).
        QVERIFY(item(QStringLiteral("serverField")));
        QCOMPARE(item(QStringLiteral("serverField"))->property("text").toString(),
                 QString::fromStdString(m_server->url()));
        screenshot(QStringLiteral("01-sign-in"));
        QVERIFY(typeInto(QStringLiteral("userField"), QStringLiteral("sato")));
        QVERIFY(typeInto(QStringLiteral("passwordField"), QString::fromUtf8(kyodo::test::ServerProcess::kPassword)));
        QSignalSpy firstSync(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("signInButton")));
        QTRY_VERIFY_WITH_TIMEOUT(m_root->app().session().signedIn(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(firstSync.count(), 1, 20000); // signing in starts a sync

        // The quick-entry page of the ward_centers plugin.
        QVERIFY(click(QStringLiteral("page_quick_consultation")));
        QVERIFY(click(QStringLiteral("category_funding")));
        QVERIFY(typeInto(QStringLiteral("partyField"), QStringLiteral("nakaku kodomo shokudo")));
        QVERIFY(click(QStringLiteral("quickSave")));
        QTRY_COMPARE(m_root->sync().pendingCount(), 1);
        QTRY_VERIFY(
            item(QStringLiteral("quickSaved"))->property("text").toString().contains(QStringLiteral("保存しました")));

        // Sync from the sync bar.
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 30000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QCOMPARE(m_root->sync().pendingCount(), 0);

        // A second device signed in as another clerk of the ward sees it.
        auto other = otherDevice(m_otherDir.file("other.sqlite"), m_server->url(), "tanaka");
        syncDevice(*other, m_server->url());
        auto records = other->list("ward_centers.consultation", "ward:naka", false);
        QVERIFY(records.ok());
        QCOMPARE(records->size(), size_t(1));
        const json &fields = records->front().fields;
        QCOMPARE(fields["party"].get<std::string>(), std::string("nakaku kodomo shokudo"));
        QCOMPARE(fields["category"].get<std::string>(), std::string("funding"));
        QCOMPARE(fields["channel"].get<std::string>(), std::string("visit"));
        QCOMPARE(fields["staff"].get<std::string>(), std::string("sato"));
    }

    void savesScreenshotsOfTheMainScreens()
    {
        QVERIFY(m_root->app().session().signedIn());
        // Enough records for a real list, and a conflict from the other device.
        std::vector<kyodo::Replica::NewRecord> batch;
        const char *parties[] = {"港北まちづくりの会", "中区子ども食堂ネット", "みどり里山クラブ",
                                 "よこはま多文化交流会"};
        const char *categories[] = {"startup", "funding", "publicity", "people"};
        for (int i = 0; i < 5000; ++i)
            batch.push_back(
                {{},
                 "ward_centers.consultation",
                 "ward:naka",
                 json{{"received_at", "2024-0" + std::to_string(4 + i % 6) + "-1" + std::to_string(i % 10) + "T10:00"},
                      {"channel", i % 3 ? "visit" : "phone"},
                      {"party", parties[i % 4]},
                      {"category", categories[i % 4]},
                      {"staff", "佐藤"},
                      {"summary", "活動の相談。助成金と広報の方法を説明した。"}}});
        QVERIFY(m_root->store().replica().createMany(batch).ok());
        m_root->store().notifyChanged();

        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QTRY_VERIFY(item(QStringLiteral("recordList")) &&
                    item(QStringLiteral("recordList"))->property("count").toInt() > 1000);
        screenshot(QStringLiteral("02-list"));

        QVERIFY(click(QStringLiteral("newButton")));
        QVERIFY(item(QStringLiteral("saveButton")));
        QVERIFY(click(QStringLiteral("saveButton"))); // empty: the messages show next to the fields
        screenshot(QStringLiteral("03-form"));

        // Sync in progress: 5,000 records going out; the window is drawn at the
        // first progress report of the push, while the bar shows done/total.
        QImage inProgress;
        const auto connection = connect(&m_root->sync(), &Kyodo::SyncController::progressChanged, this, [&] {
            const Kyodo::SyncController &s = m_root->sync();
            if (inProgress.isNull() && s.syncing() && s.total() > 0 && s.done() > 0 && s.done() < s.total())
                inProgress = m_window->grabWindow();
        });
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QVERIFY(m_root->sync().syncing());
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        disconnect(connection);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QVERIFY(!inProgress.isNull());
        QVERIFY(inProgress.save(QStringLiteral(KYODO_SCREENSHOT_DIR "/04-sync-in-progress.png")));

        // A conflict: both edit the channel of the same consultation offline.
        auto other = otherDevice(m_otherDir.file("other2.sqlite"), m_server->url(), "tanaka");
        syncDevice(*other, m_server->url());
        const std::string id =
            m_root->store().replica().list("ward_centers.consultation", "ward:naka", false)->front().id;
        QVERIFY(other->edit(id, json{{"channel", "email"}}).ok());
        QVERIFY(m_root->store().replica().edit(id, json{{"channel", "other"}, {"summary", "電話で再相談"}}).ok());
        syncDevice(*other, m_server->url());
        synced.clear();
        m_root->sync().syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QTRY_COMPARE(m_root->app().conflictCount(), 1);
        QVERIFY(click(QStringLiteral("nav_conflicts")));
        QTRY_VERIFY(item(QStringLiteral("keepMine")));
        screenshot(QStringLiteral("05-conflict-inbox"));
    }

    void reportsShowTablesChartsAndTheYearlyPdf()
    {
        QVERIFY(click(QStringLiteral("nav_reports")));
        QQuickItem *table = item(QStringLiteral("reportTable"));
        QVERIFY(table);
        QTRY_VERIFY(table->property("columns").toInt() >= 2);
        screenshot(QStringLiteral("07-reports"));

        // The 5,000 consultations of the screenshot test fall in FY2024 (令和6年度).
        const QString html = Kyodo::yearlyReportHtml(m_root->store().replica(), 2024, 2024);
        QVERIFY2(html.contains(QStringLiteral("令和6年度")), qPrintable(html.left(400)));
        QVERIFY2(html.contains(QStringLiteral("5,000")), qPrintable(html.left(2000)));
        const QString pdf = QStringLiteral(KYODO_SCREENSHOT_DIR "/yearly-report.pdf");
        const QVariantMap written = m_root->app().exportYearlyReport(2024, 2024, pdf);
        QVERIFY2(written.value(QStringLiteral("path")).toString() == pdf,
                 qPrintable(written.value(QStringLiteral("error")).toString()));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(4) == "%PDF");
        QVERIFY(file.size() > 1000);
        const QVariantMap refused =
            m_root->app().exportYearlyReport(2024, 2024, QStringLiteral("/nonexistent/dir/x.pdf"));
        QVERIFY(!refused.value(QStringLiteral("error")).toString().isEmpty());
    }

    void navigatesByADrawerOnANarrowWindow()
    {
        // A tablet held upright: no side bar, a menu button opens the drawer.
        m_window->resize(600, 900);
        QTRY_VERIFY(!showing(QStringLiteral("sideBar")));
        QVERIFY(click(QStringLiteral("menuButton")));
        QQuickItem *entry = item(QStringLiteral("nav_attention"));
        QVERIFY(entry);
        QTRY_VERIFY(entry->mapToScene(QPointF(0, 0)).x() >= 0); // the drawer has slid in
        QVERIFY2(entry->height() >= 44, "touch targets are at least 44 px high");
        QVERIFY(item(QStringLiteral("page_quick_consultation"))->height() >= 44);
        screenshot(QStringLiteral("06-narrow-drawer"));
        QVERIFY(click(QStringLiteral("nav_attention")));
        QTRY_VERIFY(item(QStringLiteral("attentionList")));
        m_window->resize(1280, 860);
        QTRY_VERIFY(item(QStringLiteral("sideBar")));
    }

    // Each area's main page (its own first page, else its first list), the
    // reports page with its chart, and the committee's meeting mode, at
    // tablet (1280×800) and laptop (1920×1080) size, over the records of the
    // acceptance fixtures; each page is also checked for text cut off by its width.
    void savesScreenshotsOfEachAreaAtTabletAndLaptopSize()
    {
        for (const char *fixture :
             {"collaboration.jsonl", "yume_fund.jsonl", "training.jsonl", "proposals.jsonl", "ward_centers_city.jsonl"})
            QVERIFY(importFixture(fixture));
        m_root->store().notifyChanged();
        // A ward clerk sees every area but the committee's: no scope of theirs may hold its records.
        const QVariantList areas = m_root->app().areas();
        QCOMPARE(areas.size(), 6);
        for (const QVariant &a : areas)
            QVERIFY(a.toMap().value(QStringLiteral("id")).toString() != QLatin1String("committee"));
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            m_window->resize(size);
            QTRY_VERIFY(item(QStringLiteral("sideBar")));
            const QString suffix = QStringLiteral("-%1x%2").arg(size.width()).arg(size.height());
            for (const QVariant &a : areas) {
                const QVariantMap area = a.toMap();
                const QVariantList pages = area.value(QStringLiteral("pages")).toList();
                const QString entry =
                    pages.isEmpty()
                        ? QStringLiteral("list_") + area.value(QStringLiteral("types"))
                                                        .toList()
                                                        .first()
                                                        .toMap()
                                                        .value(QStringLiteral("id"))
                                                        .toString()
                        : QStringLiteral("page_") + pages.first().toMap().value(QStringLiteral("id")).toString();
                QVERIFY2(click(entry), qPrintable(entry));
                screenshot(QStringLiteral("area-%1%2").arg(area.value(QStringLiteral("id")).toString(), suffix));
                expectNothingCutOff(entry);
            }
            QVERIFY(click(QStringLiteral("nav_reports")));
            QQuickItem *box = item(QStringLiteral("reportBox"));
            QVERIFY(box);
            int reportIndex = -1;
            QVERIFY(
                QMetaObject::invokeMethod(box, "indexOfValue", Q_RETURN_ARG(int, reportIndex),
                                          Q_ARG(QVariant, QStringLiteral("ward_centers.network_meetings_by_year"))));
            QVERIFY(reportIndex >= 0);
            box->setProperty("currentIndex", reportIndex);
            QTRY_VERIFY(item(QStringLiteral("reportTable"))->property("columns").toInt() == 4);
            screenshot(QStringLiteral("reports") + suffix);
        }

        // The committee's tablet: a member signs in on this device and opens the meeting mode.
        QVERIFY(signInAs("hayashi"));
        QVERIFY(importFixture("committee.jsonl"));
        m_root->store().notifyChanged();
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            m_window->resize(size);
            QVERIFY(click(QStringLiteral("page_meeting_mode")));
            QTRY_VERIFY(item(QStringLiteral("agendaItem0")));
            screenshot(QStringLiteral("meeting-mode-%1x%2").arg(size.width()).arg(size.height()));
            QVERIFY(click(QStringLiteral("backButton"))); // the side bar comes back with the page gone
        }
        m_window->resize(1280, 860);
    }

    // A committee meeting run from meeting mode on a tablet: the newest
    // meeting with its date and venue, an item marked discussed with its
    // decision, an item raised in the room, attendance and the minutes; all
    // belong to the meeting by reference and reach another member's device.
    // Issue 15: a contract names its project, in the list and in the form,
    // where the project is picked by name (the fixtures of the test before).
    void aContractsProjectIsPickedAndShownByName()
    {
        QVERIFY(signInAs("sato"));
        QVERIFY(click(QStringLiteral("list_collaboration.contract")));
        QTRY_VERIFY(item(QStringLiteral("recordRow0")));
        const QString listed = item(QStringLiteral("recordRow0"))->property("title").toString();
        QVERIFY2(listed.contains(QStringLiteral("協働事業")), qPrintable(listed));
        QVERIFY(click(QStringLiteral("newButton")));
        QQuickItem *picker = nullptr;
        QTRY_VERIFY((picker = childOf(QStringLiteral("field_project"), QStringLiteral("input"))));
        QCOMPARE(picker->property("displayText").toString(), QStringLiteral("（未選択）"));
        QVERIFY(picker->property("count").toInt() > 100);
        QVERIFY(clickItem(picker));
        QTRY_VERIFY(picker->property("popup").value<QObject *>()->property("opened").toBool());
        screenshot(QStringLiteral("19-contract-project-picker"));
        QTest::keyClick(m_window, Qt::Key_Down);
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_VERIFY(picker->property("displayText").toString().contains(QStringLiteral("協働事業")));
        // Not saved: the clerk cancels, and the draft the form kept is thrown away.
        QVERIFY(click(QStringLiteral("cancelButton")));
        auto drafts = m_root->store().replica().drafts();
        QVERIFY(drafts.ok());
        for (const auto &d : *drafts)
            if (d.type == "collaboration.contract")
                QVERIFY(m_root->store().replica().discardDraft(d.key).ok());
        m_root->store().notifyChanged();
    }

    void aCommitteeMeetingIsRunInMeetingMode()
    {
        QVERIFY(signInAs("hayashi"));
        m_window->resize(1280, 800);
        QVERIFY(click(QStringLiteral("page_meeting_mode")));
        QTRY_VERIFY(!showing(QStringLiteral("sideBar"))); // the side bar steps aside on a tablet
        QTRY_COMPARE(textOf(QStringLiteral("meetingWhenWhere")),
                     QStringLiteral("2019年7月29日（月） 14:00・市庁舎会議室"));
        QTRY_VERIFY(item(QStringLiteral("agendaItem0")));
        const QString meetingId =
            item(QStringLiteral("stack"))->property("currentItem").value<QObject *>()->property("meetingId").toString();
        QCOMPARE(meetingId, QStringLiteral("0190a000-0000-7000-8000-000000000006"));

        QVERIFY(clickItem(childOf(QStringLiteral("agendaItem0"), QStringLiteral("decision"))));
        for (const QChar c : QStringLiteral("機能と運営方法の報告を了承した。"))
            QTest::sendKeyEvent(QTest::Click, m_window, Qt::Key_unknown, QString(c), Qt::NoModifier);
        QTRY_COMPARE(m_root->app().draftCount(), 1); // kept while it is written
        QVERIFY(clickItem(childOf(QStringLiteral("agendaItem0"), QStringLiteral("saveDecision"))));
        QTRY_COMPARE(m_root->app().draftCount(), 0); // saved: the draft has gone

        QVERIFY(typeInto(QStringLiteral("newItemSubject"), QStringLiteral("次回の日程について")));
        QVERIFY(click(QStringLiteral("addItem")));
        QTRY_VERIFY(item(QStringLiteral("agendaItem1")));
        QVERIFY(clickItem(childOf(QStringLiteral("agendaItem1"), QStringLiteral("discussed"))));
        QVERIFY(typeInto(QStringLiteral("newMember"), QStringLiteral("委員長 山田")));
        QVERIFY(click(QStringLiteral("addMember")));
        QTRY_VERIFY(item(QStringLiteral("present_委員長 山田")));
        QVERIFY(clickItem(item(QStringLiteral("minutesText"))));
        for (const QChar c : QStringLiteral("委員長より開会。市から機能と運営方法を報告した。"))
            QTest::sendKeyEvent(QTest::Click, m_window, Qt::Key_unknown, QString(c), Qt::NoModifier);
        QVERIFY(click(QStringLiteral("saveMinutes")));
        QTRY_VERIFY(!item(QStringLiteral("saveMinutes"))->property("enabled").toBool());
        screenshot(QStringLiteral("16-meeting-mode-run"));
        expectNothingCutOff(QStringLiteral("meeting mode"));

        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        auto other = otherDevice(m_otherDir.file("member2.sqlite"), m_server->url(), "hayashi");
        syncDevice(*other, m_server->url());
        const auto belongs = [&](const char *type) {
            std::vector<kyodo::json> out;
            const auto all = other->list(type, "committee", false);
            for (const auto &r : all.value())
                if (r.fields.contains("meeting") && r.fields["meeting"] == meetingId.toStdString())
                    out.push_back(r.fields);
            return out;
        };
        const auto items = belongs("committee.agenda_item");
        QCOMPARE(items.size(), size_t(2));
        bool decided = false, raised = false;
        for (const auto &f : items) {
            decided = decided || (f.contains("decision") && f["decision"] == "機能と運営方法の報告を了承した。");
            raised =
                raised || (f["subject"] == "次回の日程について" && f.contains("discussed") && f["discussed"] == true);
        }
        QVERIFY2(decided && raised, (items[0].dump() + items[1].dump()).c_str());
        QCOMPARE(belongs("committee.attendance").size(), size_t(1));
        QCOMPARE(belongs("committee.minutes").size(), size_t(1));
        const kyodo::json minutes = belongs("committee.minutes").front();
        QCOMPARE(QString::fromStdString(minutes.dump()),
                 QString::fromStdString(kyodo::json{{"meeting", meetingId.toStdString()},
                                                    {"text", "委員長より開会。市から機能と運営方法を報告した。"},
                                                    {"written_by", "hayashi"}}
                                            .dump()));
        QVERIFY(click(QStringLiteral("backButton")));
        QTRY_VERIFY(item(QStringLiteral("sideBar"))); // and comes back after
        m_window->resize(1280, 860);
    }

    // A clerk edits a consultation saved earlier: the form shows the choices
    // the record holds (電話, 資金), not （未選択）, and the history says what changed.
    void editingASavedConsultationShowsWhatItHolds()
    {
        QVERIFY(signInAs("sato"));
        auto id = m_root->store().replica().create("ward_centers.consultation", "ward:naka",
                                                   json{{"received_at", "2026-11-27T15:10"},
                                                        {"channel", "phone"},
                                                        {"party", "瀬谷ふれあい農園の会"},
                                                        {"category", "funding"},
                                                        {"staff", "佐藤"},
                                                        {"summary", "助成金の申請について電話で相談"}});
        QVERIFY(id.ok());
        m_root->store().notifyChanged();
        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QVERIFY(typeInto(QStringLiteral("searchField"), QStringLiteral("瀬谷ふれあい")));
        QTRY_COMPARE(item(QStringLiteral("recordList"))->property("count").toInt(), 1);
        QVERIFY(click(QStringLiteral("recordRow0")));
        QTRY_COMPARE(textOf(QStringLiteral("value_channel")), QStringLiteral("電話"));
        QCOMPARE(textOf(QStringLiteral("value_received_at")), QStringLiteral("2026年11月27日（金） 15:10"));
        QVERIFY(click(QStringLiteral("editButton")));
        QTRY_VERIFY(childOf(QStringLiteral("field_channel"), QStringLiteral("input")));
        QTRY_COMPARE(
            childOf(QStringLiteral("field_channel"), QStringLiteral("input"))->property("displayText").toString(),
            QStringLiteral("電話"));
        QCOMPARE(childOf(QStringLiteral("field_category"), QStringLiteral("input"))->property("displayText").toString(),
                 QStringLiteral("資金"));
        QCOMPARE(childOf(QStringLiteral("field_party"), QStringLiteral("input"))->property("text").toString(),
                 QStringLiteral("瀬谷ふれあい農園の会"));
        screenshot(QStringLiteral("08-edit-shows-saved-choices"));

        // Text over the limit is not cut: the counter and the message say so, and nothing is saved.
        const QString tooLong(210, QChar(0x3042)); // 210 × あ; the party field holds 200
        QVERIFY(retype(childOf(QStringLiteral("field_party"), QStringLiteral("input")), tooLong));
        QTRY_COMPARE(
            childOf(QStringLiteral("field_party"), QStringLiteral("input"))->property("text").toString().size(), 210);
        QVERIFY(childOf(QStringLiteral("field_party"), QStringLiteral("lengthCounter"))->isVisible());
        QCOMPARE(childOf(QStringLiteral("field_party"), QStringLiteral("lengthCounter"))->property("text").toString(),
                 QStringLiteral("210 / 200 文字"));
        QVERIFY(click(QStringLiteral("saveButton")));
        const QString refusal =
            childOf(QStringLiteral("field_party"), QStringLiteral("fieldError"))->property("text").toString();
        QVERIFY2(refusal.contains(QStringLiteral("200文字以内")), qPrintable(refusal));
        expectPlainWords(refusal);
        QCOMPARE(m_root->store().replica().get(*id).value()->fields["party"].get<std::string>(),
                 std::string("瀬谷ふれあい農園の会"));

        // Choose another channel with the mouse and save: the history names the change.
        QVERIFY(retype(childOf(QStringLiteral("field_party"), QStringLiteral("input")),
                       QStringLiteral("瀬谷ふれあい農園の会")));
        QQuickItem *channel = childOf(QStringLiteral("field_channel"), QStringLiteral("input"));
        QVERIFY(clickItem(channel));
        QTRY_VERIFY(channel->property("popup").value<QObject *>()->property("opened").toBool());
        QTest::keyClick(m_window, Qt::Key_Down); // 電話 → メール
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_COMPARE(channel->property("displayText").toString(), QStringLiteral("メール"));
        QVERIFY(click(QStringLiteral("saveButton")));
        QTRY_COMPARE(textOf(QStringLiteral("value_channel")), QStringLiteral("メール"));
        QCOMPARE(m_root->store().replica().get(*id).value()->fields["channel"].get<std::string>(),
                 std::string("email"));
        QTRY_VERIFY(item(QStringLiteral("historyChanges")));
        QStringList history;
        for (QQuickItem *i : allItems(QStringLiteral("historyChanges")))
            history << i->property("text").toString();
        QVERIFY2(history.join(QLatin1Char('\n')).contains(QStringLiteral("受付方法: 電話 → メール")),
                 qPrintable(history.join(QLatin1Char('|'))));
        screenshot(QStringLiteral("09-detail-history"));
    }

    // Three consultations saved while the server is down: 今すぐ同期 fails,
    // every receipt stays 端末に保存済み, the bar says 未送信 3 件 in plain words
    // (the library's own words behind 詳細), and once the server is back one
    // sync applies them all.
    void syncingWithTheServerDownChangesNoReceipt()
    {
        QVERIFY(signInAs("sato"));
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QCOMPARE(m_root->sync().pendingCount(), 0);
        QTRY_COMPARE(textOf(QStringLiteral("onlineLabel")), QStringLiteral("オンライン"));

        QVERIFY(click(QStringLiteral("page_quick_consultation")));
        for (int i = 1; i <= 3; ++i) {
            QVERIFY(click(QStringLiteral("category_publicity")));
            QVERIFY(typeInto(QStringLiteral("partyField"), QStringLiteral("港南ひまわり会 %1").arg(i)));
            QVERIFY(click(QStringLiteral("quickSave")));
            QTRY_COMPARE(m_root->sync().pendingCount(), i);
        }
        const std::string port = serverPort();
        m_server->stop();
        synced.clear();
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QCOMPARE(synced.at(0).at(0).toBool(), false);
        QCOMPARE(*m_root->store().replica().countInState(kyodo::OutboxState::Sent), std::int64_t(0));
        QCOMPARE(*m_root->store().replica().countInState(kyodo::OutboxState::Saved), std::int64_t(3));
        QCOMPARE(textOf(QStringLiteral("pendingLabel")), QStringLiteral("未送信 3 件"));
        QCOMPARE(textOf(QStringLiteral("onlineLabel")), QStringLiteral("オフライン"));
        const QString error = textOf(QStringLiteral("errorLabel"));
        QVERIFY2(error.startsWith(QStringLiteral("サーバーに接続できません")), qPrintable(error));
        expectPlainWords(error);
        QVERIFY(click(QStringLiteral("errorDetails")));
        QTRY_VERIFY(allItems(QStringLiteral("errorDetailText")).size() == 1);
        QVERIFY(allItems(QStringLiteral("errorDetailText"))
                    .first()
                    ->property("text")
                    .toString()
                    .contains(QLatin1String("Couldn't connect")));
        screenshot(QStringLiteral("10-offline-sync"));
        QTest::keyClick(m_window, Qt::Key_Escape);
        // The list agrees with the bar.
        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QVERIFY(typeInto(QStringLiteral("searchField"), QStringLiteral("港南ひまわり会")));
        QTRY_COMPARE(item(QStringLiteral("recordList"))->property("count").toInt(), 3);
        const QList<QQuickItem *> chips = allItems(QStringLiteral("rowReceipt"));
        QCOMPARE(chips.size(), 3);
        for (QQuickItem *chip : chips)
            QCOMPARE(chip->property("state").toString(), QStringLiteral("saved"));

        m_server = kyodo::test::ServerProcess::start(m_serverDir.path(), {}, {"--listen", "127.0.0.1:" + port});
        synced.clear();
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QCOMPARE(textOf(QStringLiteral("pendingLabel")), QStringLiteral("すべてサーバーに反映済み"));
        QCOMPARE(textOf(QStringLiteral("errorLabel")), QString());
        QCOMPARE(*m_root->store().replica().countInState(kyodo::OutboxState::Saved), std::int64_t(0));
    }

    // A supporter back from a visit: the second follow-up's date is wrong, so
    // nothing is saved and the row is marked; fixed, one press saves the note
    // and both follow-ups once.
    void aVisitNoteWithABadFollowUpIsSavedOnceWhenFixed()
    {
        QVERIFY(signInAs("yamada"));
        QVERIFY(click(QStringLiteral("page_visit_quick_entry")));
        QVERIFY(typeInto(QStringLiteral("groupField"), QStringLiteral("のはら子育てひろば")));
        QVERIFY(typeInto(QStringLiteral("summaryField"), QStringLiteral("ニーズ調査の進め方を相談")));
        QVERIFY(typeInto(QStringLiteral("noteField"), QStringLiteral("アンケートの対象と配り方を一緒に考えた。")));
        QVERIFY(typeInto(QStringLiteral("followUpAction0"), QStringLiteral("アンケート案を送る")));
        QVERIFY(retype(childOf(QStringLiteral("followUpDue0"), QStringLiteral("input")), QStringLiteral("2099/02/01")));
        QVERIFY(typeInto(QStringLiteral("followUpAction1"), QStringLiteral("関連課に連絡する")));
        QVERIFY(retype(childOf(QStringLiteral("followUpDue1"), QStringLiteral("input")), QStringLiteral("2099/02/30")));
        QVERIFY(click(QStringLiteral("saveVisit")));
        const QString refused = textOf(QStringLiteral("visitMessage"));
        QVERIFY2(refused.contains(QStringLiteral("保存していません")) &&
                     refused.contains(QStringLiteral("フォローアップ 2")),
                 qPrintable(refused));
        expectPlainWords(refused);
        QCOMPARE(recordsOf("accompaniment.visit_note", "group:nohara").size(), size_t(0));
        QCOMPARE(recordsOf("accompaniment.follow_up", "group:nohara").size(), size_t(0));
        QVERIFY(item(QStringLiteral("saveVisit"))->property("enabled").toBool());
        screenshot(QStringLiteral("11-visit-note-refused"));

        QVERIFY(retype(childOf(QStringLiteral("followUpDue1"), QStringLiteral("input")), QStringLiteral("2099/03/01")));
        QVERIFY(click(QStringLiteral("saveVisit")));
        QTRY_VERIFY(textOf(QStringLiteral("visitMessage")).contains(QStringLiteral("フォローアップ 2 件")));
        QVERIFY(click(QStringLiteral("saveVisit"))); // a second press: the form is empty now, nothing more is saved
        const auto notes = recordsOf("accompaniment.visit_note", "group:nohara");
        const auto followUps = recordsOf("accompaniment.follow_up", "group:nohara");
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(followUps.size(), size_t(2));
        QCOMPARE(notes[0].fields["group_name"].get<std::string>(), std::string("のはら子育てひろば"));
        for (const auto &f : followUps)
            QCOMPARE(f.fields["visit"].get<std::string>(), notes[0].id);
        QCOMPARE(textOf(QStringLiteral("summaryField")), QString());
        QCOMPARE(textOf(QStringLiteral("groupField")), QStringLiteral("のはら子育てひろば")); // known now
        // The same save sent again (a double tap that got through) is refused as saved, not saved twice.
        const QVariantMap again = m_root->app().records().createRecords(QVariantList{QVariantMap{
            {QStringLiteral("id"), QString::fromStdString(notes[0].id)},
            {QStringLiteral("type"), QStringLiteral("accompaniment.visit_note")},
            {QStringLiteral("scope"), QStringLiteral("group:nohara")},
            {QStringLiteral("fields"), QVariantMap{{QStringLiteral("visited_at"), QStringLiteral("2026-11-30T10:00")},
                                                   {QStringLiteral("group_name"), QStringLiteral("x")},
                                                   {QStringLiteral("supporter"), QStringLiteral("yamada")},
                                                   {QStringLiteral("summary"), QStringLiteral("x")}}}}});
        QVERIFY(again.value(QStringLiteral("duplicate")).toBool());
        QCOMPARE(recordsOf("accompaniment.visit_note", "group:nohara").size(), size_t(1));

        // The follow-up's detail names its visit note, not an id.
        QVERIFY(click(QStringLiteral("page_follow_ups_due")));
        QTRY_VERIFY(item(QStringLiteral("followUpList")));
        QTRY_VERIFY(item(QStringLiteral("followUpRow0")));
        QVERIFY(click(QStringLiteral("followUpRow0")));
        QTRY_COMPARE(textOf(QStringLiteral("value_visit")), QStringLiteral("ニーズ調査の進め方を相談"));
    }

    // Half a note typed, then ホーム and the app closed: the note is in 下書き
    // with its group and summary, and opening it brings back every field.
    void aVisitNoteTypedIsKeptThroughAClose()
    {
        QVERIFY(click(QStringLiteral("page_visit_quick_entry")));
        QVERIFY(typeInto(QStringLiteral("summaryField"), QStringLiteral("閉じる前に書いていた要点")));
        QVERIFY(typeInto(QStringLiteral("noteField"), QStringLiteral("会の運営について長く話した。")));
        QVERIFY(typeInto(QStringLiteral("followUpAction0"), QStringLiteral("規約の見本を届ける")));
        QVERIFY(clickItem(childOf(QStringLiteral("followUpDue0"), QStringLiteral("nowButton")))); // due today
        QVERIFY(click(QStringLiteral("nav_home")));
        QTRY_COMPARE(m_root->app().draftCount(), 1);

        openApp(); // closed and opened again
        QVERIFY(click(QStringLiteral("nav_drafts")));
        QTRY_VERIFY(item(QStringLiteral("draft0")));
        const QString summary =
            childOf(QStringLiteral("draft0"), QStringLiteral("draftSummary"))->property("text").toString();
        QVERIFY2(summary.contains(QStringLiteral("閉じる前に書いていた要点")) &&
                     summary.contains(QStringLiteral("のはら子育てひろば")),
                 qPrintable(summary));
        screenshot(QStringLiteral("12-drafts"));
        QVERIFY(click(QStringLiteral("draft0")));
        QTRY_COMPARE(textOf(QStringLiteral("summaryField")), QStringLiteral("閉じる前に書いていた要点"));
        QCOMPARE(textOf(QStringLiteral("noteField")), QStringLiteral("会の運営について長く話した。"));
        QCOMPARE(textOf(QStringLiteral("followUpAction0")), QStringLiteral("規約の見本を届ける"));
        QCOMPARE(childOf(QStringLiteral("followUpDue0"), QStringLiteral("input"))->property("text").toString(),
                 m_root->app().preferences().displayDateTime(QDate::currentDate().toString(Qt::ISODate)));
        screenshot(QStringLiteral("13-visit-note-restored"));
        QVERIFY(click(QStringLiteral("saveVisit")));
        QTRY_COMPARE(recordsOf("accompaniment.visit_note", "group:nohara").size(), size_t(2));
        QTRY_COMPARE(m_root->app().draftCount(), 0);
    }

    // Two people edit the same long visit note offline. The sync bar
    // announces the conflict; from there the inbox shows the three versions
    // side by side with the changes marked, and the supporter writes the
    // value to keep in a multi-line editor. The server ends with that value.
    void aLongNoteInConflictIsResolvedInTheEditor()
    {
        QVERIFY(signInAs("yamada"));
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        const auto notes = recordsOf("accompaniment.visit_note", "group:nohara");
        QVERIFY(!notes.empty());
        const std::string id = notes.front().id;
        QString longNote;
        for (int i = 0; i < 40; ++i)
            longNote += QStringLiteral("第%1回の打合せでは、会の運営と会計の引き継ぎについて話し合った。").arg(i + 1);
        QVERIFY(m_root->store().replica().edit(id, json{{"note", longNote.toStdString()}}).ok());
        synced.clear();
        m_root->sync().syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);

        auto other = otherDevice(m_otherDir.file("supporter2.sqlite"), m_server->url(), "yamada");
        syncDevice(*other, m_server->url());
        QVERIFY(other->edit(id, json{{"note", (longNote + QStringLiteral("次回は会計担当も同席する。")).toStdString()}})
                    .ok());
        syncDevice(*other, m_server->url());
        QVERIFY(m_root->store()
                    .replica()
                    .edit(id, json{{"note", QString(longNote)
                                                .replace(QStringLiteral("第7回"), QStringLiteral("第7回（臨時）"))
                                                .toStdString()}})
                    .ok());
        m_root->store().notifyChanged();
        synced.clear();
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QTRY_COMPARE(m_root->app().conflictCount(), 1);
        QTRY_VERIFY2(textOf(QStringLiteral("announcement")).contains(QStringLiteral("新しい競合 1 件")),
                     qPrintable(textOf(QStringLiteral("announcement"))));
        QVERIFY(click(QStringLiteral("announcement")));
        QTRY_VERIFY(item(QStringLiteral("editValue")));
        QVERIFY(!showing(QStringLiteral("announcement")));
        const QString mine = allItems(QStringLiteral("mineValue")).first()->property("text").toString();
        const QString theirs = allItems(QStringLiteral("theirsValue")).first()->property("text").toString();
        QVERIFY2(mine.contains(QStringLiteral("#fff59d\">（臨時）</span>")), qPrintable(mine.left(300)));
        QVERIFY2(theirs.contains(QStringLiteral("#fff59d\">次回は会計担当も同席する。</span>")),
                 qPrintable(theirs.right(300)));
        QVERIFY(item(QStringLiteral("keepBoth")));
        screenshot(QStringLiteral("14-conflict-long-text"));

        QVERIFY(click(QStringLiteral("editValue")));
        QQuickItem *editor = item(QStringLiteral("editField"));
        QVERIFY(editor);
        QVERIFY(editor->height() > 100); // room for a long text, not one line
        QTRY_VERIFY(editor->hasActiveFocus());
        QTest::keyClick(m_window, Qt::Key_End, Qt::ControlModifier);
        for (const QChar c : QStringLiteral("次回は会計担当も同席する。"))
            QTest::sendKeyEvent(QTest::Click, m_window, Qt::Key_unknown, QString(c), Qt::NoModifier);
        QTRY_COMPARE(m_root->app().draftCount(), 1); // what is being written survives a close
        screenshot(QStringLiteral("15-conflict-editor"));
        QVERIFY(click(QStringLiteral("useValue")));
        QTRY_COMPARE(m_root->app().draftCount(), 0);
        synced.clear();
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QTRY_COMPARE(m_root->app().conflictCount(), 0);
        syncDevice(*other, m_server->url());
        const QString kept = QString::fromStdString(other->get(id).value()->fields["note"].get<std::string>());
        QCOMPARE(kept, QString(longNote).replace(QStringLiteral("第7回"), QStringLiteral("第7回（臨時）")) +
                           QStringLiteral("次回は会計担当も同席する。"));
    }

    // English screens read as English: no full-width brackets or 中黒 in the
    // app's own words (sync bar, navigation, home, drafts, an empty form).
    void englishScreensUseEnglishPunctuation()
    {
        QVERIFY(signInAs("sato"));
        // A page open while the language changes reads its names again.
        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QTRY_COMPARE(item(QStringLiteral("pageTitle"))->property("text").toString(), QStringLiteral("相談記録"));
        m_root->app().preferences().setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(item(QStringLiteral("pageTitle"))->property("text").toString(), QStringLiteral("Consultation"));
        const auto expectEnglish = [&](const QString &screen) {
            QTest::qWait(100);
            for (const QString &name :
                 {QStringLiteral("syncBar"), QStringLiteral("sideBar"), QStringLiteral("stack")}) {
                QQuickItem *root = item(name);
                QVERIFY2(root, qPrintable(name));
                std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
                    if (!i->isVisible())
                        return;
                    if (i->inherits("QQuickText") || i->inherits("QQuickTextInput")) {
                        const QString text = i->property("text").toString();
                        for (const QChar c : {QChar(0xFF08), QChar(0xFF09), QChar(0x30FB)})
                            QVERIFY2(!text.contains(c), qPrintable(screen + QStringLiteral(": ") + text));
                    }
                    for (QQuickItem *c : i->childItems())
                        walk(c);
                };
                walk(root);
            }
        };
        QVERIFY(click(QStringLiteral("nav_home")));
        expectEnglish(QStringLiteral("home"));
        QVERIFY(click(QStringLiteral("nav_drafts")));
        expectEnglish(QStringLiteral("drafts"));
        QVERIFY(click(QStringLiteral("list_ward_centers.support_program")));
        QVERIFY(click(QStringLiteral("newButton")));
        QTRY_VERIFY(item(QStringLiteral("saveButton")));
        QVERIFY(click(QStringLiteral("saveButton")));
        expectEnglish(QStringLiteral("new record form"));
        screenshot(QStringLiteral("17-english-form"));
        m_root->app().preferences().setLanguage(QStringLiteral("ja"));
    }

    // A larger type, chosen in 設定 with the keyboard, applies to the whole app and is kept.
    void theTextSizeSettingEnlargesEveryScreen()
    {
        QVERIFY(click(QStringLiteral("nav_settings")));
        QQuickItem *box = item(QStringLiteral("textSizeBox"));
        QVERIFY(box);
        QVERIFY(box->height() >= 44);
        QVERIFY(clickItem(box));
        QTRY_VERIFY(box->property("popup").value<QObject *>()->property("opened").toBool());
        QTest::keyClick(m_window, Qt::Key_Down);
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_COMPARE(m_root->app().preferences().textSize(), 18);
        QTRY_COMPARE(m_window->property("font").value<QFont>().pixelSize(), 18);
        QCOMPARE(QString::fromStdString(m_root->store().replica().appSetting("text_size")), QStringLiteral("18"));
        QVERIFY(click(QStringLiteral("nav_home")));
        screenshot(QStringLiteral("18-large-text"));
        m_root->app().preferences().setTextSize(15);
    }

    // A clerk who works with the keyboard alone fills a new consultation:
    // Tab visits every field in order and leaves a multi-line field (no tab
    // character typed, no trap), arrow keys choose, and Ctrl+S saves.
    void aFormIsFilledAndSavedWithTheKeyboardAlone()
    {
        QVERIFY(signInAs("sato"));
        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QVERIFY(click(QStringLiteral("newButton")));
        QTRY_VERIFY(item(QStringLiteral("saveButton")));
        waitForPageTransition();
        const auto fieldOf = [](QQuickItem *i) {
            for (; i; i = i->parentItem())
                if (i->objectName().startsWith(QLatin1String("field_")) ||
                    i->objectName() == QLatin1String("saveButton"))
                    return i->objectName();
            return QString();
        };
        const auto type = [&](const QString &text) {
            for (const QChar c : text)
                QTest::sendKeyEvent(QTest::Click, m_window,
                                    c.unicode() < 128 ? Qt::Key(c.toUpper().unicode()) : Qt::Key_unknown, QString(c),
                                    Qt::NoModifier);
        };
        QStringList visited;
        for (int i = 0; i < 80 && !visited.contains(QLatin1String("saveButton")); ++i) {
            QTest::keyClick(m_window, Qt::Key_Tab);
            const QString field = fieldOf(m_window->activeFocusItem());
            if (field.isEmpty() || visited.contains(field))
                continue;
            visited << field;
            if (field == QLatin1String("field_received_at"))
                type(QStringLiteral("2026/11/30 10:15"));
            else if (field == QLatin1String("field_channel") || field == QLatin1String("field_category"))
                QTest::keyClick(m_window, Qt::Key_Down);
            else if (field == QLatin1String("field_party"))
                type(QStringLiteral("keyboard no kai"));
            else if (field == QLatin1String("field_summary"))
                type(QStringLiteral("line one"));
        }
        const QStringList expected = {
            QStringLiteral("field_received_at"), QStringLiteral("field_channel"),       QStringLiteral("field_party"),
            QStringLiteral("field_party_kind"),  QStringLiteral("field_category"),      QStringLiteral("field_summary"),
            QStringLiteral("field_response"),    QStringLiteral("field_response_note"), QStringLiteral("field_staff"),
            QStringLiteral("field_next_action"), QStringLiteral("field_next_due"),      QStringLiteral("saveButton")};
        QCOMPARE(visited.join(QLatin1Char(' ')), expected.join(QLatin1Char(' ')));
        const size_t before = recordsOf("ward_centers.consultation", "ward:naka").size();
        QTest::keyClick(m_window, Qt::Key_S, Qt::ControlModifier);
        QTRY_COMPARE(recordsOf("ward_centers.consultation", "ward:naka").size(), before + 1);
        json saved;
        for (const auto &r : recordsOf("ward_centers.consultation", "ward:naka"))
            if (r.fields.value("party", "") == "keyboard no kai")
                saved = r.fields;
        QCOMPARE(QString::fromStdString(saved.value("received_at", "")), QStringLiteral("2026-11-30T10:15"));
        QCOMPARE(QString::fromStdString(saved.value("channel", "")), QStringLiteral("visit"));
        QCOMPARE(QString::fromStdString(saved.value("category", "")), QStringLiteral("startup"));
        QCOMPARE(QString::fromStdString(saved.value("summary", "")), QStringLiteral("line one"));
    }

    // Every page the side bar opens, for each role, names its controls in the
    // accessibility tree (the screenshots audit the pages the scenarios reach).
    void everyPageNamesItsControlsForEveryRole()
    {
        for (const char *user : {"sato", "hayashi", "yamada"}) {
            QVERIFY(signInAs(user));
            QTRY_COMPARE(m_root->app().session().userName(), QString::fromLatin1(user));
            QStringList entries;
            std::function<void(QQuickItem *)> walk = [&](QQuickItem *i) {
                if (!i->isVisible())
                    return;
                if (i->objectName().startsWith(QLatin1String("nav_")) ||
                    i->objectName().startsWith(QLatin1String("page_")) ||
                    i->objectName().startsWith(QLatin1String("list_")))
                    entries << i->objectName();
                for (QQuickItem *c : i->childItems())
                    walk(c);
            };
            QVERIFY(item(QStringLiteral("sideBar")));
            walk(item(QStringLiteral("sideBar")));
            QVERIFY2(entries.size() >= 7, qPrintable(entries.join(QLatin1Char(' '))));
            for (const QString &entry : entries) {
                if (!showing(entry))
                    QVERIFY(click(QStringLiteral("menuButton"))); // meeting mode hid the side bar
                QVERIFY2(click(entry), qPrintable(entry));
                waitForPageTransition();
                QTest::qWait(100);
                expectAccessibleNames(QStringLiteral("%1 as %2").arg(entry, QLatin1String(user)));
                if (QTest::currentTestFailed())
                    return;
            }
        }
        QVERIFY(signInAs("sato"));
        QVERIFY(click(QStringLiteral("nav_home")));
    }

    // Two photos picked with 写真を追加 before the note is saved go with it:
    // made smaller and without the place they were taken, shown as
    // previews, sent after the records (この端末のみ → サーバー保存済み).
    // A PDF among the photos is refused in the field's own words.
    void aVisitNoteGetsPhotosThroughTheUi()
    {
        m_root->app().preferences().setLanguage(QStringLiteral("ja"));
        m_root->app().preferences().setTextSize(15);
        QVERIFY(signInAs("yamada"));
        m_window->resize(1280, 860);
        QVERIFY(click(QStringLiteral("page_visit_quick_entry")));
        // The quick entry keeps the last group it saved (known now): typed only where it is not there.
        if (textOf(QStringLiteral("groupField")) != QStringLiteral("のはら子育てひろば"))
            QVERIFY(typeInto(QStringLiteral("groupField"), QStringLiteral("のはら子育てひろば")));
        QVERIFY(typeInto(QStringLiteral("summaryField"), QStringLiteral("ひろばの様子を記録")));
        for (const auto &[name, colour] : {std::pair{QStringLiteral("hiroba-1.jpg"), QColor("#5b8c5a")},
                                           std::pair{QStringLiteral("hiroba-2.jpg"), QColor("#c0714f")}}) {
            QVERIFY(pickInFileDialog(QStringLiteral("visitPhotos"), QStringLiteral("addAttachment_photos"),
                                     photoFile(name, colour)));
        }
        QTRY_COMPARE(statesUnder(QStringLiteral("visitPhotos")).size(), 2);
        const QString pdf = QString::fromStdString(m_otherDir.file("paper.pdf"));
        {
            QFile f(pdf);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("%PDF-1.4\n%%EOF\n");
        }
        QVERIFY(pickInFileDialog(QStringLiteral("visitPhotos"), QStringLiteral("addAttachment_photos"), pdf));
        QTRY_VERIFY(textOf(QStringLiteral("attachmentError")).contains(QStringLiteral("写真")));
        QCOMPARE(statesUnder(QStringLiteral("visitPhotos")),
                 QStringList({QStringLiteral("保存すると添付"), QStringLiteral("保存すると添付")}));
        scrollIntoView(item(QStringLiteral("visitPhotos")));
        screenshot(QStringLiteral("20-visit-note-photos-picked"));

        // A wrong photo picked is taken off with ×, before anything is saved.
        QVERIFY(pickInFileDialog(QStringLiteral("visitPhotos"), QStringLiteral("addAttachment_photos"),
                                 photoFile(QStringLiteral("wrong.jpg"), QColor("#222222"))));
        QTRY_COMPARE(statesUnder(QStringLiteral("visitPhotos")).size(), 3);
        QVERIFY(click(QStringLiteral("removeAttachment_wrong.jpg")));
        QTRY_COMPARE(statesUnder(QStringLiteral("visitPhotos")).size(), 2);
        QVERIFY(!item(QStringLiteral("attachment_wrong.jpg")));

        // The app is closed before 保存: the note and its two photos come back
        // from the draft (the photos kept encrypted on the device meanwhile).
        QTRY_COMPARE(m_root->app().draftCount(), 1);
        openApp();
        QVERIFY(click(QStringLiteral("nav_drafts")));
        QTRY_VERIFY(item(QStringLiteral("draft0")));
        QVERIFY(click(QStringLiteral("draft0")));
        QTRY_COMPARE(textOf(QStringLiteral("summaryField")), QStringLiteral("ひろばの様子を記録"));
        QTRY_COMPARE(statesUnder(QStringLiteral("visitPhotos")),
                     QStringList({QStringLiteral("保存すると添付"), QStringLiteral("保存すると添付")}));
        QVERIFY(item(QStringLiteral("attachment_hiroba-1.jpg")) && item(QStringLiteral("attachment_hiroba-2.jpg")));

        QVERIFY(click(QStringLiteral("saveVisit")));
        QTRY_VERIFY(textOf(QStringLiteral("visitMessage")).contains(QStringLiteral("保存しました")));
        const auto notes = recordsOf("accompaniment.visit_note", "group:nohara");
        std::string noteId;
        for (const auto &n : notes)
            if (n.fields.value("summary", "") == "ひろばの様子を記録")
                noteId = n.id;
        QVERIFY(!noteId.empty());
        const auto note = m_root->store().replica().get(noteId).value();
        QCOMPARE(note->fields["photos"].size(), std::size_t(2));
        for (const auto &photo : note->fields["photos"])
            QVERIFY(photo.contains("thumb"));
        QTRY_COMPARE(m_root->app().draftCount(), 0);
        QCOMPARE(statesUnder(QStringLiteral("visitPhotos")).size(), 0); // the next note starts with none

        // The note's detail: previews with where each is, then sent.
        QVERIFY(click(QStringLiteral("list_accompaniment.visit_note")));
        QVERIFY(typeInto(QStringLiteral("searchField"), QStringLiteral("ひろばの様子")));
        QTRY_COMPARE(item(QStringLiteral("recordList"))->property("count").toInt(), 1);
        QVERIFY(click(QStringLiteral("recordRow0")));
        QTRY_COMPARE(statesUnder(QStringLiteral("attachments_photos")),
                     QStringList({QStringLiteral("この端末のみ"), QStringLiteral("この端末のみ")}));
        QSignalSpy files(&m_root->sync(), &Kyodo::SyncController::filesChanged);
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(!m_root->sync().filesBusy() && files.count() > 0, 60000);
        QTRY_COMPARE(statesUnder(QStringLiteral("attachments_photos")),
                     QStringList({QStringLiteral("サーバー保存済み"), QStringLiteral("サーバー保存済み")}));
        screenshot(QStringLiteral("21-visit-note-photos-sent"));

        // Full size in the viewer, from the encrypted store, opened as a
        // screen reader opens it: the tile is found by a name that does not
        // change with its state, says its state, and takes the press action.
        {
            QAccessibleInterface *tile =
                QAccessible::queryAccessibleInterface(item(QStringLiteral("attachment_hiroba-1.jpg")));
            QVERIFY(tile);
            QCOMPARE(tile->text(QAccessible::Name), QStringLiteral("hiroba-1.jpgを開く"));
            QCOMPARE(tile->text(QAccessible::Description), QStringLiteral("サーバー保存済み"));
            QAccessibleActionInterface *actions = tile->actionInterface();
            QVERIFY(actions && actions->actionNames().contains(QAccessibleActionInterface::pressAction()));
            actions->doAction(QAccessibleActionInterface::pressAction());
        }
        QTRY_VERIFY(item(QStringLiteral("viewerImage")));
        QTRY_COMPARE(item(QStringLiteral("viewerImage"))->property("status").toInt(), 1); // Image.Ready
        QCOMPARE(item(QStringLiteral("viewerImage"))->property("sourceSize").toSize(), QSize(2048, 1536));
        // The whole photo fits the page below its header; 拡大 makes it larger to drag around.
        QQuickItem *photo = item(QStringLiteral("viewerImage"));
        const qreal fitted = photo->height();
        QVERIFY(photo->parentItem() && fitted <= photo->parentItem()->parentItem()->height() + 0.5);
        QVERIFY(click(QStringLiteral("zoomIn")));
        QTRY_VERIFY(photo->height() > fitted * 1.4);
        QVERIFY(click(QStringLiteral("zoomOut")));
        QTRY_COMPARE(photo->height(), fitted);
        screenshot(QStringLiteral("22-photo-viewer"));

        // Taken off the saved note: × asks first, then one edit; the other stays.
        QVERIFY(click(QStringLiteral("backButton")));
        QTRY_VERIFY(item(QStringLiteral("removeAttachment_hiroba-2.jpg")));
        QVERIFY(click(QStringLiteral("removeAttachment_hiroba-2.jpg")));
        QTRY_VERIFY(item(QStringLiteral("confirmRemoveAttachment")));
        screenshot(QStringLiteral("25-remove-photo-asked"));
        QVERIFY(click(QStringLiteral("confirmRemoveAttachment")));
        QTRY_COMPARE(statesUnder(QStringLiteral("attachments_photos")),
                     QStringList({QStringLiteral("サーバー保存済み")}));
        const auto after = m_root->store().replica().get(noteId).value();
        QCOMPARE(after->fields["photos"].size(), std::size_t(1));
        QCOMPARE(after->fields["photos"][0]["name"].get<std::string>(), std::string("hiroba-1.jpg"));
    }

    // On the form of a new record, a file is picked before the first 保存:
    // it is kept encrypted at once and with the form's draft (the app closed
    // before 保存 loses it not), and it is saved with the record in one step.
    void aNewRecordsFormTakesAFileBeforeItsFirstSave()
    {
        QVERIFY(signInAs("sato"));
        QVERIFY(click(QStringLiteral("list_ward_centers.activity")));
        QVERIFY(click(QStringLiteral("newButton")));
        QTRY_VERIFY(item(QStringLiteral("addAttachment_flyers")));
        QVERIFY(item(QStringLiteral("addAttachment_flyers"))->isEnabled());
        QVERIFY(pickInFileDialog(QStringLiteral("field_flyers"), QStringLiteral("addAttachment_flyers"),
                                 photoFile(QStringLiteral("matsuri-flyer.jpg"), QColor("#3f6fb5"))));
        QTRY_COMPARE(statesUnder(QStringLiteral("field_flyers")), QStringList({QStringLiteral("保存すると添付")}));
        QVERIFY(item(QStringLiteral("attachment_matsuri-flyer.jpg")));

        // Closed before 保存; the form offers its draft again, file and all.
        openApp();
        QVERIFY(click(QStringLiteral("list_ward_centers.activity")));
        QVERIFY(click(QStringLiteral("newButton")));
        QTRY_VERIFY(showing(QStringLiteral("draftBanner")));
        QVERIFY(statesUnder(QStringLiteral("field_flyers")).isEmpty());
        QVERIFY(click(QStringLiteral("continueDraft")));
        QTRY_COMPARE(statesUnder(QStringLiteral("field_flyers")), QStringList({QStringLiteral("保存すると添付")}));

        QVERIFY(retype(childOf(QStringLiteral("field_name"), QStringLiteral("input")),
                       QStringLiteral("Natsu matsuri no junbi")));
        QVERIFY(retype(childOf(QStringLiteral("field_held_at"), QStringLiteral("input")),
                       QStringLiteral("2026/12/05 14:00")));
        QQuickItem *kind = childOf(QStringLiteral("field_kind"), QStringLiteral("input"));
        QVERIFY(clickItem(kind));
        QTRY_VERIFY(kind->property("popup").value<QObject *>()->property("opened").toBool());
        QTest::keyClick(m_window, Qt::Key_Down);
        QTest::keyClick(m_window, Qt::Key_Return);
        QTRY_VERIFY(kind->property("currentIndex").toInt() > 0);
        scrollIntoView(item(QStringLiteral("field_flyers")));
        screenshot(QStringLiteral("29-new-record-file-picked"));
        const size_t before = recordsOf("ward_centers.activity", "ward:naka").size();
        QVERIFY(click(QStringLiteral("saveButton")));
        QTRY_COMPARE(recordsOf("ward_centers.activity", "ward:naka").size(), before + 1);
        json saved;
        std::string id;
        for (const auto &r : recordsOf("ward_centers.activity", "ward:naka"))
            if (r.fields.value("name", "") == "Natsu matsuri no junbi") {
                saved = r.fields;
                id = r.id;
            }
        QVERIFY2(saved.contains("flyers") && saved["flyers"].size() == 1, saved.dump().c_str());
        QCOMPARE(saved["flyers"][0]["name"].get<std::string>(), std::string("matsuri-flyer.jpg"));
        QVERIFY(saved["flyers"][0].contains("thumb"));
        const auto bytes = m_root->app().attachments().blobs()->read(saved["flyers"][0]["sha256"].get<std::string>());
        QVERIFY(bytes.ok() && !bytes->empty());
        // One save made the record, files and all; the draft is gone.
        const auto history = m_root->store().replica().history(id);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t(1));
        auto drafts = m_root->store().replica().drafts();
        QVERIFY(drafts.ok());
        for (const auto &d : *drafts)
            QVERIFY(d.type != "ward_centers.activity");
        // The detail shows it as a file of the record, on this device only until sent.
        QTRY_COMPARE(statesUnder(QStringLiteral("attachments_flyers")), QStringList({QStringLiteral("この端末のみ")}));
    }

    // Meeting mode shows the papers of the meeting and of each agenda item
    // with where each is; a paper of a PDF shows its first page as preview.
    void meetingModeShowsThePapers()
    {
        QVERIFY(signInAs("hayashi"));
        m_window->resize(1280, 800);
        {
            QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
            m_root->sync().syncNow(); // the committee's records come back to this device
            QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        }
        kyodo::Replica &r = m_root->store().replica();
        const std::string meetingId = "0190a000-0000-7000-8000-000000000006";
        if (!r.get(meetingId).value()) // run alone: the committee's records as the meeting test leaves them
            QVERIFY(importFixture("committee.jsonl"));
        QVERIFY(r.get(meetingId).value());
        auto blobs = kyodo::BlobStore::openBeside(m_root->store().path().toStdString());
        QVERIFY(blobs.ok());
        // A one-page PDF the device renders (QPdfWriter), and a photo of the whiteboard.
        const QString pdf = QString::fromStdString(m_otherDir.file("shiryo1.pdf"));
        {
            QPdfWriter writer(pdf);
            writer.setPageSize(QPageSize(QPageSize::A4));
            QPainter painter(&writer);
            QFont font(QStringLiteral("IPAGothic"));
            font.setPointSize(28);
            painter.setFont(font);
            painter.drawText(QRect(0, 400, writer.width(), 2000), Qt::AlignHCenter,
                             QStringLiteral("資料1\n機能と運営方法"));
        }
        QVERIFY(
            m_root->app().attachments().attach(QString::fromStdString(meetingId), QStringLiteral("documents"), pdf));
        const auto agenda = r.list("committee.agenda_item", "committee", false).value();
        std::string firstItem;
        for (const auto &a : agenda)
            if (a.fields.value("meeting", "") == meetingId && a.fields.value("order", 0) == 1)
                firstItem = a.id;
        if (firstItem.empty())
            for (const auto &a : agenda)
                if (a.fields.value("meeting", "") == meetingId)
                    firstItem = a.id;
        QVERIFY(!firstItem.empty());
        QVERIFY(m_root->app().attachments().attach(QString::fromStdString(firstItem), QStringLiteral("documents"),
                                                   photoFile(QStringLiteral("whiteboard.jpg"), QColor("#2f4f6f"))));
        // A paper someone else attached, not on this device yet.
        kyodo::json list = r.get(firstItem).value()->fields["documents"];
        list.push_back(kyodo::json{{"sha256", std::string(64, 'b')},
                                   {"name", "資料2_予算.pdf"},
                                   {"mime", "application/pdf"},
                                   {"size", 2400000}});
        QVERIFY(r.edit(firstItem, kyodo::json{{"documents", list}}).ok());
        m_root->store().notifyChanged();

        QVERIFY(click(QStringLiteral("page_meeting_mode")));
        QTRY_VERIFY(item(QStringLiteral("agendaItem0")));
        QTRY_COMPARE(statesUnder(QStringLiteral("meetingDocuments")), QStringList{QStringLiteral("この端末のみ")});
        QStringList states;
        for (QQuickItem *i : allItems(QStringLiteral("agendaDocuments")))
            states << statesUnder(i);
        QVERIFY2(states.contains(QStringLiteral("この端末に未取得")), qPrintable(states.join(QLatin1Char('|'))));
        QVERIFY2(states.contains(QStringLiteral("この端末のみ")), qPrintable(states.join(QLatin1Char('|'))));
        screenshot(QStringLiteral("23-meeting-mode-papers"));

        // The PDF opens on the device, every page rendered.
        QVERIFY(click(QStringLiteral("attachment_shiryo1.pdf")));
        QTRY_VERIFY(item(QStringLiteral("pdfPages")));
        QTRY_COMPARE(item(QStringLiteral("pdfPages"))->property("count").toInt(), 1);
        QTRY_COMPARE(item(QStringLiteral("pdfPageCount"))->property("text").toString(), QStringLiteral("全1ページ"));
        screenshot(QStringLiteral("24-pdf-viewer"));

        // A paper whose pages cannot be read here: counted off the screen's
        // thread like any other, then said, with the way out.
        QVERIFY(click(QStringLiteral("backButton")));
        const QString broken = QString::fromStdString(m_otherDir.file("shiryo-broken.pdf"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("%PDF-1.4\n1 0 obj broken\n%%EOF\n");
        }
        QVERIFY(
            m_root->app().attachments().attach(QString::fromStdString(meetingId), QStringLiteral("documents"), broken));
        QTRY_VERIFY(item(QStringLiteral("attachment_shiryo-broken.pdf")));
        QVERIFY(click(QStringLiteral("attachment_shiryo-broken.pdf")));
        QTRY_VERIFY(
            textOf(QStringLiteral("viewerStatus")).startsWith(QStringLiteral("このPDFはこの端末では表示できません")));
        QCOMPARE(item(QStringLiteral("pdfPages"))->property("count").toInt(), 0);
        screenshot(QStringLiteral("24b-pdf-unreadable"));
        QVERIFY(click(QStringLiteral("backButton")));
    }

    // A city clerk who compiles the yearly report reads Naka ward's records
    // (閲覧のみ on the home page and on each record) and is offered no way to
    // change them: no 編集 or 削除 on the record, no 追加 on its files.
    void aCityClerkReadsAWardsRecordsButCannotChangeThem()
    {
        // A Naka ward clerk records a consultation on the ward's own device.
        auto ward = otherDevice(m_otherDir.file("naka-ward.sqlite"), m_server->url(), "tanaka");
        QVERIFY(ward->create("ward_centers.consultation", "ward:naka",
                             json{{"received_at", "2026-11-30T09:30"},
                                  {"channel", "visit"},
                                  {"party", "本牧みどりの会"},
                                  {"category", "funding"},
                                  {"staff", "田中"},
                                  {"summary", "花壇の助成について来所相談"}})
                    .ok());
        QVERIFY(ward->create("ward_centers.activity", "ward:naka",
                             json{{"name", "本牧花壇づくり講座"},
                                  {"kind", "course"},
                                  {"held_at", "2026-11-28T10:00"},
                                  {"status", "held"},
                                  {"participants", 12}})
                    .ok());
        syncDevice(*ward, m_server->url());

        openApp(); // from the home screen, whatever the test before left open
        QVERIFY(signInAs("kimura"));
        QVERIFY(click(QStringLiteral("nav_home")));
        QSignalSpy synced(&m_root->sync(), &Kyodo::SyncController::syncFinished);
        QVERIFY(click(QStringLiteral("syncButton")));
        QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, 60000);
        QVERIFY2(synced.at(0).at(0).toBool(), qPrintable(m_root->sync().lastError()));
        QTRY_VERIFY(item(QStringLiteral("readOnlyScopes")));
        QVERIFY2(textOf(QStringLiteral("readOnlyScopes")).contains(QStringLiteral("中区")),
                 qPrintable(textOf(QStringLiteral("readOnlyScopes"))));
        QVERIFY(!textOf(QStringLiteral("writableScopes")).contains(QStringLiteral("中区")));
        QCOMPARE(textOf(QStringLiteral("signedInAs")),
                 QStringLiteral("kimura さん（職員）")); // the role in words, not its code
        screenshot(QStringLiteral("26-home-read-only"));

        QVERIFY(click(QStringLiteral("list_ward_centers.consultation")));
        QVERIFY(typeInto(QStringLiteral("searchField"), QStringLiteral("本牧みどり")));
        QTRY_COMPARE(item(QStringLiteral("recordList"))->property("count").toInt(), 1);
        QVERIFY(click(QStringLiteral("recordRow0")));
        QTRY_COMPARE(textOf(QStringLiteral("value_party")), QStringLiteral("本牧みどりの会"));
        QVERIFY(item(QStringLiteral("readOnlyNote")));
        QVERIFY(textOf(QStringLiteral("readOnlyNote")).startsWith(QStringLiteral("閲覧のみ")));
        QVERIFY(!item(QStringLiteral("editButton")));
        screenshot(QStringLiteral("27-record-read-only"));
        // Nothing new can be started there either.
        QVERIFY(click(QStringLiteral("backButton")));
        QTRY_VERIFY(item(QStringLiteral("searchField")));
        QVERIFY(!item(QStringLiteral("newButton")));

        // Nor can a file be added to the ward's activity: its flyers are shown, with no 追加.
        QVERIFY(click(QStringLiteral("nav_home")));
        QVERIFY(click(QStringLiteral("list_ward_centers.activity")));
        QVERIFY(typeInto(QStringLiteral("searchField"), QStringLiteral("本牧花壇")));
        QTRY_COMPARE(item(QStringLiteral("recordList"))->property("count").toInt(), 1);
        QVERIFY(click(QStringLiteral("recordRow0")));
        QTRY_VERIFY(item(QStringLiteral("attachments_flyers")));
        QVERIFY(item(QStringLiteral("readOnlyNote")));
        QVERIFY(!showing(QStringLiteral("addAttachment_flyers")));
        QVERIFY(!item(QStringLiteral("editButton")));
        // The last field ends above the files: none is drawn over them.
        QQuickItem *lastField = item(QStringLiteral("value_notes"));
        QVERIFY(lastField);
        QCOMPARE_LE(lastField->mapToScene(QPointF(0, lastField->height())).y(),
                    item(QStringLiteral("attachments_flyers"))->mapToScene(QPointF(0, 0)).y());
        // Each value starts right of its label, on the label's line, and no label is squeezed to nothing.
        for (const QString &key : {QStringLiteral("name"), QStringLiteral("notes")}) {
            QQuickItem *label = item(QStringLiteral("label_") + key);
            QQuickItem *value = item(QStringLiteral("value_") + key);
            QVERIFY2(label && value, qPrintable(key));
            QCOMPARE_GT(label->width(), 20.0);
            QCOMPARE_GE(label->implicitWidth(), 1.0);
            QCOMPARE_LE(label->mapToScene(QPointF(label->width(), 0)).x(), value->mapToScene(QPointF(0, 0)).x());
            QCOMPARE(label->mapToScene(QPointF(0, 0)).y(), value->mapToScene(QPointF(0, 0)).y());
        }
        screenshot(QStringLiteral("28-activity-read-only"));
    }

    void cleanupTestCase()
    {
        m_root.reset();
        m_server.reset();
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
