// The second queue (PROTOCOL.md, "Attachments"): after the records have
// synced, the bytes of the files they name go up and come down, chunk by
// chunk. A record never waits for its photos; a photo whose record has not
// reached the server yet waits for the next round.
//
// What moves and what stays comes from planBlobs (blobplan.h).
#pragma once

#include "blobplan.h"
#include "blobstore.h"
#include "transport.h"

#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace kyodo {

struct BlobProgress {
    std::string direction;      // upload | download
    std::string sha256;         // the file on its way now: the last one started
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
    // Files attached here that could not be read back (a damaged copy, a
    // disk error): each is passed over, so the others still go.
    std::vector<Error> damaged;
    // The server took no more files this round, its disk nearly full (507):
    // what it said. Files wait here; fetching went on.
    std::optional<Error> serverFull;
    bool stopped = false; // ended early because BlobSyncOptions::stop was set
};

struct BlobSyncOptions {
    // On: chunks travel on `lanes` connections of their own at once (the
    // channel's another()), overlapping the server's work, the network and
    // this device's store; about twice as fast to a server nearby. Off (the
    // default): one thread, one connection, every request in order, as the
    // simulation and tests that script faults per request need.
    bool overlap = false;
    // Answers are taken in the order they were asked for: with two lanes,
    // one whose answer was in often waited while the store's thread waited
    // for the other; a third keeps one fetching (kyodo-bench-attachments:
    // downloads about 15% faster, uploads the same).
    static constexpr int kLanes = 3;
    int lanes = kLanes;
    // Set (from any thread) when the app is closing: the round ends after
    // the chunks already on their way, with everything moved kept, and the
    // next round resumes where this one stopped.
    const std::atomic<bool> *stop = nullptr;
};

class BlobSync {
public:
    BlobSync(BlobStore &store, HttpChannel &channel, BlobSyncOptions options = {})
        : m_store(store), m_channel(channel), m_options(options)
    {}

    // One round: forget, upload, download, evict. A network failure ends the
    // round with its error; every chunk moved before it stays moved.
    Result<BlobReport> run(const BlobPlan &plan, const BlobProgressFn &progress = {});

private:
    class Lanes;
    Status uploadAll(const std::vector<std::string> &shas, BlobReport &report, const BlobProgressFn &progress);
    Status downloadAll(const std::vector<std::string> &shas, BlobReport &report, const BlobProgressFn &progress);
    // A file starts on its way (told before any of its chunks is in), then bytes move.
    void start(const std::string &direction, const std::string &sha256, const BlobProgressFn &progress);
    void tick(const std::string &direction, std::int64_t bytes, const BlobProgressFn &progress);

    BlobStore &m_store;
    HttpChannel &m_channel;
    bool stopping() const { return m_options.stop && m_options.stop->load(); }

    BlobSyncOptions m_options;
    std::int64_t m_done = 0;
    std::int64_t m_total = 0;
    std::string m_moving;
};

} // namespace kyodo
