// kyodo-bench-server: server throughput with many devices pushing and pulling
// at once, on SQLite and on PostgreSQL, against the raw PostgreSQL limit
// measured in the same run.
//
//   (a) limit  raw PostgreSQL COPY … FROM STDIN of the bulk rows     rows/s
//   per store (a real kyodo-server over TLS on loopback):
//   (b) fleet  D devices, each pushing R created records in batches of B,
//              pulling one page (limit 1000) after every push:
//              pushes/s, records/s, pulls/s, p50/p99/max latency     ms
//   (c) bulk   one device alone pushing 1000-mutation batches        records/s
//
// Run it under tests/pg/with-postgres.sh (which sets $KYODO_TEST_PG); without
// it only SQLite runs and there is no limit to compare with. The run reports;
// it never fails on a missed target (exit 0). Setup failures exit 1.
#include "benchreport.h"
#include "consultationgenerator.h"
#include "pgcopylimit.h"
#include "serverload.h"

#include "process.h"
#include "protocol.h"
#include "scope.h"
#include "uuid.h"

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace kyodo;
using namespace kyodo::bench;
using kyodo::test::ServerProcess;

namespace {

constexpr std::uint64_t kSeed = 20240402;
constexpr int kPullLimit = 1000;
constexpr double kCopyTargetPct = 30.0;
constexpr double kP99TargetMs = 250.0;
// How often each device syncs in phase (d): a busy afternoon, not a stampede.
constexpr std::chrono::milliseconds kPacedInterval{2000};

void note(const std::string &text) { std::cerr << "[bench] " << text << std::endl; }

[[noreturn]] void fail(const std::string &what)
{
    std::cerr << "kyodo-bench-server: " << what << "\n";
    std::exit(1);
}

struct Options {
    int devices = 50;
    std::int64_t recordsPerDevice = 400;
    int batch = 100;
    std::int64_t bulkRecords = 20000;
};

Options parseArgs(int argc, char **argv)
{
    Options o;
    auto number = [&](int &i) { return i + 1 < argc ? std::atoll(argv[++i]) : 0; };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--devices") {
            o.devices = static_cast<int>(number(i));
        } else if (a == "--records-per-device") {
            o.recordsPerDevice = number(i);
        } else if (a == "--batch") {
            o.batch = static_cast<int>(number(i));
        } else if (a == "--bulk-records") {
            o.bulkRecords = number(i);
        } else {
            std::cerr << "usage: kyodo-bench-server [--devices 50] [--records-per-device 400] [--batch 100]\n"
                         "                          [--bulk-records 20000]\n"
                         "  run under tests/pg/with-postgres.sh for the PostgreSQL part and the COPY limit\n";
            std::exit(a == "--help" || a == "-h" ? 0 : 2);
        }
    }
    if (o.devices < 1 || o.devices > 500 || o.recordsPerDevice < 1 || o.recordsPerDevice > 1'000'000 || o.batch < 1 ||
        o.batch > static_cast<int>(kMaxMutationsPerPush) || o.bulkRecords < 1000 || o.bulkRecords > 10'000'000) {
        std::cerr << "kyodo-bench-server: --devices 1..500, --records-per-device 1..1000000, --batch 1..1000, "
                     "--bulk-records 1000..10000000\n";
        std::exit(2);
    }
    return o;
}

std::vector<std::string> newIds(std::int64_t n)
{
    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        ids.push_back(newUuidV7());
    return ids;
}

BenchDevice signIn(const ServerProcess &server, const std::string &name)
{
    auto d = signInDevice(server.url(), test::devCerts().ca, "bench", ServerProcess::kPassword, name);
    if (!d)
        fail("login " + name + ": " + d.error().text());
    return std::move(d.value());
}

struct StoreRun {
    std::string key;   // "sqlite" | "pg"
    std::string label; // "SQLite" | "PostgreSQL"
    std::string db;    // --db value; empty: SQLite file in the run's directory
};

// Runs (b) and (c) against one store and adds its figures.
void runStore(const StoreRun &store, const Options &opt, const ConsultationGenerator &gen,
              const std::vector<std::string> &fleetIds, const std::vector<std::string> &bulkIds,
              const std::vector<std::string> &pacedIds, std::optional<double> copyRps, BenchReport &report)
{
    test::TempDir dir;
    std::vector<std::string> allWards;
    for (const Ward &w : wards())
        allWards.push_back(std::string("ward:") + w.romaji);
    std::unique_ptr<ServerProcess> server;
    try {
        // The fleet's devices all come from 127.0.0.1: the cap on one
        // address's connections (16) would turn away most of them.
        server =
            ServerProcess::start(dir.path(), {{"bench", "staff", allWards}}, {"--max-conn-per-client", "0"}, store.db);
    } catch (const std::exception &e) {
        fail(std::string("start kyodo-server on ") + store.label + ": " + e.what());
    }

    note(store.label + ": " + std::to_string(opt.devices) + " devices sign in; push bodies are built");
    std::vector<BenchDevice> devices;
    std::vector<std::vector<std::string>> bodies;
    for (int d = 0; d < opt.devices; ++d) {
        devices.push_back(signIn(*server, store.key + "-device-" + std::to_string(d)));
        const auto from = static_cast<size_t>(d) * static_cast<size_t>(opt.recordsPerDevice);
        const std::vector<std::string> ids(fleetIds.begin() + static_cast<std::ptrdiff_t>(from),
                                           fleetIds.begin() + static_cast<std::ptrdiff_t>(from) + opt.recordsPerDevice);
        // Each device is a ward clerk's: its records go to its own ward (3 devices share a ward).
        bodies.push_back(pushBodies(devices.back(), ids, static_cast<std::int64_t>(from), opt.batch, gen,
                                    ConsultationGenerator::scopeOf(d)));
    }

    note(store.label + ": (b) " + std::to_string(opt.devices) + " devices push and pull together");
    const LoadResult fleet = runDevices(devices, bodies, kPullLimit);
    const std::int64_t expected = static_cast<std::int64_t>(fleetIds.size());
    if (fleet.failures > 0 || fleet.applied != expected)
        note(store.label + ": " + std::to_string(fleet.failures) + " failures, " + std::to_string(fleet.applied) +
             " of " + std::to_string(expected) + " applied; first: " + fleet.firstFailure);
    const std::string k = store.key + "_", l = "[" + store.label + "] ";
    const double recordsPerS = static_cast<double>(fleet.applied) / fleet.seconds;
    auto pct = [&](double rps) -> std::optional<double> {
        return copyRps ? std::optional<double>(100.0 * rps / *copyRps) : std::nullopt;
    };
    report.add({k + "fleet_pushes_per_s",
                l + "(b) pushes",
                static_cast<double>(fleet.pushes) / fleet.seconds,
                "pushes/s",
                {},
                "",
                {}});
    report.add(
        {k + "fleet_records_per_s", l + "(b) records pushed", recordsPerS, "records/s", pct(recordsPerS), "", {}});
    report.add({k + "fleet_pulls_per_s",
                l + "(b) pulls",
                static_cast<double>(fleet.pulls) / fleet.seconds,
                "pulls/s",
                {},
                "",
                {}});
    report.add({k + "fleet_pulled_records_per_s",
                l + "(b) records pulled",
                static_cast<double>(fleet.pulledRecords) / fleet.seconds,
                "records/s",
                {},
                "",
                {}});
    const double pushP99 = percentile(fleet.pushMs, 0.99);
    report.add({k + "push_p50_ms", l + "(b) push p50", percentile(fleet.pushMs, 0.50), "ms", {}, "", {}});
    // Saturation: each push queues behind the others' (writes to a scope are
    // serialized by design), so its latency is the queue, reported as is.
    report.add({k + "push_p99_ms", l + "(b) push p99", pushP99, "ms", {}, "", {}});
    report.add(
        {k + "push_max_ms", l + "(b) push max", fleet.pushMs.empty() ? 0 : fleet.pushMs.back(), "ms", {}, "", {}});
    report.add({k + "pull_p50_ms", l + "(b) pull p50", percentile(fleet.pullMs, 0.50), "ms", {}, "", {}});
    report.add({k + "pull_p99_ms", l + "(b) pull p99", percentile(fleet.pullMs, 0.99), "ms", {}, "", {}});
    report.add(
        {k + "pull_max_ms", l + "(b) pull max", fleet.pullMs.empty() ? 0 : fleet.pullMs.back(), "ms", {}, "", {}});
    report.setContext(k + "fleet_seconds", fleet.seconds);
    report.setContext(k + "fleet_failures", fleet.failures);
    if (!fleet.firstFailure.empty())
        report.setContext(k + "fleet_first_failure", fleet.firstFailure);

    note(store.label + ": (c) one device pushes " + std::to_string(bulkIds.size()) + " records in batches of " +
         std::to_string(kMaxMutationsPerPush));
    std::vector<BenchDevice> bulk;
    bulk.push_back(signIn(*server, store.key + "-bulk"));
    const std::vector<std::vector<std::string>> bulkBodies = {
        pushBodies(bulk.back(), bulkIds, expected, static_cast<int>(kMaxMutationsPerPush), gen)};
    const LoadResult alone = runDevices(bulk, bulkBodies, 0);
    if (alone.failures > 0 || alone.applied != static_cast<std::int64_t>(bulkIds.size()))
        note(store.label + ": bulk: " + std::to_string(alone.failures) + " failures; first: " + alone.firstFailure);
    const double bulkRps = static_cast<double>(alone.applied) / alone.seconds;
    const std::optional<double> bulkPct = pct(bulkRps);
    report.add({k + "bulk_push_rps", l + "(c) bulk push, 1 device", bulkRps, "records/s", bulkPct,
                copyRps ? ">= 30% of (a)" : "(no limit)",
                bulkPct ? std::optional<bool>(*bulkPct >= kCopyTargetPct) : std::nullopt});
    report.add(
        {k + "bulk_batch_p50_ms", l + "(c) one 1000-batch p50", percentile(alone.pushMs, 0.50), "ms", {}, "", {}});
    report.setContext(k + "bulk_failures", alone.failures);

    // (d) the same 50 devices as clerks' devices on a sync timer: each syncs
    // (push of a batch + pull) once every kPacedInterval, spread over it.
    note(store.label + ": (d) " + std::to_string(opt.devices) + " devices, one sync each every " +
         std::to_string(kPacedInterval.count()) + " ms");
    std::vector<BenchDevice> paced;
    std::vector<std::vector<std::string>> pacedBodies;
    const auto pacedBase = static_cast<std::int64_t>(fleetIds.size() + bulkIds.size());
    for (int d = 0; d < opt.devices; ++d) {
        paced.push_back(signIn(*server, store.key + "-paced-" + std::to_string(d)));
        const auto from = static_cast<size_t>(d) * static_cast<size_t>(opt.recordsPerDevice);
        const std::vector<std::string> ids(pacedIds.begin() + static_cast<std::ptrdiff_t>(from),
                                           pacedIds.begin() + static_cast<std::ptrdiff_t>(from) + opt.recordsPerDevice);
        pacedBodies.push_back(pushBodies(paced.back(), ids, pacedBase + static_cast<std::int64_t>(from), opt.batch, gen,
                                         ConsultationGenerator::scopeOf(d)));
    }
    const LoadResult timed = runDevices(paced, pacedBodies, kPullLimit, kPacedInterval);
    const double timedP99 = percentile(timed.pushMs, 0.99);
    report.add({k + "paced_pushes_per_s",
                l + "(d) pushes",
                static_cast<double>(timed.pushes) / timed.seconds,
                "pushes/s",
                {},
                "",
                {}});
    report.add({k + "paced_push_p50_ms", l + "(d) push p50", percentile(timed.pushMs, 0.50), "ms", {}, "", {}});
    report.add({k + "paced_push_p99_ms", l + "(d) push p99", timedP99, "ms", {}, "< 250 ms", timedP99 < kP99TargetMs});
    report.add({k + "paced_pull_p99_ms", l + "(d) pull p99", percentile(timed.pullMs, 0.99), "ms", {}, "", {}});
    report.setContext(k + "paced_failures", timed.failures);

    server->stop();
    if (fleet.failures > 0 || alone.failures > 0 || timed.failures > 0) {
        const std::string log = server->log();
        note(store.label + ": end of the server log:\n" + log.substr(log.size() > 3000 ? log.size() - 3000 : 0));
    }
}

} // namespace

int main(int argc, char **argv)
{
    const Options opt = parseArgs(argc, argv);
    const ConsultationGenerator gen(kSeed);
    const char *pgEnv = std::getenv("KYODO_TEST_PG");
    const std::string pg = pgEnv ? pgEnv : "";
    BenchReport report;
    report.setContext("bench", "server");
    report.setContext("devices", opt.devices);
    report.setContext("records_per_device", opt.recordsPerDevice);
    report.setContext("batch", opt.batch);
    report.setContext("pull_limit", kPullLimit);
    report.setContext("bulk_records", opt.bulkRecords);
    report.setContext("postgresql", !pg.empty());

    const std::vector<std::string> fleetIds = newIds(opt.devices * opt.recordsPerDevice);
    const std::vector<std::string> bulkIds = newIds(opt.bulkRecords);
    const std::vector<std::string> pacedIds = newIds(opt.devices * opt.recordsPerDevice);

    // (a) the limit: the bulk rows COPYed into a fresh database.
    std::optional<double> copyRps;
    if (!pg.empty()) {
        note("(a) raw PostgreSQL COPY of " + std::to_string(opt.bulkRecords) + " rows");
        try {
            PgBenchDatabase db(pg, "bench_copy");
            const CopyResult copy = measureCopy(db.uri(), bulkIds, static_cast<std::int64_t>(fleetIds.size()), gen);
            copyRps = static_cast<double>(copy.rows) / copy.seconds;
            report.setContext("copy_bytes_per_row", copy.bytes / copy.rows);
        } catch (const std::exception &e) {
            fail(std::string("COPY limit: ") + e.what());
        }
        report.add({"copy_rps", "(a) raw PostgreSQL COPY (limit)", *copyRps, "records/s", 100.0, "", {}});
    } else {
        note("KYODO_TEST_PG is not set: SQLite only, no COPY limit (run under tests/pg/with-postgres.sh)");
    }

    runStore({"sqlite", "SQLite", ""}, opt, gen, fleetIds, bulkIds, pacedIds, copyRps, report);
    if (!pg.empty()) {
        try {
            PgBenchDatabase db(pg, "bench_server");
            runStore({"pg", "PostgreSQL", db.uri()}, opt, gen, fleetIds, bulkIds, pacedIds, copyRps, report);
        } catch (const std::exception &e) {
            fail(std::string("PostgreSQL store: ") + e.what());
        }
    }

    std::cout << "kyodo-bench-server: " << opt.devices << " devices x " << opt.recordsPerDevice
              << " ward_centers.consultation records, push batch " << opt.batch << ", pull limit " << kPullLimit
              << "; bulk " << opt.bulkRecords << " records in batches of " << kMaxMutationsPerPush << "\n";
    if (pg.empty())
        std::cout << "KYODO_TEST_PG not set: SQLite only; no COPY limit, no PostgreSQL figures.\n";
    std::cout << "\n" << report.table() << "\n" << report.jsonLine() << std::endl;
    return 0;
}
