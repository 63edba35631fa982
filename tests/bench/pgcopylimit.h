// The PostgreSQL side of kyodo-bench-server: throwaway databases on the
// cluster named by $KYODO_TEST_PG, and the limit the server's bulk push is
// measured against: raw `COPY records FROM STDIN` (libpq, text format) of the
// rows the server would store, into a table shaped like the server's records
// table (sync/server/storesql.cpp: same columns, primary key and index) in a
// fresh database. Rows are prepared before the clock starts.
#pragma once

#include "consultationgenerator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kyodo::bench {

// A fresh, empty database on the cluster of `adminUri`, dropped (WITH FORCE)
// on destruction. Throws std::runtime_error.
class PgBenchDatabase {
public:
    PgBenchDatabase(const std::string &adminUri, const std::string &prefix);
    ~PgBenchDatabase();
    PgBenchDatabase(const PgBenchDatabase &) = delete;
    PgBenchDatabase &operator=(const PgBenchDatabase &) = delete;

    const std::string &uri() const { return m_uri; }

private:
    std::string m_admin, m_name, m_uri;
};

struct CopyResult {
    double seconds = 0;
    std::int64_t rows = 0;
    std::int64_t bytes = 0; // COPY text sent
};

// Records `first`…`first + ids.size() - 1` of `gen`, as the server stores a
// created record (rev 1, versions 1, meta [hlc, client, user]), copied into a
// new records table in the database `uri`. Throws std::runtime_error.
CopyResult measureCopy(const std::string &uri, const std::vector<std::string> &ids, std::int64_t first,
                       const ConsultationGenerator &gen);

} // namespace kyodo::bench
