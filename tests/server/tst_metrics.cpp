// The metrics text (metrics.h) against the rules of Prometheus's text
// exposition format 0.0.4: HELP and TYPE once before a metric's samples,
// sample lines `name{label="value",…} number`, label values escaped,
// histogram buckets cumulative up to le="+Inf" equal to _count.
#include "metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace kyodo::server;

namespace {

struct Sample {
    std::string name, labels;
    double value = 0;
};

// Parses the text, failing the test on any line that breaks the format.
std::vector<Sample> parse(const std::string &text)
{
    static const std::regex help(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
    static const std::regex type(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
    static const std::regex sample(
        R"re(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\})? (\S+)$)re");
    std::vector<Sample> out;
    std::set<std::string> typed, helped;
    std::string current;
    std::istringstream in(text);
    std::string line;
    EXPECT_TRUE(!text.empty() && text.back() == '\n') << "the text ends with a newline";
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, help)) {
            EXPECT_TRUE(helped.insert(m[1]).second) << "HELP twice for " << m[1];
        } else if (std::regex_match(line, m, type)) {
            EXPECT_TRUE(typed.insert(m[1]).second) << "TYPE twice for " << m[1];
            current = m[1];
        } else if (std::regex_match(line, m, sample)) {
            const std::string name = m[1];
            EXPECT_EQ(name.rfind(current, 0), 0u) << name << " outside its TYPE block " << current;
            std::size_t used = 0;
            const std::string v = m[3];
            double value = v == "+Inf" ? INFINITY : std::stod(v, &used);
            if (v != "+Inf") {
                EXPECT_EQ(used, v.size()) << line;
            }
            out.push_back({name, m[2], value});
        } else {
            ADD_FAILURE() << "not a line of the format: " << line;
        }
    }
    return out;
}

TEST(Metrics, TheTextFollowsTheFormat)
{
    Metrics m;
    m.request("/v1/push", "POST", 200, 0.003);
    m.request("/v1/push", "POST", 200, 0.2);
    m.request("/v1/push", "POST", 503, 40);
    m.request("/v1/login", "POST", 401, 0.05);
    m.mutation("applied", "");
    m.mutation("rejected", "bad_enum");
    m.pull(120);
    m.loginFailed();
    m.lockout();
    m.gauge("kyodo_open_conflicts", "Conflicts waiting for a person.", [] { return 3.0; });
    m.gauge("kyodo_broken", "A reader that fails is left out.", []() -> double { throw std::runtime_error("x"); });
    const auto samples = parse(m.render());

    std::map<std::string, double> byKey;
    for (const Sample &s : samples)
        byKey[s.name + s.labels] = s.value;
    EXPECT_EQ(byKey["kyodo_http_requests_total{route=\"/v1/push\",method=\"POST\",status=\"200\"}"], 2);
    EXPECT_EQ(byKey["kyodo_mutations_total{outcome=\"rejected\",code=\"bad_enum\"}"], 1);
    EXPECT_EQ(byKey["kyodo_pulled_records_total"], 120);
    EXPECT_EQ(byKey["kyodo_lockouts_total"], 1);
    EXPECT_EQ(byKey["kyodo_open_conflicts"], 3);
    EXPECT_EQ(byKey.count("kyodo_broken"), 0u);

    // Buckets: cumulative, ending at +Inf with the count; the sum adds up.
    double previous = 0;
    for (double bound : Metrics::latencyBuckets()) {
        std::ostringstream le;
        le << bound;
        const double n =
            byKey["kyodo_http_request_duration_seconds_bucket{route=\"/v1/push\",le=\"" + le.str() + "\"}"];
        EXPECT_GE(n, previous) << bound;
        previous = n;
    }
    EXPECT_EQ(byKey["kyodo_http_request_duration_seconds_bucket{route=\"/v1/push\",le=\"0.005\"}"], 1);
    EXPECT_EQ(byKey["kyodo_http_request_duration_seconds_bucket{route=\"/v1/push\",le=\"30\"}"], 2);
    EXPECT_EQ(byKey["kyodo_http_request_duration_seconds_bucket{route=\"/v1/push\",le=\"+Inf\"}"], 3);
    EXPECT_EQ(byKey["kyodo_http_request_duration_seconds_count{route=\"/v1/push\"}"], 3);
    EXPECT_DOUBLE_EQ(byKey["kyodo_http_request_duration_seconds_sum{route=\"/v1/push\"}"], 40.203);
}

TEST(Metrics, LabelValuesAreEscaped)
{
    EXPECT_EQ(escapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    Metrics m;
    m.mutation("rejected", "odd\"code\\\n");
    const auto samples = parse(m.render());
    bool found = false;
    for (const Sample &s : samples)
        found |= s.labels == "{outcome=\"rejected\",code=\"odd\\\"code\\\\\\n\"}";
    EXPECT_TRUE(found);
}

TEST(Metrics, ResidentMemoryIsKnownOnLinux) { EXPECT_GT(residentBytes(), 1e6); }

} // namespace
