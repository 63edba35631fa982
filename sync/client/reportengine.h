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
    std::vector<std::int64_t> values; // per column; for first(): how many different values the group holds
    std::vector<std::string> texts;   // per column; first(): the first value, else empty
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

    // Every report the device's schemas define: those of the city's yearly
    // report first, in the order of its sections, then the others in plugin order.
    std::vector<const ReportDef *> reports();
    Result<ReportTable> run(const std::string &reportId, const ReportRange &range = {});
    Result<ReportTable> run(const ReportDef &def, const ReportRange &range = {});

private:
    // A referenced record's id as a group key, labelled with the record's title.
    void nameReference(ReportKey &key, const std::string &refType);
    Replica &m_replica;
};

// One cell as people read it: a number with separators (yen marked), or a
// first() column's value followed by 等 / "etc." when the group held others.
std::string reportCellText(const ReportColumn &column, std::int64_t value, const std::string &text, bool english);

// A report as people read it: aligned text with a total line, CSV (RFC 4180,
// a header row, UTF-8), or JSON.
std::string reportAsText(const ReportTable &table, bool english);
std::string reportAsCsv(const ReportTable &table, bool english);
json reportAsJson(const ReportTable &table);

} // namespace kyodo
