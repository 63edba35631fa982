// What a device holds of the files its records name (PROTOCOL.md,
// "Attachments"): the thumbnails of every file always; the whole file when
// someone opens it (BlobStore::want), and ahead of time for the papers of
// meetings in the next days (a field's prefetch_before); nothing of a record
// it no longer has. Files picked for a record not saved yet (a draft of the
// visit-note quick entry) are kept too, but not sent: no record names them.
#pragma once

#include "replica.h"

#include <map>
#include <set>
#include <string>

namespace kyodo {

struct BlobPlan {
    std::set<std::string> referenced;          // every file and thumbnail a record or a draft here names
    std::set<std::string> draftOnly;           // named by a draft only: kept, not sent before its record is saved
    std::map<std::string, std::int64_t> fetch; // to download: sha → size (0: a thumbnail, one chunk)
    std::set<std::string> pinned;              // papers of upcoming meetings, kept out of eviction
    std::int64_t serverRestores = 0;           // Replica::serverRestores(): files sent before may be gone
};

// `today` as YYYY-MM-DD (in Japan); files of a prefetch field are fetched
// whole when the record's date is within `days` from today.
Result<BlobPlan> planBlobs(Replica &replica, const std::string &today, int days = 7);

} // namespace kyodo
