#include "blobgc.h"

namespace kyodo::server {

BlobGcResult collectBlobs(Store &store, std::int64_t graceSeconds, std::int64_t now)
{
    BlobGcResult r;
    auto tx = store.beginWrite();
    // expiredBlobs re-checks that no reference came back since (blob_refs).
    for (const BlobRow &b : tx->expiredBlobs(now - graceSeconds)) {
        // On PostgreSQL a record listing it may have been written since that
        // read: the blob's row, locked now, and its references decide.
        const std::optional<BlobRow> locked = tx->loadBlob(b.sha256);
        if (!locked || locked->unreferencedSince == 0 || locked->unreferencedSince > now - graceSeconds ||
            !tx->blobReferrers(b.sha256).empty())
            continue;
        tx->deleteBlob(b.sha256);
        ++r.blobs;
        r.bytes += b.size;
    }
    // Parts of uploads given up, each blob's under its lock as uploads take
    // it: one going on now finds them either kept or gone (and sends again
    // what is gone).
    for (const std::string &sha256 : tx->blobsWithStaleParts(now - graceSeconds)) {
        tx->loadBlob(sha256);
        r.bytes += tx->dropStaleBlobParts(sha256, now - graceSeconds);
    }
    tx->commit();
    return r;
}

PeriodicTask::PeriodicTask(std::chrono::milliseconds period, std::function<void()> work)
{
    m_thread = std::thread([this, period, work = std::move(work)] {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, period, [this] { return m_stop; })) {
            lock.unlock();
            work();
            lock.lock();
        }
    });
}

PeriodicTask::~PeriodicTask()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

} // namespace kyodo::server
