// kyodoctl: the sync engine from the command line, for operators, scripts
// and tests. Usage and exit codes: MixedLine::KyodoctlUsage in
// sync/core/messages.cpp, and README.md.
#include "commands.h"
#include "messages.h"

#include <cstring>
#include <iostream>

using namespace kyodo;

namespace {

void usage(std::ostream &out) { out << lineOf(MixedLine::KyodoctlUsage); }

} // namespace

int main(int argc, char **argv)
{
    CliOptions opts;
    std::vector<std::string> rest;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string &out) {
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        if (a == "--db") {
            if (!value(opts.db))
                return usage(std::cerr), 2;
        } else if (a == "--ca") {
            if (!value(opts.ca))
                return usage(std::cerr), 2;
        } else if (a == "--json") {
            opts.json = true;
        } else if (a == "-h" || a == "--help") {
            usage(std::cout);
            return 0;
        } else if (rest.empty() && a.rfind("--", 0) == 0) {
            std::cerr << bilingual(Txt::UnknownOptionLabel) << ": " << a << "\n";
            usage(std::cerr);
            return 2;
        } else {
            rest.push_back(a);
        }
    }
    if (rest.empty()) {
        usage(std::cerr);
        return 2;
    }
    if (opts.db.empty()) {
        if (const char *env = std::getenv("KYODO_DB"))
            opts.db = env;
    }
    if (opts.db.empty()) {
        std::cerr << bilingual(Txt::DbRequired) << "\n";
        return 2;
    }
    return runCommand(opts, rest);
}
