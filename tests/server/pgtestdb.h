// A fresh, empty PostgreSQL database for one test, on the server named by
// $KYODO_TEST_PG (tests/pg/with-postgres.sh sets it), dropped at the end so
// every test starts from nothing and leaves nothing behind.
#pragma once

#include "pgconn.h"

#include <cstdlib>
#include <random>
#include <string>

namespace kyodo::server::test {

class PgTestDatabase {
public:
    static constexpr const char *kEnv = "KYODO_TEST_PG";

    static bool configured()
    {
        const char *uri = std::getenv(kEnv);
        return uri && *uri;
    }

    PgTestDatabase() : m_admin(std::getenv(kEnv) ? std::getenv(kEnv) : "")
    {
        if (m_admin.empty())
            throw std::runtime_error(std::string(kEnv) + " is not set");
        std::random_device rd;
        const std::uint64_t r = (std::uint64_t(rd()) << 32) | rd();
        char name[32];
        std::snprintf(name, sizeof name, "test_%016llx", static_cast<unsigned long long>(r));
        m_name = name;
        PgConn(m_admin).exec("CREATE DATABASE " + m_name);
        m_uri = withDatabase(m_admin, m_name);
    }
    ~PgTestDatabase()
    {
        try {
            // FORCE: a server process killed by a failing test may still hold connections.
            PgConn(m_admin).exec("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (const std::exception &) {
            // The throwaway cluster is removed with its directory anyway.
        }
    }
    PgTestDatabase(const PgTestDatabase &) = delete;
    PgTestDatabase &operator=(const PgTestDatabase &) = delete;

    const std::string &uri() const { return m_uri; }

private:
    // postgresql://user@host:port/db?opts -> the same URI naming `db`.
    static std::string withDatabase(const std::string &uri, const std::string &db)
    {
        const auto scheme = uri.find("://");
        const auto path = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
        const auto query = uri.find('?');
        const std::string base = uri.substr(0, path == std::string::npos ? std::min(query, uri.size()) : path);
        return base + "/" + db + (query == std::string::npos ? "" : uri.substr(query));
    }

    std::string m_admin, m_name, m_uri;
};

} // namespace kyodo::server::test
