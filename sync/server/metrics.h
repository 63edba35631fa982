// What kyodo-server counts, in Prometheus's text exposition format (0.0.4),
// served on a listener of its own (--metrics-listen, loopback only). No
// library: Debian 12's prometheus-cpp brings its own HTTP server (civetweb)
// beside cpp-httplib, and the format is a few lines; render() is tested
// against the format's rules in tst_metrics.
//
// Counters and histograms are kept as the requests pass; gauges (open
// conflicts, kept changes, pool use, memory) are read when scraped.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace kyodo::server {

class Metrics {
public:
    using Labels = std::vector<std::pair<std::string, std::string>>;

    // A request answered: by route (the path of a known endpoint, else
    // "other"), method and status; its latency in the route's histogram.
    void request(const std::string &route, const std::string &method, int status, double seconds);
    // One mutation of a push, by outcome ("applied", "conflict", "rejected") and code ("" unless rejected).
    void mutation(const std::string &outcome, const std::string &code);
    // A pull and how many records (and conflicts, departures) it served.
    void pull(std::int64_t recordsServed);
    // A sign-in refused (bad password, unknown user), and an account locked.
    void loginFailed();
    void lockout();
    // An attachment chunk accepted (blobservice.h), and its length.
    void blobChunk(std::int64_t bytes);

    // A gauge read when scraped; a failing reader leaves the gauge out.
    void gauge(std::string name, std::string help, std::function<double()> read);

    // Everything, in the text format.
    std::string render() const;

    // The upper bounds of the latency histogram, in seconds.
    static const std::vector<double> &latencyBuckets();

private:
    struct Histogram {
        std::vector<std::uint64_t> counts; // per bucket, not cumulative
        std::uint64_t count = 0;
        double sum = 0;
    };
    struct Gauge {
        std::string name, help;
        std::function<double()> read;
    };

    mutable std::mutex m_mutex;
    std::map<Labels, std::uint64_t> m_requests;  // route, method, status
    std::map<std::string, Histogram> m_latency;  // by route
    std::map<Labels, std::uint64_t> m_mutations; // outcome, code
    std::uint64_t m_pulls = 0, m_pulledRecords = 0, m_loginFailures = 0, m_lockouts = 0;
    std::uint64_t m_blobChunks = 0, m_blobChunkBytes = 0;
    std::vector<Gauge> m_gauges;
};

// Label values as the format escapes them: backslash, double quote, newline.
std::string escapeLabelValue(const std::string &value);

// The process's resident memory in bytes (/proc/self/statm), 0 when unknown.
double residentBytes();

} // namespace kyodo::server
