// PostgreSQL array literals in text form ({"a","b"}), so many rows travel as
// one parameter per column of one prepared `INSERT … SELECT FROM unnest(…)`:
// a push writes its records and results in one round trip instead of one each.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo::server {

class PgArray {
public:
    void add(const std::string &text);
    void add(std::int64_t number);
    std::string literal() const { return "{" + m_items + "}"; }
    bool empty() const { return m_items.empty(); }

private:
    std::string m_items;
};

} // namespace kyodo::server
