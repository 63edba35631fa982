// kyodo-sim: runs the deterministic fault-injecting simulation for a range of
// seeds. A failing seed prints its log and the command that replays it.
//
//   kyodo-sim [--seeds N] [--first S] [--seed S] [--devices D] [--steps N]
//             [--store postgresql://…] [--verbose]
#include "simworld.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <unistd.h>

using namespace kyodo::sim;

namespace {

std::string freshWorkDir()
{
    // tmpfs where there is one: the simulation's thousands of fsyncs cost nothing there.
    const std::string base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path().string();
    std::string tmpl = base + "/kyodo-sim-XXXXXX";
    if (!mkdtemp(tmpl.data()))
        throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

} // namespace

int main(int argc, char **argv)
{
    std::uint64_t first = 1, seeds = 100;
    SimOptions base;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--seeds")
            seeds = std::stoull(next());
        else if (a == "--first")
            first = std::stoull(next());
        else if (a == "--seed")
            first = std::stoull(next()), seeds = 1;
        else if (a == "--devices")
            base.devices = std::stoi(next());
        else if (a == "--steps")
            base.steps = std::stoi(next());
        else if (a == "--store")
            base.store = next();
        else if (a == "--verbose")
            base.verbose = true;
        else {
            std::cerr << "usage: kyodo-sim [--seeds N] [--first S] [--seed S] [--devices D] [--steps N] "
                         "[--store postgresql://…] [--verbose]\n";
            return 2;
        }
    }
    setenv("KYODO_PBKDF2_ITERATIONS", "1", 1); // accounts made per seed; hashing cost is not under test
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t passed = 0, failed = 0;
    SimStats total;
    for (std::uint64_t seed = first; seed < first + seeds; ++seed) {
        SimOptions o = base;
        o.seed = seed;
        o.workDir = freshWorkDir();
        SimResult r = runSimulation(o);
        std::filesystem::remove_all(o.workDir);
        total.saves += r.stats.saves;
        total.syncs += r.stats.syncs;
        total.crashes += r.stats.crashes;
        total.restarts += r.stats.restarts;
        total.backups += r.stats.backups;
        total.restores += r.stats.restores;
        total.corruptions += r.stats.corruptions;
        total.detected += r.stats.detected;
        total.conflicts += r.stats.conflicts;
        total.rejected += r.stats.rejected;
        total.applied += r.stats.applied;
        total.clientResets += r.stats.clientResets;
        total.purged += r.stats.purged;
        total.files += r.stats.files;
        total.bytesUp += r.stats.bytesUp;
        if (r.ok) {
            ++passed;
            if (base.verbose)
                for (const std::string &line : r.log)
                    std::cout << line << "\n";
            continue;
        }
        ++failed;
        std::cout << "FAILED seed " << seed << "\n";
        for (const std::string &line : r.log)
            std::cout << line << "\n";
        for (const std::string &f : r.failures)
            std::cout << "  ✗ " << f << "\n";
        std::cout << "replay: kyodo-sim --seed " << seed
                  << (base.devices ? " --devices " + std::to_string(base.devices) : "")
                  << (base.steps ? " --steps " + std::to_string(base.steps) : "")
                  << (base.store.empty() ? "" : " --store " + base.store) << " --verbose\n";
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "simulation: seeds " << first << "–" << first + seeds - 1 << " on "
              << (base.store.empty() ? "SQLite" : "PostgreSQL") << " in " << secs << " s; saves " << total.saves
              << " (applied " << total.applied << ", conflict " << total.conflicts << ", rejected " << total.rejected
              << "), syncs " << total.syncs << ", device kills " << total.crashes << ", server restarts "
              << total.restarts << ", backups " << total.backups << ", restores from a backup " << total.restores
              << ", corrupted rows " << total.corruptions << " (" << total.detected
              << " caught by verify, the rest overwritten by newer pulls), client resets " << total.clientResets
              << ", saves purged with a revoked scope " << total.purged << ", files whole on the server at the end "
              << total.files << " (" << total.bytesUp << " bytes sent)\n";
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
