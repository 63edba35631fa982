// Report definitions (the "reports" of a plugin's schema.json, DESIGN.md §4):
// which records (type and filter), how they are grouped ("fiscal_year(date)"
// or "fiscal_year(year)", "ward(scope)" for the ward a record belongs to, or
// a field by its key), and what each column counts (count, sum of an amount,
// distinct values, or the first value of a text field in a given order, as
// the city's tables name "the theme … 等" of a year), each column optionally
// with its own filter so that, for instance, the two kinds of grant sit side
// by side. A report may name the section of the city's yearly report it
// belongs to ("2(2)イ"), so the printed report follows the city's order.
// Parsed and checked against the plugin's record types when the schema loads.
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kyodo {

using json = nlohmann::json;
struct TypeDef;

// A condition on fields: {"field": value} (equal), {"field": [v1, v2]} (one
// of), {"field": null} (empty), {"field": {"not": v}}; all must hold.
struct ReportFilter {
    struct Term {
        std::string field;
        std::vector<json> anyOf; // empty with isNull: the field is empty
        bool negate = false;
        bool isNull = false;
    };
    std::vector<Term> terms;
};

struct ReportGroup {
    enum class Kind { FiscalYear, Ward, Field };
    Kind kind = Kind::Field;
    std::string field;      // the date of a fiscal year, or the grouped field; empty for Ward
    bool yearField = false; // FiscalYear: `field` holds the fiscal year itself, not a date
    std::string labelJa, labelEn;
};

struct ReportColumn {
    enum class Agg { Count, Sum, Distinct, First };
    Agg agg = Agg::Count;
    std::string field; // for sum, distinct and first
    std::string order; // first: the field whose smallest value comes first; empty: the order of entry
    std::string labelJa, labelEn;
    std::string unit; // "yen" for sums of yen
    ReportFilter filter;

    // A column of text (first()), read left to right and not charted; the others are figures.
    bool isText() const { return agg == Agg::First; }
};

struct ReportDef {
    std::string id;
    std::string plugin;
    std::string labelJa, labelEn;
    std::string section; // "2(1)", "3(4)イ" … of the city's yearly report; empty: not one of its tables
    std::string type;
    std::vector<ReportGroup> groups;
    ReportFilter filter;
    std::vector<ReportColumn> columns;
};

// Parses one report of `plugin` about `type` (the record type its "type"
// names, looked up by the caller; nullptr when unknown, which is an error).
Result<ReportDef> parseReport(const json &j, const std::string &plugin, const TypeDef *type);
// The record type a report definition names (before it is parsed).
std::string reportTypeOf(const json &j);

} // namespace kyodo
