// Evaluates the report definitions of the schemas over the device replica
// (what the user sees: confirmed records with unsent changes laid over,
// deleted ones left out), offline. The same engine serves the app's Reports
// page and `kyodoctl report`.
#pragma once

#include "replica.h"
#include "report.h"

#include <string>
#include <vector>

namespace kyodo {

struct ReportRange {
    int fromFiscalYear = 0; // 0: open
    int toFiscalYear = 0;
};

struct ReportKey {
    json value;          // the group's value (fiscal year as a number, ward romaji, field value)
    std::string labelJa; // 平成30年度, 中区, 来所 …
    std::string labelEn;
};

struct ReportRow {
    std::vector<ReportKey> keys;
    std::vector<std::int64_t> values;
};

struct ReportTable {
    ReportDef def;
    ReportRange range;
    std::vector<ReportRow> rows;
    std::vector<std::int64_t> totals; // over all rows (distinct counts counted once)
};

class ReportEngine {
public:
    explicit ReportEngine(Replica &replica) : m_replica(replica) {}

    // Every report the device's schemas define.
    std::vector<const ReportDef *> reports();
    Result<ReportTable> run(const std::string &reportId, const ReportRange &range = {});
    Result<ReportTable> run(const ReportDef &def, const ReportRange &range = {});

private:
    Replica &m_replica;
};

// A report as people read it: aligned text with a total line, CSV (RFC 4180,
// a header row, UTF-8), or JSON.
std::string reportAsText(const ReportTable &table, bool english);
std::string reportAsCsv(const ReportTable &table, bool english);
json reportAsJson(const ReportTable &table);

} // namespace kyodo
