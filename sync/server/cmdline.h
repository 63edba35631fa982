// The command line of kyodo-server, parsed once: options anywhere, the
// rest positional (`serve`, `user add NAME`, `token revoke …`).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kyodo::server {

struct CommandLine {
    std::vector<std::string> args;                       // positional, in order
    std::map<std::string, std::vector<std::string>> opt; // --name -> values ("" for flags)
    std::string error;                                   // non-empty: usage error

    bool has(const std::string &name) const { return opt.count(name) > 0; }
    std::string value(const std::string &name, const std::string &fallback = {}) const
    {
        auto it = opt.find(name);
        return it == opt.end() || it->second.empty() ? fallback : it->second.back();
    }
};

CommandLine parseCommandLine(int argc, char **argv);

// Admin commands on the database (`user …`, `token …`); returns the exit code.
int runAdminCommand(const CommandLine &cl);
// `serve`; returns the exit code.
int runServe(const CommandLine &cl);

inline constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2;

} // namespace kyodo::server
