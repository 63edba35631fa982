// The load kyodo-bench-server puts on one running kyodo-server: signed-in
// devices that push `create` mutations built directly with mutationToJson (no
// replica: this measures the server) and pull with their cursors, each on its
// own kyodo::Transport (one reused libcurl handle). Request bodies are built
// before the clock starts so the client threads, which share the CPUs with
// the server, do as little as possible while it runs.
#pragma once

#include "consultationgenerator.h"
#include "result.h"
#include "transport.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kyodo::bench {

struct BenchDevice {
    std::string name;
    std::string clientId; // UUIDv7
    std::unique_ptr<Transport> transport;
};

// POST /v1/login as `user` with a fresh client id; the token is set on the transport.
Result<BenchDevice> signInDevice(const std::string &url, const std::string &caFile, const std::string &user,
                                 const std::string &password, const std::string &name);

// Push bodies of records [first, first + ids.size()), `batch` mutations each, cseq from 1.
// `homeScope` non-empty: every record goes to that scope (a ward clerk's
// device); empty: records spread over the 18 wards (a bulk import).
std::vector<std::string> pushBodies(const BenchDevice &device, const std::vector<std::string> &ids, std::int64_t first,
                                    int batch, const ConsultationGenerator &gen, const std::string &homeScope = "");

struct LoadResult {
    double seconds = 0; // wall time of the whole run
    std::int64_t pushes = 0, pulls = 0;
    std::int64_t applied = 0;       // mutations the server answered `applied`
    std::int64_t pulledRecords = 0; // cursor advance summed over pulls
    std::int64_t failures = 0;      // transport errors, non-200 answers, results not applied
    std::string firstFailure;
    std::vector<double> pushMs, pullMs; // each request's latency, sorted
};

// Every device sends its bodies in order; after each push it pulls one page
// (limit `pullLimit`) when `pullLimit` > 0. With `interval` zero all devices
// start together and go as fast as the server answers (saturation); otherwise
// each device starts one sync (push + pull) per interval, the devices spread
// evenly over the first interval, as clerks' devices syncing on a timer.
LoadResult runDevices(std::vector<BenchDevice> &devices, const std::vector<std::vector<std::string>> &bodies,
                      int pullLimit, std::chrono::milliseconds interval = {});

// Nearest-rank percentile of sorted samples (0 when empty).
double percentile(const std::vector<double> &sorted, double p);

} // namespace kyodo::bench
