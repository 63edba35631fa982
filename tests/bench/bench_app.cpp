// Benchmark of the app (issue: the Qt Quick app), reported, never failed:
//   (f) cold start to first frame of `kyodo` with every plugin loaded and
//       100,000 records in its replica, against the floor: an empty Qt Quick
//       window started the same way in the same run (median of 5 each);
//       target within 3x of the floor.
//   (g) resident memory of the app after scrolling the list of all 100,000
//       records end to end; target under 250 MB.
// The 100,000 records reach the app's replica the way they reach a device:
// created on another device, pushed to a real kyodo-server, pulled.
//
//   kyodo-bench-app [--records N] [--runs R]
#include "approot.h"
#include "benchreport.h"
#include "consultationgenerator.h"
#include "process.h"
#include "scope.h"
#include "syncengine.h"
#include "transport.h"

#include <QApplication>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(Kyodo_AppPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_UiPlugin)
Q_IMPORT_QML_PLUGIN(Kyodo_PluginPlugin)

using namespace kyodo;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void fail(const std::string &what)
{
    std::cerr << "kyodo-bench-app: " << what << "\n";
    std::exit(2);
}

template <typename T>
T must(Result<T> r, const std::string &what)
{
    if (!r)
        fail(what + ": " + r.error().text());
    return std::move(r.value());
}

// Starts argv with QT_QPA_PLATFORM=offscreen and returns the milliseconds
// until it prints "first-frame"; the process is then stopped.
double timeToFirstFrame(const std::vector<std::string> &argv)
{
    int out[2];
    if (pipe(out) != 0)
        fail("pipe");
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        std::vector<char *> args;
        for (const auto &a : argv)
            args.push_back(const_cast<char *>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    std::string seen;
    char buffer[256];
    ssize_t n;
    while (seen.find("first-frame") == std::string::npos && (n = read(out[0], buffer, sizeof buffer)) > 0)
        seen.append(buffer, static_cast<size_t>(n));
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    close(out[0]);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (seen.find("first-frame") == std::string::npos)
        fail("no first frame from " + argv[0]);
    return ms;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

long statusKb(const char *key)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0)
            return std::stol(line.substr(std::strlen(key)));
    return -1;
}

// Fills the app's replica: device A creates N consultations, pushes them;
// the app's replica signs in and pulls them.
void prepareReplica(const std::string &work, const std::string &appDir, std::int64_t n)
{
    std::vector<std::string> allWards;
    for (const auto &w : wards())
        allWards.push_back(std::string("ward:") + w.romaji);
    auto server = test::ServerProcess::start(work, {{"bench", "staff", allWards}});
    auto signIn = [&](const std::string &path) {
        auto replica = must(Replica::open(path), "open " + path);
        TransportOptions o;
        o.baseUrl = server->url();
        o.caFile = test::devCerts().ca;
        Transport transport(o);
        must(SyncEngine::login(*replica, transport, server->url(), o.caFile, "bench", test::ServerProcess::kPassword,
                               "bench"),
             "login");
        return replica;
    };
    auto syncAll = [&](Replica &replica) {
        TransportOptions o;
        o.baseUrl = server->url();
        o.caFile = test::devCerts().ca;
        o.token = replica.session()->token;
        Transport transport(o);
        SyncOptions options;
        options.pushBatch = kMaxMutationsPerPush;
        SyncEngine engine(replica, transport, options);
        must(engine.sync(), "sync");
    };
    auto a = signIn(work + "/device-a.sqlite");
    bench::ConsultationGenerator gen(42);
    for (std::int64_t i = 0; i < n; i += 5000) {
        std::vector<Replica::NewRecord> chunk;
        for (std::int64_t j = i; j < std::min(n, i + 5000); ++j)
            chunk.push_back({{}, bench::kConsultationType, bench::ConsultationGenerator::scopeOf(j), gen.fields(j)});
        must(a->createMany(chunk), "create");
    }
    syncAll(*a);
    auto app = signIn(appDir + "/replica.sqlite");
    syncAll(*app);
    std::cerr << "prepared " << app->db().queryInt("SELECT count(*) FROM records").value_or(0) << " records\n";
}

QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (root->objectName() == name)
        return root;
    for (QQuickItem *child : root->childItems())
        if (QQuickItem *found = findItem(child, name))
            return found;
    return nullptr;
}

// Child mode: the app's window with the consultation list, scrolled end to
// end; prints the resident set in kB.
int scrollAndMeasure(int argc, char **argv, const QString &dataDir)
{
    QApplication application(argc, argv);
    Kyodo::AppOptions options;
    options.dataDir = dataDir;
    options.autoSync = false;
    auto root = must(Kyodo::AppRoot::create(options), "app");
    QStringList errors;
    if (!root->loadMain(&errors))
        fail("main window: " + errors.join(QLatin1Char('\n')).toStdString());
    auto *window = qobject_cast<QQuickWindow *>(root->engine().rootObjects().constFirst());
    const QVariantMap properties{{QStringLiteral("recordType"), QStringLiteral("ward_centers.consultation")}};
    QMetaObject::invokeMethod(window, "openPage", Q_ARG(QVariant, QStringLiteral("qrc:/Kyodo/Ui/RecordListPage.qml")),
                              Q_ARG(QVariant, properties));
    QQuickItem *list = nullptr;
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        list = findItem(window->contentItem(), QStringLiteral("recordList"));
        if (list && list->property("count").toInt() > 0)
            break;
    }
    if (!list)
        fail("no record list");
    const int count = list->property("count").toInt();
    const auto start = Clock::now();
    // A page of rows at a time, each step drawn, as a fast flick through the list.
    for (int row = 0; row < count; row += 40) {
        QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, row), Q_ARG(int, 1 /* Beginning */));
        QCoreApplication::processEvents();
        if (row % 2000 == 0)
            window->grabWindow(); // a real frame now and then
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("rows %d scroll_s %.2f rss_kb %ld hwm_kb %ld\n", count, seconds, statusKb("VmRSS:"),
                statusKb("VmHWM:"));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 3 && std::string(argv[1]) == "--scroll-child")
        return scrollAndMeasure(argc, argv, QString::fromLocal8Bit(argv[2]));

    std::int64_t n = 100'000;
    int runs = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--records")
            n = std::stoll(argv[i + 1]);
        else if (std::string(argv[i]) == "--runs")
            runs = std::stoi(argv[i + 1]);
    }
    test::TempDir work, appDir;
    std::cerr << "preparing " << n << " records through a real server…\n";
    prepareReplica(work.path(), appDir.path(), n);

    const std::string kyodo = KYODO_APP_BIN, floor = KYODO_EMPTY_WINDOW_BIN;
    std::vector<double> floorMs, appMs;
    for (int r = 0; r < runs; ++r) { // interleaved, so both see the same machine
        floorMs.push_back(timeToFirstFrame({floor}));
        appMs.push_back(timeToFirstFrame({kyodo, "--report-first-frame", "--no-auto-sync", "--data", appDir.path()}));
    }
    const double floorMedian = median(floorMs), appMedian = median(appMs);

    test::RunResult scroll =
        test::run({argv[0], "--scroll-child", appDir.path()}, {{"QT_QPA_PLATFORM", "offscreen"}}, 600);
    if (scroll.exitCode != 0)
        fail("scroll child: " + scroll.err);
    int rows = 0;
    double scrollSeconds = 0;
    long rssKb = 0, hwmKb = 0;
    std::sscanf(scroll.out.c_str(), "rows %d scroll_s %lf rss_kb %ld hwm_kb %ld", &rows, &scrollSeconds, &rssKb,
                &hwmKb);

    bench::BenchReport report;
    report.setContext("records", n);
    report.setContext("runs", runs);
    report.add({"floor_first_frame_ms", "floor: empty Qt Quick window, first frame", floorMedian, "ms", {}, "", {}});
    const double ratio = appMedian / floorMedian;
    report.add({"app_first_frame_ms", "(f) kyodo cold start, first frame", appMedian, "ms", {}, "", {}});
    report.add({"app_first_frame_ratio", "(f) kyodo / floor", ratio, "x", {}, "<= 3x", ratio <= 3.0});
    report.add({"scroll_rows", "(g) rows scrolled end to end", static_cast<double>(rows), "rows", {}, "", {}});
    report.add({"scroll_seconds", "(g) time to scroll them", scrollSeconds, "s", {}, "", {}});
    report.add(
        {"rss_mb", "(g) resident memory after scrolling", rssKb / 1024.0, "MB", {}, "< 250 MB", rssKb / 1024.0 < 250});
    report.add({"peak_rss_mb", "(g) peak resident memory", hwmKb / 1024.0, "MB", {}, "", {}});
    std::cout << report.table() << report.jsonLine() << "\n";
    return 0;
}
