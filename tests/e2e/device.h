// A device in an end-to-end test: its own replica file, driven through the
// real kyodoctl binary exactly as an operator or script would.
#pragma once

#include "process.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace kyodo::test {

using json = nlohmann::json;

class Device {
public:
    Device(const TempDir &dir, const std::string &name) : m_db(dir.file(name + ".db")) {}

    const std::string &db() const { return m_db; }

    RunResult ctl(std::vector<std::string> args, const std::string &ca = devCerts().ca) const
    {
        std::vector<std::string> argv = {kyodoctlBinary(), "--db", m_db, "--ca", ca};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, {{"KYODO_PASSWORD", ServerProcess::kPassword}, {"KYODO_MAX_ATTEMPTS", "2"}});
    }

    // Runs a command that must succeed; returns its stdout.
    std::string ok(std::vector<std::string> args) const
    {
        RunResult r = ctl(args);
        EXPECT_EQ(r.exitCode, 0) << args[0] << ": " << r.err;
        return r.out;
    }

    void login(const ServerProcess &server, const std::string &user) const { ok({"login", server.url(), user}); }

    std::string put(const std::string &type, const std::string &scope, std::vector<std::string> fields) const
    {
        std::vector<std::string> args = {"put", type, "--scope", scope};
        args.insert(args.end(), fields.begin(), fields.end());
        std::string out = ok(args);
        return out.substr(0, out.find('\n'));
    }

    std::vector<json> jsonLines(std::vector<std::string> args) const
    {
        args.insert(args.begin(), "--json");
        std::vector<json> lines;
        std::string out = ok(args);
        size_t start = 0;
        for (size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
            lines.push_back(json::parse(out.substr(start, end - start)));
        return lines;
    }

    json show(const std::string &id) const
    {
        auto lines = jsonLines({"show", id});
        return lines.empty() ? json() : lines.front();
    }

    // Every record of the replica in a comparable form.
    std::vector<json> records() const { return jsonLines({"list", "--deleted"}); }

private:
    std::string m_db;
};

} // namespace kyodo::test
