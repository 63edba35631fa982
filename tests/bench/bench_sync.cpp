// kyodo-bench-sync: how fast the sync engine moves realistic records, measured
// against the raw SQLite limit, on one generated data set.
//
//   (a) limit  raw SQLite bulk insert of the records            records/s
//   (c) push   device A pushes N created records to kyodo-server records/s
//   (b) pull   device B pulls all N into an empty replica        records/s
//   (d) delta  A edits 1% and pushes; B's whole sync() is timed  ms (median of 5 rounds)
//   (e) save   2,000 single Replica::edit calls on B (N records) p50/p99 ms
//
// A real kyodo-server runs over TLS on loopback (tests/support). The run
// reports; it never fails on a missed target (exit 0). Setup failures exit 1.
#include "benchreport.h"
#include "consultationgenerator.h"
#include "encodingprobe.h"
#include "rawinsertlimit.h"

#include "process.h"
#include "protocol.h"
#include "replica.h"
#include "replicakey.h"
#include "scope.h"
#include "syncengine.h"
#include "transport.h"
#include "uuid.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace kyodo;
using namespace kyodo::bench;
using kyodo::test::ServerProcess;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kSaveSamples = 2000;
constexpr std::int64_t kDeltaRounds = 5;
constexpr std::int64_t kCreateChunk = 10000;
constexpr std::uint64_t kSeed = 20240401;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

void note(const std::string &text) { std::cerr << "[bench] " << text << std::endl; }

// A failure of the benchmark itself, in its own words (no user reads it).
Error benchError(std::string code, std::string what, std::string more)
{
    return Error{std::move(code), std::move(what), std::move(more), {}, {}};
}

[[noreturn]] void fail(const std::string &what, const Error &e)
{
    std::cerr << "kyodo-bench-sync: " << what << ": " << e.code << ": " << e.text() << "\n";
    std::exit(1);
}

void must(const Status &st, const std::string &what)
{
    if (!st)
        fail(what, st.error());
}

template <typename T>
T must(Result<T> r, const std::string &what)
{
    if (!r)
        fail(what, r.error());
    return std::move(r.value());
}

struct Options {
    std::int64_t records = 100000;
    bool plainReplicas = false; // --plain-replicas: no encryption, to measure what it costs
};

Options parseArgs(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") {
            o.records = 10000;
        } else if (a == "--records" && i + 1 < argc) {
            o.records = std::atoll(argv[++i]);
        } else if (a == "--plain-replicas") {
            o.plainReplicas = true;
        } else {
            std::cerr << "usage: kyodo-bench-sync [--quick | --records N] [--plain-replicas]\n"
                         "  default N = 100000; --quick = 10000; --plain-replicas: unencrypted device replicas\n";
            std::exit(a == "--help" || a == "-h" ? 0 : 2);
        }
    }
    if (o.records < 100 || o.records > 10'000'000) {
        std::cerr << "kyodo-bench-sync: --records must be between 100 and 10000000\n";
        std::exit(2);
    }
    return o;
}

// A signed-in device: its replica, its HTTPS transport and its sync engine.
struct Device {
    std::unique_ptr<Replica> replica;
    std::unique_ptr<Transport> transport;
    std::unique_ptr<SyncEngine> engine;
};

Device signIn(const std::string &path, const ServerProcess &server, const std::string &user, const std::string &name)
{
    Device d;
    d.replica = must(Replica::open(path), "open " + path);
    TransportOptions transport;
    transport.baseUrl = server.url();
    transport.caFile = test::devCerts().ca;
    d.transport = std::make_unique<Transport>(transport);
    must(SyncEngine::login(*d.replica, *d.transport, server.url(), test::devCerts().ca, user, ServerProcess::kPassword,
                           name),
         "login " + name);
    SyncOptions options;
    options.pushBatch = kMaxMutationsPerPush;
    d.engine = std::make_unique<SyncEngine>(*d.replica, *d.transport, options);
    return d;
}

std::int64_t confirmedCount(Device &d) { return d.replica->db().queryInt("SELECT COUNT(*) FROM records").value_or(-1); }

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double> &sorted, double p)
{
    const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

// Times the transfer+staging and the checkpoint apply of one pull separately.
struct PullTimes {
    Clock::time_point start = Clock::now();
    Clock::time_point applyAt{};
    ProgressFn progress()
    {
        return [this](const SyncProgress &p) {
            if (p.phase == "apply")
                applyAt = Clock::now();
        };
    }
    double applySeconds() const { return std::chrono::duration<double>(Clock::now() - applyAt).count(); }
};

void probe(BenchReport &report, const std::string &key, const std::string &label, const std::string &url,
           const std::string &token, const std::string &body)
{
    for (const EncodingTiming &t : probeEncodings(url, test::devCerts().ca, token, body)) {
        if (t.status != 200) {
            note("probe " + key + " " + t.encoding + ": HTTP " + std::to_string(t.status));
            continue;
        }
        report.add({key + "_" + t.encoding + "_ms", "  probe: " + label + ", " + t.encoding, t.ms, "ms", {}, "", {}});
        report.setContext(key + "_" + t.encoding + "_wire_bytes", t.wireBytes);
    }
}

} // namespace

int main(int argc, char **argv)
{
    const Options opt = parseArgs(argc, argv);
    if (opt.plainReplicas)
        setReplicaKeySource([](const std::string &) -> Result<DbKey> { return DbKey{}; });
    const std::int64_t n = opt.records;
    const ConsultationGenerator gen(kSeed);
    test::TempDir dir;
    BenchReport report;
    report.setContext("bench", "sync");
    report.setContext("records", n);
    report.setContext("replicas", opt.plainReplicas ? "plain" : "encrypted (SQLCipher 4)");
    report.setContext("push_batch", kMaxMutationsPerPush);
    report.setContext("pull_limit", kDefaultPullLimit);

    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        ids.push_back(newUuidV7());

    // (a) the limit.
    note("(a) raw SQLite insert of " + std::to_string(n) + " records");
    LimitResult limit;
    try {
        limit = measureRawInsert(dir.file("limit.db"), ids, gen);
    } catch (const std::exception &e) {
        fail("raw insert", benchError("storage", e.what(), e.what()));
    }
    const double limitRps = static_cast<double>(n) / limit.seconds;
    report.setContext("avg_doc_bytes", limit.docBytes / n);
    report.setContext("fields_per_record", gen.fields(0).size());
    report.add({"limit_rps", "(a) raw SQLite insert (limit)", limitRps, "records/s", {}, "", {}});

    // A staff user granted all 18 wards.
    std::vector<std::string> allWards;
    for (const Ward &w : wards())
        allWards.push_back(std::string("ward:") + w.romaji);
    std::unique_ptr<ServerProcess> server;
    try {
        server = ServerProcess::start(dir.path(), {{"bench", "staff", allWards}});
    } catch (const std::exception &e) {
        fail("start kyodo-server", benchError("server", e.what(), e.what()));
    }
    Device a = signIn(dir.file("a.db"), *server, "bench", "bench-a");

    note("local bulk save (createMany) of " + std::to_string(n) + " records on device A");
    double createSeconds = 0;
    for (std::int64_t from = 0; from < n; from += kCreateChunk) {
        std::vector<Replica::NewRecord> chunk;
        for (std::int64_t i = from; i < std::min(n, from + kCreateChunk); ++i)
            chunk.push_back(
                {ids[static_cast<size_t>(i)], kConsultationType, ConsultationGenerator::scopeOf(i), gen.fields(i)});
        const auto t0 = Clock::now();
        must(a.replica->createMany(chunk), "createMany");
        createSeconds += secondsSince(t0);
    }
    report.add({"local_bulk_save_rps",
                "local bulk save (createMany)",
                static_cast<double>(n) / createSeconds,
                "records/s",
                100.0 * static_cast<double>(n) / createSeconds / limitRps,
                "",
                {}});

    // Diagnosis: what choosing one push batch costs with the whole outbox unsent.
    auto t0 = Clock::now();
    static_cast<void>(must(a.replica->entriesToPush(kMaxMutationsPerPush), "entriesToPush"));
    report.add({"entries_to_push_ms", "  entriesToPush(1000), N unsent", 1000.0 * secondsSince(t0), "ms", {}, "", {}});

    // (c) initial push.
    note("(c) push " + std::to_string(n) + " records");
    SyncReport pushed;
    t0 = Clock::now();
    must(a.engine->push(pushed, {}), "push");
    const double pushSeconds = secondsSince(t0);
    if (pushed.applied != n || pushed.rejected != 0)
        fail("push",
             benchError("bench", "unexpected push results",
                        "applied " + std::to_string(pushed.applied) + ", rejected " + std::to_string(pushed.rejected)));
    const double pushRps = static_cast<double>(n) / pushSeconds;
    const double pushPct = 100.0 * pushRps / limitRps;
    report.add({"push_rps", "(c) initial push", pushRps, "records/s", pushPct, ">= 25% of (a)", pushPct >= 25.0});
    // As in the app, the sync engine leaves the WAL checkpoint for when the
    // sync is over and nobody waits (app/syncworker.cpp); what it costs then:
    t0 = Clock::now();
    must(a.replica->checkpointWal(), "checkpoint after push");
    report.add({"after_push_checkpoint_ms",
                "    WAL checkpoint after it (idle)",
                1000.0 * secondsSince(t0),
                "ms",
                {},
                "",
                {}});

    // Device A settles its own creates (not one of the five figures).
    note("device A pulls to settle its outbox");
    SyncReport settled;
    t0 = Clock::now();
    must(a.engine->pull(settled, {}), "settle pull on A");
    const double settleSeconds = secondsSince(t0);

    // (b) initial pull into an empty replica.
    note("(b) pull " + std::to_string(n) + " records into an empty replica");
    Device b = signIn(dir.file("b.db"), *server, "bench", "bench-b");
    SyncReport pulled;
    PullTimes pullTimes;
    must(b.engine->pull(pulled, pullTimes.progress()), "pull");
    const double pullSeconds = std::chrono::duration<double>(Clock::now() - pullTimes.start).count();
    const double applySeconds = pullTimes.applySeconds();
    if (pulled.pulledRecords != n || confirmedCount(b) != n)
        fail("pull", benchError("bench", "device B is incomplete",
                                "pulled " + std::to_string(pulled.pulledRecords) + ", stored " +
                                    std::to_string(confirmedCount(b))));
    const double pullRps = static_cast<double>(n) / pullSeconds;
    const double pullPct = 100.0 * pullRps / limitRps;
    report.add({"pull_rps", "(b) initial pull", pullRps, "records/s", pullPct, ">= 25% of (a)", pullPct >= 25.0});
    report.add({"pull_fetch_stage_s", "  (b) fetch + parse + stage", pullSeconds - applySeconds, "s", {}, "", {}});
    report.add({"pull_apply_s", "  (b) apply checkpoint", applySeconds, "s", {}, "", {}});
    t0 = Clock::now();
    must(b.replica->checkpointWal(), "checkpoint after pull");
    report.add({"after_pull_checkpoint_ms",
                "    WAL checkpoint after it (idle)",
                1000.0 * secondsSince(t0),
                "ms",
                {},
                "",
                {}});
    report.add({"settle_pull_rps",
                "device A pull settling own N",
                static_cast<double>(n) / settleSeconds,
                "records/s",
                {},
                "",
                {}});

    // (d) delta sync after 1% changed. One sample of ~70 ms swings by a
    // third with whatever else this machine does, so the figure is the
    // median of several rounds, each with another 1% of the records; the
    // slowest round is shown beside it.
    const std::int64_t changed = n / 100;
    std::vector<double> deltas, checkpoints;
    for (std::int64_t round = 0; round < kDeltaRounds; ++round) {
        note("(d) round " + std::to_string(round + 1) + ": device A edits " + std::to_string(changed) +
             " records and pushes; device B syncs");
        for (std::int64_t k = 0; k < changed; ++k) {
            const std::int64_t i = k * 100 + 7 + round * 11;
            must(a.replica->edit(ids[static_cast<size_t>(i)], gen.editOf(i, round)), "edit on A");
        }
        SyncReport aPush;
        must(a.engine->push(aPush, {}), "push of the edits");
        if (aPush.applied != changed)
            fail("delta push", benchError("bench", "edits not applied", std::to_string(aPush.applied) + " applied"));
        t0 = Clock::now();
        const SyncReport delta = must(b.engine->sync(), "delta sync on B");
        deltas.push_back(1000.0 * secondsSince(t0));
        if (delta.pulledRecords != changed)
            fail("delta sync",
                 benchError("bench", "unexpected delta", std::to_string(delta.pulledRecords) + " pulled"));
        // The WAL checkpoint the app runs right after a sync, once the sync bar says done.
        t0 = Clock::now();
        must(b.replica->checkpointWal(), "checkpoint");
        checkpoints.push_back(1000.0 * secondsSince(t0));
    }
    std::sort(deltas.begin(), deltas.end());
    std::sort(checkpoints.begin(), checkpoints.end());
    const double deltaMs = percentile(deltas, 0.5);
    report.add({"delta_sync_ms",
                "(d) delta sync, 1% (median of " + std::to_string(kDeltaRounds) + ")",
                deltaMs,
                "ms",
                {},
                "< 100 ms",
                deltaMs < 100.0});
    report.add({"delta_sync_max_ms", "    slowest round", deltas.back(), "ms", {}, "", {}});
    report.add({"after_sync_checkpoint_ms",
                "    WAL checkpoint after it (idle)",
                percentile(checkpoints, 0.5),
                "ms",
                {},
                "",
                {}});

    // (e) single saves on a replica holding N records.
    note("(e) " + std::to_string(kSaveSamples) + " single edits on device B");
    std::vector<double> samples;
    samples.reserve(kSaveSamples);
    for (std::int64_t k = 0; k < kSaveSamples; ++k) {
        const std::int64_t i = (k * 7919 + 13) % n;
        const json change = gen.editOf(i, k + 1);
        const auto s0 = Clock::now();
        must(b.replica->edit(ids[static_cast<size_t>(i)], change), "edit on B");
        samples.push_back(1000.0 * secondsSince(s0));
    }
    std::sort(samples.begin(), samples.end());
    const double p50 = percentile(samples, 0.50), p99 = percentile(samples, 0.99);
    report.add({"save_p50_ms", "(e) local save p50", p50, "ms", {}, "", {}});
    report.add({"save_p99_ms", "(e) local save p99", p99, "ms", {}, "< 5 ms", p99 < 5.0});
    report.add({"save_max_ms", "(e) local save max", samples.back(), "ms", {}, "", {}});

    // Diagnosis: one pull page and one replayed push batch, per response encoding.
    note("probe: one pull page and one replayed push batch per response encoding");
    const json pullBody{{"client_id", b.replica->clientId()}, {"scopes", json::array()}, {"limit", kDefaultPullLimit}};
    probe(report, "pull_page", "pull page 5000", server->url() + "/v1/pull", b.replica->session()->token,
          pullBody.dump());
    json replay = json::array();
    for (const OutboxEntry &e : must(a.replica->outbox(true), "outbox of A"))
        if (replay.size() < kMaxMutationsPerPush)
            replay.push_back(mutationToJson(e.mutation));
    const json pushBody{{"client_id", a.replica->clientId()}, {"mutations", replay}};
    probe(report, "push_replay", "push replay 1000", server->url() + "/v1/push", a.replica->session()->token,
          pushBody.dump());

    server->stop();
    std::cout << "kyodo-bench-sync: " << n << " ward_centers.consultation records, " << gen.fields(0).size()
              << " fields, " << limit.docBytes / n << " bytes per canonical document on average\n\n"
              << report.table() << "\n"
              << report.jsonLine() << std::endl;
    return 0;
}
