#include "benchreport.h"

#include <cstdio>

#include <sys/resource.h>

namespace kyodo::bench {

namespace {

std::string format(const char *fmt, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

std::string pad(const std::string &s, size_t width)
{
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

} // namespace

double thisProcessCpuSeconds()
{
    rusage use{};
    ::getrusage(RUSAGE_SELF, &use);
    const auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(use.ru_utime) + seconds(use.ru_stime);
}

std::string BenchReport::table() const
{
    std::string out =
        pad("figure", 36) + pad("value", 14) + pad("unit", 11) + pad("% of (a)", 10) + pad("target", 18) + "result\n";
    out += std::string(95, '-') + "\n";
    for (const Figure &f : m_figures) {
        out += pad(f.label, 36);
        out += pad(format(f.unit == "records/s" ? "%.0f" : "%.3f", f.value), 14);
        out += pad(f.unit, 11);
        out += pad(f.percentOfLimit ? format("%.1f%%", *f.percentOfLimit) : "", 10);
        out += pad(f.target.empty() ? "(info)" : f.target, 18);
        out += f.pass ? (*f.pass ? "PASS" : "MISS") : "";
        out += "\n";
    }
    return out;
}

std::string BenchReport::jsonLine() const
{
    nlohmann::json j = m_context;
    nlohmann::json pass = nlohmann::json::object();
    for (const Figure &f : m_figures) {
        j[f.key] = f.value;
        if (f.percentOfLimit)
            j[f.key + "_pct_of_limit"] = *f.percentOfLimit;
        if (f.pass)
            pass[f.key] = *f.pass;
    }
    j["pass"] = pass;
    return j.dump();
}

} // namespace kyodo::bench
