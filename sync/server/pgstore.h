// The Store on PostgreSQL 15 through libpq, for several kyodo-server
// processes sharing one database. It behaves exactly like SqliteStore (the
// same tests run against both); what differs is how store.h's invariants
// are kept:
//   - invariant 2: beginWrite() is a READ COMMITTED transaction, and
//     lockScope() inserts the scope's counter row if missing, then takes it
//     with SELECT … FOR UPDATE until commit. Writers of one scope queue on
//     that row lock, so they take seqs and commit in the same order; writers
//     of different scopes run in parallel. Rows a writer reads to merge
//     against (record, conflict, client) are read FOR UPDATE as well, since
//     READ COMMITTED would otherwise let them predate a concurrent commit.
//   - invariant 4: beginRead() is REPEATABLE READ, READ ONLY: one snapshot.
//   - invariant 5: a PgTx destroyed without commit() sends ROLLBACK; a
//     connection that fails is dropped from the pool.
#pragma once

#include "pgpool.h"
#include "store.h"

#include <string>

namespace kyodo::server {

class PgStore final : public Store {
public:
    // Connects, migrates the schema (pgschema.h); throws StoreError.
    // `conninfo` is a libpq URI (postgresql://…) or key=value string.
    explicit PgStore(std::string conninfo, int poolSize = PgPool::kDefaultSize);

    std::unique_ptr<StoreTx> beginWrite() override;
    std::unique_ptr<StoreTx> beginRead() override;
    PoolUse poolUse() const override { return {m_pool.openCount(), m_pool.busyCount()}; }

private:
    PgPool m_pool;
};

} // namespace kyodo::server
