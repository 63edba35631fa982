// `kyodo-server serve`: TLS by default; plain HTTP only on loopback, where
// nginx (or a test) sits in front (DESIGN.md §3 "Transport").
#include "attachment.h"
#include "blobgc.h"
#include "cmdline.h"
#include "guardedserver.h"
#include "httpapi.h"
#include "metrics.h"
#include "servicenotify.h"
#include "loopback.h"
#include "messages.h"
#include "storefactory.h"

#include <httplib.h>
#include <openssl/ssl.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <pthread.h>
#include <thread>

#ifndef KYODO_SCHEMA_DIR
#define KYODO_SCHEMA_DIR "/usr/share/kyodo/plugins"
#endif

namespace kyodo::server {

namespace {

// A whole number option within [min, max]; std::nullopt when it is not one.
std::optional<long long> numberOption(const CommandLine &cl, const char *name, long long min, long long max)
{
    try {
        std::size_t used = 0;
        const std::string text = cl.value(name);
        const long long v = std::stoll(text, &used);
        if (used != text.size() || v < min || v > max)
            return std::nullopt;
        return v;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

// "HOST:PORT" or "[v6]:PORT".
bool splitListen(const std::string &listen, std::string &host, int &port)
{
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return false;
    host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    try {
        std::size_t used = 0;
        port = std::stoi(listen.substr(colon + 1), &used);
        return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
    } catch (const std::exception &) {
        return false;
    }
}

// The gauges read from the store when Prometheus scrapes (metrics.h).
void watchStore(Metrics &metrics, Store &store)
{
    metrics.gauge("kyodo_open_conflicts", "Conflicts waiting for the person who made the edit.",
                  [&store] { return static_cast<double>(store.beginRead()->openConflictCount()); });
    metrics.gauge("kyodo_quarantined_mutations", "Refused changes kept for an administrator (held).",
                  [&store] { return static_cast<double>(store.beginRead()->heldQuarantineCount()); });
    metrics.gauge("kyodo_store_connections_open", "Database connections open.",
                  [&store] { return static_cast<double>(store.poolUse().open); });
    metrics.gauge("kyodo_store_connections_busy", "Database connections lent to a transaction.",
                  [&store] { return static_cast<double>(store.poolUse().busy); });
    metrics.gauge("kyodo_blob_bytes_stored", "Bytes of attachments kept, each blob once.",
                  [&store] { return static_cast<double>(store.beginRead()->blobBytesStored()); });
    metrics.gauge("kyodo_process_resident_memory_bytes", "Resident memory of this process.", residentBytes);
}

int usage(const std::string &what)
{
    std::fprintf(stderr, "kyodo-server serve: %s\n", what.c_str());
    return kExitUsage;
}

int failure(const Error &e)
{
    std::fprintf(stderr, "kyodo-server: %s\n", e.text().c_str());
    return kExitFailure;
}

} // namespace

int runServe(const CommandLine &cl)
{
    std::string host;
    int port = 0;
    if (!cl.has("--db"))
        return usage("--db PATH|postgresql://… is required");
    if (!splitListen(cl.value("--listen"), host, port))
        return usage("--listen HOST:PORT is required");
    const bool plain = cl.has("--plain-http");
    if (plain && (cl.has("--cert") || cl.has("--key")))
        return usage("--plain-http and --cert/--key exclude each other");
    if (plain && !isLoopbackHost(host))
        return usage("--plain-http is only allowed on a loopback address (127.0.0.1, ::1, localhost), not '" + host +
                     "'; use --cert and --key");
    if (!plain && (!cl.has("--cert") || !cl.has("--key")))
        return usage("--cert FILE and --key FILE are required (or --plain-http on loopback)");
    int poolSize = 0;
    if (cl.has("--db-pool")) {
        try {
            poolSize = std::stoi(cl.value("--db-pool"));
        } catch (const std::exception &) {
            poolSize = -1;
        }
        if (poolSize < 1)
            return usage("--db-pool needs a number of connections (1 or more)");
    }
    // cpp-httplib gives each connection a worker for as long as it stays open:
    // the default 8 workers leave the 9th of 50 devices waiting seconds for
    // its TLS handshake (tests/bench).
    int threads = 64;
    if (cl.has("--threads")) {
        try {
            threads = std::stoi(cl.value("--threads"));
        } catch (const std::exception &) {
            threads = -1;
        }
        if (threads < 1)
            return usage("--threads needs a number of worker threads (1 or more)");
    }
    // Behind a proxy every connection comes from the proxy: no cap per
    // address unless asked for (the proxy caps its own clients).
    ConnectionLimits limits;
    if (plain)
        limits.perClient = 0;
    if (cl.has("--max-conn-per-client")) {
        auto v = numberOption(cl, "--max-conn-per-client", 0, 100000);
        if (!v)
            return usage("--max-conn-per-client needs a number of connections (0: no cap)");
        limits.perClient = static_cast<int>(*v);
    }
    if (cl.has("--request-timeout")) {
        auto v = numberOption(cl, "--request-timeout", 1, 3600);
        if (!v)
            return usage("--request-timeout needs a number of seconds (1 to 3600)");
        limits.requestDeadline = std::chrono::seconds(*v);
    }
    // Metrics are for the operator's own Prometheus on this machine: never on
    // an address a device could reach.
    std::string metricsHost;
    int metricsPort = -1;
    if (cl.has("--metrics-listen")) {
        if (!splitListen(cl.value("--metrics-listen"), metricsHost, metricsPort) || !isLoopbackHost(metricsHost))
            return usage("--metrics-listen needs a loopback HOST:PORT (127.0.0.1:9464, [::1]:9464)");
    }
    ApiOptions options;
    options.behindProxy = plain;
    if (cl.has("--min-protocol")) {
        auto v = numberOption(cl, "--min-protocol", 1, kProtocolVersion);
        if (!v)
            return usage("--min-protocol needs a wire format version from 1 to " + std::to_string(kProtocolVersion));
        options.minProtocol = static_cast<int>(*v);
    }
    if (cl.has("--max-body")) {
        try {
            options.maxBody = std::stoull(cl.value("--max-body"));
        } catch (const std::exception &) {
            return usage("--max-body needs a number of bytes");
        }
    }

    // Attachments stop before the SQLite store's disk fills; PostgreSQL's
    // disk is its server's, watched by its own operator.
    std::int64_t reserveMb = kDefaultBlobReserveMb;
    if (cl.has("--blob-reserve-mb")) {
        auto v = numberOption(cl, "--blob-reserve-mb", 0, 1LL << 30);
        if (!v)
            return usage("--blob-reserve-mb needs a number of MiB (0: none)");
        reserveMb = *v;
    }
    if (!isPostgresUri(cl.value("--db")))
        options.blobRoom = {std::filesystem::absolute(cl.value("--db")).parent_path().string(),
                            reserveMb * 1024 * 1024};

    auto schemas = SchemaSet::loadDirectory(cl.value("--schemas", KYODO_SCHEMA_DIR));
    if (!schemas)
        return failure(schemas.error());

    std::unique_ptr<Store> store;
    try {
        store = openStore(cl.value("--db"), poolSize);
    } catch (const std::exception &e) {
        Error error = errorOf(Msg::CannotOpenServerDatabase);
        error.detail = e.what();
        return failure(error);
    }

    Metrics metrics;
    if (metricsPort >= 0) {
        options.metrics = &metrics;
        watchStore(metrics, *store);
    }

    // Block the stop signals in every thread; one thread waits for them and
    // stops the server outside signal context.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    std::unique_ptr<httplib::Server> server;
    std::function<bool()> widenBacklog;
    if (plain) {
        auto http = std::make_unique<GuardedHttpServer>(limits);
        widenBacklog = [s = http.get()] { return s->widenBacklog(); };
        server = std::move(http);
    } else {
        auto tls = std::make_unique<GuardedTlsServer>(limits, cl.value("--cert").c_str(), cl.value("--key").c_str());
        if (!tls->is_valid())
            return failure(errorOf(Msg::CannotLoadCertificate));
        // Said here rather than left to the library's or the system's default.
        if (SSL_CTX_set_min_proto_version(tls->ssl_context(), TLS1_2_VERSION) != 1)
            return failure(errorOf(Msg::CannotRestrictTls));
        // Read-ahead: one read() takes in several TLS records rather than two
        // reads for each 16 KiB record (its header, then its body). A chunk
        // of an attachment is 64 records; system calls are what costs here.
        SSL_CTX_set_read_ahead(tls->ssl_context(), 1);
        SSL_CTX_set_default_read_buffer_len(tls->ssl_context(), 64 * 1024);
        widenBacklog = [s = tls.get()] { return s->widenBacklog(); };
        server = std::move(tls);
    }
    server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    // httplib writes headers and body separately: with Nagle's algorithm the
    // body waits for the client's delayed ACK, 40 ms on every answer.
    server->set_tcp_nodelay(true);
    HttpApi api(*store, *schemas, options);
    api.install(*server);
    // Attachments no live record lists any more go after the grace period;
    // looked for once a day (blobgc.h). Stopped before the store closes.
    PeriodicTask blobGc(std::chrono::hours(24), [&store] {
        try {
            const BlobGcResult r = collectBlobs(*store, kDefaultBlobGraceDays * 24 * 3600, unixNow());
            if (r.blobs > 0)
                std::fprintf(stderr, "kyodo-server: %s\n",
                             bilingual(Txt::BlobsRemoved, {r.blobs, humanSize(r.bytes)}).c_str());
        } catch (const std::exception &e) {
            std::fprintf(stderr, "kyodo-server: blobs gc failed (tried again tomorrow): %s\n", e.what());
        }
    });

    if (port == 0)
        port = server->bind_to_any_port(host);
    else if (!server->bind_to_port(host, port))
        port = -1;
    if (port <= 0)
        return failure(errorOf(Msg::CannotListenOn, {cl.value("--listen")}));
    if (!widenBacklog())
        std::fprintf(stderr, "kyodo-server: the listen backlog stays at httplib's 5\n");
    const std::string shownHost = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::fprintf(stderr, "kyodo-server listening on %s://%s:%d\n", plain ? "http" : "https", shownHost.c_str(), port);
    std::fflush(stderr);

    httplib::Server metricsServer;
    metricsServer.set_socket_options(exclusivePortOptions);
    std::thread metricsThread;
    if (metricsPort >= 0) {
        metricsServer.Get("/metrics", [&metrics](const httplib::Request &, httplib::Response &res) {
            res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        });
        if (metricsPort == 0)
            metricsPort = metricsServer.bind_to_any_port(metricsHost);
        else if (!metricsServer.bind_to_port(metricsHost, metricsPort))
            metricsPort = -1;
        if (metricsPort <= 0)
            return failure(errorOf(Msg::CannotListenOn, {cl.value("--metrics-listen")}));
        std::fprintf(stderr, "kyodo-server metrics on http://%s:%d/metrics\n", metricsHost.c_str(), metricsPort);
        std::fflush(stderr);
        metricsThread = std::thread([&metricsServer] { metricsServer.listen_after_bind(); });
    }

    ServiceNotifier service;
    service.ready("listening on " + shownHost + ":" + std::to_string(port));
    std::thread stopper([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        service.stopping();
        server->stop();
        metricsServer.stop();
    });
    const bool ok = server->listen_after_bind();
    // If listen ended on its own, wake the stopper so it can be joined.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    metricsServer.stop();
    if (metricsThread.joinable())
        metricsThread.join();
    std::fprintf(stderr, "kyodo-server stopped\n");
    return ok ? kExitOk : kExitFailure;
}

} // namespace kyodo::server
