// The deterministic simulation of issue 3: devices running the real client
// engine against the real server code in one process, with a seeded random
// schedule of user actions and faults. Everything random flows from one
// seed: the schedule, the faults, the wall clock, and the ids the engine
// makes; so a failing seed replays exactly.
#pragma once

#include "httpapi.h"
#include "replica.h"
#include "store.h"
#include "syncengine.h"

#include <cstdint>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace kyodo::sim {

using server::ApiRequest;
using server::ApiResponse;

// Thrown by the statement hook to kill a device between two SQLite
// statements. Deliberately not a std::exception, so no catch in the engine
// mistakes a killed process for an error it could handle.
struct SimulatedCrash {};

struct SimOptions {
    std::uint64_t seed = 1;
    int devices = 0;     // 0: 2–8 chosen by the seed
    int steps = 0;       // 0: 40–120 chosen by the seed
    std::string store;   // "" = SQLite in the work dir; postgresql://… = that database, emptied first
    std::string workDir; // fresh, empty
    bool verbose = false;
};

struct SimStats {
    int saves = 0, syncs = 0, syncFailures = 0, crashes = 0, restarts = 0, corruptions = 0, detected = 0;
    int backups = 0, restores = 0; // SQLite: the server restored from an earlier backup
    int conflicts = 0, rejected = 0, applied = 0, clientResets = 0;
    int purged = 0; // answered saves that left the outbox with a revoked scope
    int files = 0;  // files whole on the server at the end, checked byte for byte
    std::int64_t bytesUp = 0;
};

struct SimResult {
    bool ok = true;
    std::vector<std::string> failures;
    std::vector<std::string> log;
    SimStats stats;
};

SimResult runSimulation(const SimOptions &options);

} // namespace kyodo::sim
