// A file written beside its destination as DEST.partial, then made durable
// and renamed into place: DEST is whole or absent, also after a power cut.
// Shared by the SQLite and PostgreSQL backups (backup.h, pgbackup.h).
#pragma once

#include <string>
#include <system_error>

namespace kyodo::server {

// The name the partial file of `dest` is written under.
std::string partialOf(const std::string &dest);
// Syncs `partial`, renames it to `dest` and syncs the directory that holds
// `dest`; a failed rename is returned, and `partial` is left for the caller.
std::error_code publishPartial(const std::string &partial, const std::string &dest);

} // namespace kyodo::server
