#pragma once

#include <string>
#include <vector>

namespace kyodo {

struct CliOptions {
    std::string db;
    std::string ca;
    bool json = false;
};

// Runs one command; returns the process exit code.
int runCommand(const CliOptions &options, const std::vector<std::string> &args);

} // namespace kyodo
