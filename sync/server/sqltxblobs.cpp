// SqlTx's part for attachments' blobs (store.h, storesql.cpp migration 4):
// the statements are the same on both databases; only how bytes are bound
// and read differs (SqlBytes, SqlRow::bytes).
#include "sqltx.h"

namespace kyodo::server {

std::map<std::string, ListedBlob> SqlTx::blobRefsOf(const std::string &record)
{
    std::map<std::string, ListedBlob> out;
    query(Q::BlobRefsOfRecord, {record}, [&](const SqlRow &r) { out[r.text(0)] = {r.i64(1), r.text(2)}; });
    return out;
}

void SqlTx::setBlobRefs(const std::string &record, const std::map<std::string, ListedBlob> &refs, std::int64_t now,
                        const std::string &writer)
{
    // Written as a difference: most saves of a record leave its files alone.
    const std::map<std::string, ListedBlob> old = blobRefsOf(record);
    for (const auto &[sha, listed] : old) {
        if (refs.count(sha))
            continue;
        execute(Q::BlobRefDelete, {sha, record});
        execute(Q::BlobUpdateUnreferenced, {sha, now});
    }
    for (const auto &[sha, listed] : refs) {
        const auto it = old.find(sha);
        if (it != old.end() && it->second == listed)
            continue;
        execute(Q::BlobRefSave, {sha, record, listed.size, writer, listed.kinds});
        if (it == old.end())
            execute(Q::BlobUpdateUnreferenced, {sha, now});
    }
}

std::vector<BlobReferrer> SqlTx::blobReferrers(const std::string &sha256)
{
    std::vector<BlobReferrer> out;
    query(Q::BlobReferrers, {sha256}, [&](const SqlRow &r) {
        out.push_back({r.text(0), r.i64(1), r.text(2), r.text(3)});
    });
    return out;
}

std::optional<BlobRow> SqlTx::loadBlob(const std::string &sha256)
{
    std::optional<BlobRow> b;
    query(readOrLock(Q::BlobLoad, Q::BlobLoadLocked), {sha256},
          [&](const SqlRow &r) { b = BlobRow{sha256, r.i64(0), r.i64(1), r.i64(2), r.i64(3) != 0, r.text(4)}; });
    return b;
}

void SqlTx::ensureBlob(const std::string &sha256, std::int64_t now) { execute(Q::BlobEnsure, {sha256, now}); }

void SqlTx::completeBlob(const std::string &sha256, std::int64_t size, const std::string &uploader)
{
    execute(Q::BlobComplete, {sha256, size, uploader});
}

std::map<std::int64_t, BlobPart> SqlTx::blobParts(const std::string &sha256, const std::string &uploader)
{
    std::map<std::int64_t, BlobPart> out;
    query(Q::BlobParts, {sha256, uploader}, [&](const SqlRow &r) { out[r.i64(0)] = BlobPart{r.text(1), r.i64(2)}; });
    return out;
}

void SqlTx::saveBlobPart(const std::string &sha256, const std::string &uploader, std::int64_t size, std::int64_t index,
                         const std::string &hash, std::string_view bytes, std::int64_t now)
{
    execute(Q::BlobPartSave, {sha256, uploader, size, index, hash, SqlBytes{bytes}, now});
}

std::optional<std::string> SqlTx::loadBlobPart(const std::string &sha256, const std::string &uploader,
                                               std::int64_t index)
{
    std::optional<std::string> out;
    query(Q::BlobPartLoad, {sha256, uploader, index}, [&](const SqlRow &r) { out = r.bytes(0); });
    return out;
}

void SqlTx::dropBlobParts(const std::string &sha256, const std::string &uploader, bool others)
{
    execute(others ? Q::BlobPartsDropBut : Q::BlobPartsDropOf, {sha256, uploader});
}

std::vector<std::string> SqlTx::blobsWithStaleParts(std::int64_t before)
{
    std::vector<std::string> out;
    query(Q::BlobsWithStaleParts, {before}, [&](const SqlRow &r) { out.push_back(r.text(0)); });
    return out;
}

std::int64_t SqlTx::dropStaleBlobParts(const std::string &sha256, std::int64_t before)
{
    std::int64_t bytes = 0;
    query(Q::BlobPartsStale, {before, sha256}, [&](const SqlRow &r) { bytes = r.i64(0); });
    if (bytes > 0)
        execute(Q::BlobPartsStaleDrop, {before, sha256});
    return bytes;
}

std::vector<BlobProof> SqlTx::blobProofs(const std::string &sha256)
{
    std::vector<BlobProof> out;
    query(Q::BlobProofs, {sha256}, [&](const SqlRow &r) { out.push_back({r.text(0), r.i64(1), r.text(2)}); });
    return out;
}

void SqlTx::addBlobProof(const std::string &sha256, const std::string &scope, std::int64_t index,
                         const std::string &hash)
{
    execute(Q::BlobProofAdd, {sha256, scope, index, hash});
}

void SqlTx::copyBlobStanding(const std::string &record, const std::string &from, const std::string &to)
{
    execute(Q::BlobProofsCopy, {record, from, to});
}

std::vector<BlobRow> SqlTx::expiredBlobs(std::int64_t before)
{
    std::vector<BlobRow> out;
    query(Q::BlobsExpired, {before}, [&](const SqlRow &r) {
        out.push_back(BlobRow{r.text(0), r.i64(1), 0, 0, false});
    });
    return out;
}

void SqlTx::deleteBlob(const std::string &sha256)
{
    execute(Q::BlobPartsDrop, {sha256});
    execute(Q::BlobProofsDrop, {sha256});
    execute(Q::BlobDelete, {sha256});
}

std::int64_t SqlTx::blobBytesStored()
{
    std::int64_t n = 0;
    query(Q::BlobBytesStored, {}, [&](const SqlRow &r) { n = r.i64(0); });
    return n;
}

} // namespace kyodo::server
