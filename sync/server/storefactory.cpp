#include "storefactory.h"

#include "pgstore.h"
#include "sqlitestore.h"

namespace kyodo::server {

bool isPostgresUri(const std::string &db)
{
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> openStore(const std::string &db, int poolSize)
{
    if (isPostgresUri(db))
        return std::make_unique<PgStore>(db, poolSize > 0 ? poolSize : PgPool::kDefaultSize);
    return std::make_unique<SqliteStore>(db);
}

} // namespace kyodo::server
