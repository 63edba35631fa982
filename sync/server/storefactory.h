// The one place that turns `--db` into a Store, for `serve` and the admin
// commands alike: a postgresql:// or postgres:// URI opens PgStore, anything
// else is a SQLite file path (the default).
#pragma once

#include "store.h"

#include <memory>
#include <string>

namespace kyodo::server {

bool isPostgresUri(const std::string &db);

// Opens and migrates the store; throws StoreError. `poolSize` applies to
// PostgreSQL (connections per process); 0 means the default.
std::unique_ptr<Store> openStore(const std::string &db, int poolSize = 0);

} // namespace kyodo::server
