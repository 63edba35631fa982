// The second queue (PROTOCOL.md, "Attachments"): after the records have
// synced, the bytes of the files they name go up and come down, chunk by
// chunk. A record never waits for its photos; a photo whose record has not
// reached the server yet waits for the next round.
//
// What a device holds follows from its records (planBlobs): the thumbnails
// of every file always; the whole file when someone opens it (BlobStore::
// want), and ahead of time for the papers of meetings in the next days
// (a field's prefetch_before); nothing of a record it no longer has.
#pragma once

#include "blobstore.h"
#include "replica.h"
#include "transport.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace kyodo {

struct BlobPlan {
    std::set<std::string> referenced;          // every file and thumbnail a record here names
    std::map<std::string, std::int64_t> fetch; // to download: sha → size (0: a thumbnail, one chunk)
    std::set<std::string> pinned;              // papers of upcoming meetings, kept out of eviction
    std::int64_t serverRestores = 0;           // Replica::serverRestores(): files sent before may be gone
};

// `today` as YYYY-MM-DD (in Japan); files of a prefetch field are fetched
// whole when the record's date is within `days` from today.
Result<BlobPlan> planBlobs(Replica &replica, const std::string &today, int days = 7);

struct BlobProgress {
    std::string direction; // upload | download
    std::string sha256;
    std::int64_t doneBytes = 0; // over the whole round
    std::int64_t totalBytes = 0;
};
using BlobProgressFn = std::function<void(const BlobProgress &)>;

struct BlobReport {
    std::int64_t uploaded = 0;   // files the server now has whole
    std::int64_t downloaded = 0; // files now here whole
    std::int64_t waiting = 0;    // not yet possible (its record not on the server, not there yet)
    std::int64_t bytesUp = 0;
    std::int64_t bytesDown = 0;
    std::int64_t dropped = 0; // files no record here names any more
    std::int64_t evicted = 0; // fetched files let go over the cache limit
};

class BlobSync {
public:
    BlobSync(BlobStore &store, HttpChannel &channel) : m_store(store), m_channel(channel) {}

    // One round: forget, upload, download, evict. A network failure ends the
    // round with its error; every chunk moved before it stays moved.
    Result<BlobReport> run(const BlobPlan &plan, const BlobProgressFn &progress = {});

private:
    Status upload(const std::string &sha256, BlobReport &report, const BlobProgressFn &progress);
    Status download(const std::string &sha256, BlobReport &report, const BlobProgressFn &progress);
    void tick(const std::string &direction, const std::string &sha256, std::int64_t bytes,
              const BlobProgressFn &progress);

    BlobStore &m_store;
    HttpChannel &m_channel;
    std::int64_t m_done = 0;
    std::int64_t m_total = 0;
};

} // namespace kyodo
