// Figure (a), the limit the client's pull is measured against: the same
// records bulk-inserted with the SQLite C API into a table shaped like the
// replica's confirmed `records` table (same columns and indexes), one
// prepared INSERT in one transaction, WAL and synchronous=FULL like the
// replica. Documents, versions and checksums are prepared before the clock
// starts: this is the storage ceiling, nothing else.
#pragma once

#include "consultationgenerator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kyodo::bench {

struct LimitResult {
    double seconds = 0;
    std::int64_t docBytes = 0; // total canonical document bytes inserted
};

// Throws std::runtime_error on any SQLite failure.
LimitResult measureRawInsert(const std::string &path, const std::vector<std::string> &ids,
                             const ConsultationGenerator &gen);

} // namespace kyodo::bench
