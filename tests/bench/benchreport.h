// The benchmark's result table: each figure with its unit, its share of the
// raw SQLite limit where that is the target, and PASS/MISS against the target;
// then one JSON line for scripts. Reporting only: it never fails the run.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kyodo::bench {

// CPU (user + system) this process has used, in seconds, to the microsecond.
double thisProcessCpuSeconds();

struct Figure {
    std::string key;   // JSON name, e.g. "pull_rps"
    std::string label; // table text, e.g. "(b) initial pull"
    double value = 0;
    std::string unit; // "records/s", "ms"
    std::optional<double> percentOfLimit;
    std::string target; // human text, empty when informational
    std::optional<bool> pass;
};

class BenchReport {
public:
    void add(Figure f) { m_figures.push_back(std::move(f)); }
    void setContext(const std::string &key, nlohmann::json value) { m_context[key] = std::move(value); }

    std::string table() const;
    std::string jsonLine() const;

private:
    std::vector<Figure> m_figures;
    nlohmann::json m_context = nlohmann::json::object();
};

} // namespace kyodo::bench
