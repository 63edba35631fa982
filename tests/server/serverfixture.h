// Shared setup for the server tests: a real store, fresh and empty for each
// test, on SQLite (a temp dir) and on PostgreSQL (a new database, see
// pgtestdb.h); the repository's plugin schemas, callers and mutation
// builders that read like the protocol.
//
// Store-level tests derive from StoreTest and are instantiated for both
// backends with KYODO_INSTANTIATE_FOR_STORES(Fixture). Their names end in
// /sqlite or /postgres; the postgres ones skip unless $KYODO_TEST_PG is set.
#pragma once

#include "auth.h"
#include "pgstore.h"
#include "pgtestdb.h"
#include "checksum.h"
#include "protocol.h"
#include "record.h"
#include "schema.h"
#include "sqlitestore.h"
#include "uuid.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

namespace kyodo::server::test {

class TempDir {
public:
    TempDir()
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / "kyodo-server-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw std::runtime_error("mkdtemp failed");
        m_path = tmpl;
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

enum class Backend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<Backend> &info)
{
    return info.param == Backend::Sqlite ? "sqlite" : "postgres";
}

// The store under test. Without $KYODO_TEST_PG the PostgreSQL variant holds a
// SQLite stand-in so fixture members can bind to it, and the test is skipped.
class TestStore {
public:
    explicit TestStore(Backend backend)
    {
        if (backend == Backend::Postgres && PgTestDatabase::configured()) {
            m_pg.emplace();
            m_store = std::make_unique<PgStore>(m_pg->uri());
            return;
        }
        m_skipped = backend == Backend::Postgres;
        m_store = std::make_unique<SqliteStore>((m_dir.path() / "server.db").string());
    }
    Store &store() { return *m_store; }
    bool skipped() const { return m_skipped; }

private:
    // Destroyed in reverse: the store's connections close before its database is dropped.
    TempDir m_dir;
    std::optional<PgTestDatabase> m_pg;
    std::unique_ptr<Store> m_store;
    bool m_skipped = false;
};

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
    TestStore backing{GetParam()};
    Store &store = backing.store();

    void SetUp() override
    {
        if (backing.skipped())
            GTEST_SKIP() << "PostgreSQL variant: set KYODO_TEST_PG=postgresql://USER@HOST:PORT/DB (a role that may "
                            "CREATE DATABASE), or run under tests/pg/with-postgres.sh";
    }
};

#define KYODO_INSTANTIATE_FOR_STORES(fixture)                                                                          \
    INSTANTIATE_TEST_SUITE_P(                                                                                          \
        Stores, fixture,                                                                                               \
        ::testing::Values(::kyodo::server::test::Backend::Sqlite, ::kyodo::server::test::Backend::Postgres),           \
        ::kyodo::server::test::backendName)

inline SchemaSet loadSchemas()
{
    auto s = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
    if (!s)
        throw std::runtime_error(s.error().text());
    return std::move(*s);
}

inline Caller staff(const std::string &name, const std::string &ward) { return Caller{name, Role::Staff, {ward}}; }

inline const char *kConsultation = "ward_centers.consultation";

inline json consultationFields()
{
    return {{"received_at", "2024-05-01T10:00:00+09:00"},
            {"channel", "visit"},
            {"party", "NPO法人 みなと"},
            {"category", "startup"},
            {"summary", "立上げの相談"}};
}

inline Mutation createOf(std::int64_t cseq, const std::string &id, const std::string &scope, json fields,
                         std::uint64_t hlc)
{
    Mutation m;
    m.cseq = cseq;
    m.mid = newUuidV7();
    m.op = Op::Create;
    m.record = id;
    m.type = kConsultation;
    m.scope = scope;
    m.fields = std::move(fields);
    m.hlc = hlc;
    return m;
}

inline Mutation editOf(std::int64_t cseq, const std::string &id, const std::string &scope, json fields, json base,
                       std::uint64_t baseRev, std::uint64_t hlc)
{
    Mutation m = createOf(cseq, id, scope, std::move(fields), hlc);
    m.op = Op::Edit;
    m.base = std::move(base);
    m.baseRev = baseRev;
    return m;
}

inline Mutation deleteOf(std::int64_t cseq, const std::string &id, const std::string &scope, std::uint64_t baseRev,
                         std::uint64_t hlc)
{
    Mutation m = createOf(cseq, id, scope, json::object(), hlc);
    m.op = Op::Delete;
    m.baseRev = baseRev;
    return m;
}

inline Mutation resolveOf(std::int64_t cseq, const std::string &conflict, const std::string &scope,
                          const std::string &take, json fields, std::uint64_t hlc)
{
    Mutation m = createOf(cseq, newUuidV7(), scope, std::move(fields), hlc);
    m.op = Op::Resolve;
    m.conflict = conflict;
    m.take = take;
    return m;
}

// Sum of record checksums recomputed from the stored docs, per store.h invariant 3.
inline std::uint64_t recomputedScopeChecksum(Store &store, const std::string &scope, std::int64_t *count = nullptr)
{
    auto tx = store.beginRead();
    std::uint64_t sum = 0;
    auto rows = tx->changedRecords(scope, 0, 1 << 30);
    for (const StoredRecord &r : rows)
        sum += recordChecksum(canonicalJson(json::parse(r.doc)));
    if (count)
        *count = static_cast<std::int64_t>(rows.size());
    return sum;
}

} // namespace kyodo::server::test
