// Deterministic ward_centers.consultation records for the sync benchmark:
// every field filled with plausible Japanese (party names, a 200–400 character
// summary, staff, dates, enum values), spread evenly over the 18 wards.
// Record i is the same on every call, so each measured phase works on the
// same data without holding it all in memory.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kyodo::bench {

using json = nlohmann::json;

inline constexpr const char *kConsultationType = "ward_centers.consultation";

class ConsultationGenerator {
public:
    explicit ConsultationGenerator(std::uint64_t seed) : m_seed(seed) {}

    // "ward:<romaji>" of record i (round robin over the 18 wards).
    static std::string scopeOf(std::int64_t i);
    // All 11 fields of the type, filled.
    json fields(std::int64_t i) const;
    // A plausible one-field change for the n-th edit of a record.
    json editOf(std::int64_t i, std::int64_t n) const;

private:
    std::uint64_t m_seed;
};

// Number of Unicode code points in UTF-8 text (what the schema's max counts).
std::int64_t codePoints(const std::string &utf8);

} // namespace kyodo::bench
