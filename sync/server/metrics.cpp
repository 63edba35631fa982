#include "metrics.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kyodo::server {

namespace {

std::string number(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    // The shortest of 15 or 17 digits that reads back as the same double (0.005, not 0.0050000000000000001).
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    if (std::strtod(buf, nullptr) != v)
        std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string labelText(const Metrics::Labels &labels)
{
    if (labels.empty())
        return {};
    std::string out = "{";
    for (std::size_t i = 0; i < labels.size(); ++i)
        out += (i ? "," : "") + labels[i].first + "=\"" + escapeLabelValue(labels[i].second) + "\"";
    return out + "}";
}

void header(std::ostringstream &out, const char *name, const char *type, const char *help)
{
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

} // namespace

std::string escapeLabelValue(const std::string &value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

double residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    if (!(statm >> pages >> resident))
        return 0;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

const std::vector<double> &Metrics::latencyBuckets()
{
    static const std::vector<double> buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    return buckets;
}

void Metrics::request(const std::string &route, const std::string &method, int status, double seconds)
{
    const auto &bounds = latencyBuckets();
    std::lock_guard lock(m_mutex);
    ++m_requests[{{"route", route}, {"method", method}, {"status", std::to_string(status)}}];
    Histogram &h = m_latency[route];
    if (h.counts.empty())
        h.counts.assign(bounds.size() + 1, 0); // the last: above every bound (+Inf)
    std::size_t i = 0;
    while (i < bounds.size() && seconds > bounds[i])
        ++i;
    ++h.counts[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::mutation(const std::string &outcome, const std::string &code)
{
    std::lock_guard lock(m_mutex);
    ++m_mutations[{{"outcome", outcome}, {"code", code}}];
}

void Metrics::pull(std::int64_t recordsServed)
{
    std::lock_guard lock(m_mutex);
    ++m_pulls;
    m_pulledRecords += static_cast<std::uint64_t>(std::max<std::int64_t>(recordsServed, 0));
}

void Metrics::loginFailed()
{
    std::lock_guard lock(m_mutex);
    ++m_loginFailures;
}

void Metrics::lockout()
{
    std::lock_guard lock(m_mutex);
    ++m_lockouts;
}

void Metrics::blobChunk(std::int64_t bytes)
{
    std::lock_guard lock(m_mutex);
    ++m_blobChunks;
    m_blobChunkBytes += static_cast<std::uint64_t>(std::max<std::int64_t>(bytes, 0));
}

void Metrics::gauge(std::string name, std::string help, std::function<double()> read)
{
    std::lock_guard lock(m_mutex);
    m_gauges.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const
{
    std::vector<Gauge> gauges;
    std::ostringstream out;
    {
        std::lock_guard lock(m_mutex);
        gauges = m_gauges;
        header(out, "kyodo_http_requests_total", "counter", "Requests answered, by route, method and status.");
        for (const auto &[labels, n] : m_requests)
            out << "kyodo_http_requests_total" << labelText(labels) << ' ' << n << '\n';
        header(out, "kyodo_http_request_duration_seconds", "histogram", "Time to answer a request, by route.");
        const auto &bounds = latencyBuckets();
        for (const auto &[route, h] : m_latency) {
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i <= bounds.size(); ++i) {
                cumulative += h.counts[i];
                out << "kyodo_http_request_duration_seconds_bucket"
                    << labelText({{"route", route}, {"le", i < bounds.size() ? number(bounds[i]) : "+Inf"}}) << ' '
                    << cumulative << '\n';
            }
            out << "kyodo_http_request_duration_seconds_sum" << labelText({{"route", route}}) << ' ' << number(h.sum)
                << '\n';
            out << "kyodo_http_request_duration_seconds_count" << labelText({{"route", route}}) << ' ' << h.count
                << '\n';
        }
        header(out, "kyodo_mutations_total", "counter", "Pushed mutations, by outcome and rejection code.");
        for (const auto &[labels, n] : m_mutations)
            out << "kyodo_mutations_total" << labelText(labels) << ' ' << n << '\n';
        header(out, "kyodo_pulls_total", "counter", "Pulls answered.");
        out << "kyodo_pulls_total " << m_pulls << '\n';
        header(out, "kyodo_pulled_records_total", "counter", "Records, conflicts and departures served by pulls.");
        out << "kyodo_pulled_records_total " << m_pulledRecords << '\n';
        header(out, "kyodo_login_failures_total", "counter", "Sign-ins refused for a wrong user or password.");
        out << "kyodo_login_failures_total " << m_loginFailures << '\n';
        header(out, "kyodo_lockouts_total", "counter", "Accounts locked after too many failed sign-ins.");
        out << "kyodo_lockouts_total " << m_lockouts << '\n';
        header(out, "kyodo_blob_chunks_received_total", "counter", "Attachment chunks accepted (sent again included).");
        out << "kyodo_blob_chunks_received_total " << m_blobChunks << '\n';
        header(out, "kyodo_blob_chunk_bytes_received_total", "counter", "Bytes of the attachment chunks accepted.");
        out << "kyodo_blob_chunk_bytes_received_total " << m_blobChunkBytes << '\n';
    }
    // Read outside the lock: a gauge may query the store.
    for (const Gauge &g : gauges) {
        double v = 0;
        try {
            v = g.read();
        } catch (const std::exception &) {
            continue;
        }
        header(out, g.name.c_str(), "gauge", g.help.c_str());
        out << g.name << ' ' << number(v) << '\n';
    }
    return out.str();
}

} // namespace kyodo::server
