// Garbage collection of attachments' blobs: a blob that no live record has
// listed for longer than the grace period is deleted with its chunks and
// proofs (PROTOCOL.md "Attachments"). The grace lets a deleted record be
// restored, or a file removed by mistake be added back, without sending its
// bytes again. Run by `kyodo-server blobs gc` and once a day by `serve`.
#pragma once

#include "store.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace kyodo::server {

inline constexpr int kDefaultBlobGraceDays = 7;

struct BlobGcResult {
    std::int64_t blobs = 0;
    std::int64_t bytes = 0; // their sizes, and the bytes of the uploads given up
};

// Deletes, in one write transaction, the blobs unreferenced since
// `now - graceSeconds` or earlier (Unix seconds), and the chunks of uploads
// nobody has added to for as long that did not make a whole file (a device
// that comes back later sends them again); throws StoreError.
BlobGcResult collectBlobs(Store &store, std::int64_t graceSeconds, std::int64_t now);

// Runs `work` every `period` on a thread of its own until destroyed; the
// destructor wakes and joins it at once, whatever the period.
class PeriodicTask {
public:
    PeriodicTask(std::chrono::milliseconds period, std::function<void()> work);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask &) = delete;
    PeriodicTask &operator=(const PeriodicTask &) = delete;

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kyodo::server
