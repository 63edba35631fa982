#include "serverload.h"

#include "protocol.h"
#include "uuid.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <latch>
#include <map>
#include <mutex>
#include <thread>

namespace kyodo::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t nowHlc()
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return static_cast<std::uint64_t>(ms.count()) << 16;
}

struct DeviceOutcome {
    std::int64_t pushes = 0, pulls = 0, applied = 0, pulledRecords = 0, failures = 0;
    std::string firstFailure;
    std::vector<double> pushMs, pullMs;
    void failed(const std::string &what)
    {
        ++failures;
        if (firstFailure.empty())
            firstFailure = what;
    }
};

double msSince(Clock::time_point t0) { return 1000.0 * std::chrono::duration<double>(Clock::now() - t0).count(); }

// Pulls one page and advances the cursors. Only "scopes" of the answer is
// kept: records, conflicts and gone are skipped while parsing.
void pullOnce(BenchDevice &d, std::map<std::string, std::int64_t> &cursors, int limit, DeviceOutcome &out)
{
    json scopes = json::array();
    for (const auto &[scope, cursor] : cursors)
        scopes.push_back({{"scope", scope}, {"cursor", cursor}});
    const std::string body = json{{"client_id", d.clientId}, {"scopes", scopes}, {"limit", limit}}.dump();
    const auto t0 = Clock::now();
    auto r = d.transport->post("/v1/pull", body);
    out.pullMs.push_back(msSince(t0));
    ++out.pulls;
    if (!r || r->status != 200) {
        out.failed("pull: " + (r ? Transport::httpError(*r).text() : r.error().text()));
        return;
    }
    const json answer = json::parse(
        r->body,
        [](int depth, json::parse_event_t event, json &parsed) {
            return !(depth == 1 && event == json::parse_event_t::key && parsed != "scopes" && parsed != "more");
        },
        false);
    if (answer.is_discarded() || !answer.contains("scopes")) {
        out.failed("pull: unreadable answer");
        return;
    }
    for (const json &s : answer["scopes"]) {
        const std::string scope = s.value("scope", "");
        const std::int64_t cursor = s.value("cursor", std::int64_t{0});
        out.pulledRecords += cursor - cursors[scope];
        cursors[scope] = cursor;
    }
}

void runDevice(BenchDevice &d, const std::vector<std::string> &bodies, int pullLimit, DeviceOutcome &out,
               Clock::time_point firstSync, std::chrono::milliseconds interval)
{
    std::map<std::string, std::int64_t> cursors;
    Clock::time_point next = firstSync;
    for (const std::string &body : bodies) {
        if (interval.count() > 0) {
            std::this_thread::sleep_until(next);
            next += interval;
        }
        const auto t0 = Clock::now();
        auto r = d.transport->post("/v1/push", body);
        out.pushMs.push_back(msSince(t0));
        ++out.pushes;
        if (!r || r->status != 200) {
            out.failed("push: " + (r ? Transport::httpError(*r).text() : r.error().text()));
        } else {
            const json answer = json::parse(r->body, nullptr, false);
            for (const json &result : answer.value("results", json::array())) {
                if (result.value("status", "") == "applied")
                    ++out.applied;
                else
                    out.failed("push result: " + result.dump());
            }
        }
        if (pullLimit > 0)
            pullOnce(d, cursors, pullLimit, out);
    }
}

} // namespace

Result<BenchDevice> signInDevice(const std::string &url, const std::string &caFile, const std::string &user,
                                 const std::string &password, const std::string &name)
{
    BenchDevice d;
    d.name = name;
    d.clientId = newUuidV7();
    TransportOptions options;
    options.baseUrl = url;
    options.caFile = caFile;
    d.transport = std::make_unique<Transport>(options);
    auto r = d.transport->post("/v1/login", json{{"user", user}, {"password", password}, {"device", name}}.dump());
    if (!r)
        return r.error();
    if (r->status != 200)
        return Transport::httpError(*r);
    d.transport->setToken(json::parse(r->body).at("token").get<std::string>());
    return d;
}

std::vector<std::string> pushBodies(const BenchDevice &device, const std::vector<std::string> &ids, std::int64_t first,
                                    int batch, const ConsultationGenerator &gen, const std::string &homeScope)
{
    std::vector<std::string> bodies;
    const std::uint64_t hlc = nowHlc();
    std::int64_t cseq = 0;
    for (size_t from = 0; from < ids.size(); from += static_cast<size_t>(batch)) {
        json mutations = json::array();
        for (size_t k = from; k < std::min(ids.size(), from + static_cast<size_t>(batch)); ++k) {
            const std::int64_t i = first + static_cast<std::int64_t>(k);
            Mutation m;
            m.cseq = ++cseq;
            m.mid = newUuidV7();
            m.op = Op::Create;
            m.record = ids[k];
            m.type = kConsultationType;
            m.scope = homeScope.empty() ? ConsultationGenerator::scopeOf(i) : homeScope;
            m.fields = gen.fields(i);
            m.baseCl = 1;
            m.hlc = hlc + static_cast<std::uint64_t>(cseq);
            mutations.push_back(mutationToJson(m));
        }
        bodies.push_back(json{{"client_id", device.clientId}, {"mutations", mutations}}.dump());
    }
    return bodies;
}

LoadResult runDevices(std::vector<BenchDevice> &devices, const std::vector<std::vector<std::string>> &bodies,
                      int pullLimit, std::chrono::milliseconds interval)
{
    std::vector<DeviceOutcome> outcomes(devices.size());
    std::latch ready(static_cast<std::ptrdiff_t>(devices.size()) + 1);
    std::vector<std::thread> threads;
    Clock::time_point start;
    for (size_t k = 0; k < devices.size(); ++k)
        threads.emplace_back([&, k] {
            ready.arrive_and_wait();
            const auto offset = interval * static_cast<long>(k) / static_cast<long>(devices.size());
            runDevice(devices[k], bodies[k], pullLimit, outcomes[k], start + offset, interval);
        });
    const auto t0 = Clock::now();
    start = t0;
    ready.arrive_and_wait();
    for (std::thread &t : threads)
        t.join();
    LoadResult result;
    result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    for (DeviceOutcome &o : outcomes) {
        result.pushes += o.pushes;
        result.pulls += o.pulls;
        result.applied += o.applied;
        result.pulledRecords += o.pulledRecords;
        result.failures += o.failures;
        if (result.firstFailure.empty())
            result.firstFailure = o.firstFailure;
        result.pushMs.insert(result.pushMs.end(), o.pushMs.begin(), o.pushMs.end());
        result.pullMs.insert(result.pullMs.end(), o.pullMs.begin(), o.pullMs.end());
    }
    std::sort(result.pushMs.begin(), result.pushMs.end());
    std::sort(result.pullMs.begin(), result.pullMs.end());
    return result;
}

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

} // namespace kyodo::bench
