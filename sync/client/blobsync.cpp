#include "blobsync.h"

#include "attachment.h"
#include "jsondepth.h"
#include "messages.h"

namespace kyodo {

namespace {

std::string blobPath(const std::string &sha256) { return "/v1/blobs/" + sha256; }
std::string chunkPath(const std::string &sha256, std::int64_t i)
{
    return blobPath(sha256) + "/chunks/" + std::to_string(i);
}

json parsed(const HttpResponse &r)
{
    return jsonNestingWithin(r.body) ? json::parse(r.body, nullptr, false) : json(json::value_t::discarded);
}

// 403: the record naming it is not on the server yet, or not ours to send;
// 404: nobody has sent those bytes yet. Both are for a later round.
bool later(long status) { return status == 403 || status == 404; }

} // namespace

void BlobSync::tick(const std::string &direction, const std::string &sha256, std::int64_t bytes,
                    const BlobProgressFn &progress)
{
    m_done += bytes;
    if (progress)
        progress({direction, sha256, m_done, std::max(m_total, m_done)});
}

Result<BlobReport> BlobSync::run(const BlobPlan &plan, const BlobProgressFn &progress)
{
    BlobReport report;
    auto dropped = m_store.keepOnly(plan.referenced);
    if (!dropped)
        return dropped.error();
    report.dropped = *dropped;
    if (Status st = m_store.setPinned(plan.pinned); !st)
        return st.error();
    // A server restored from a backup may have lost files this device sent:
    // every file attached here is asked about again (and only what is
    // missing goes again).
    if (Status st = m_store.recheckUploadsAfter(plan.serverRestores); !st)
        return st.error();
    for (const auto &[sha, size] : plan.fetch) {
        const auto s = m_store.state(sha);
        if (!s || !s->complete)
            if (Status st = m_store.want(sha, size, plan.pinned.count(sha) > 0); !st)
                return st.error();
    }
    // A file picked for a record not saved yet waits for its record.
    std::vector<std::string> uploads = m_store.pendingUploads();
    std::erase_if(uploads, [&](const std::string &sha) { return plan.draftOnly.count(sha) > 0; });
    const std::vector<std::string> downloads = m_store.wanted();
    m_done = 0;
    m_total = 0;
    for (const std::string &sha : uploads)
        m_total += m_store.state(sha)->size;
    for (const std::string &sha : downloads)
        m_total += m_store.state(sha)->size;
    for (const std::string &sha : uploads)
        if (Status st = upload(sha, report, progress); !st)
            return st.error();
    for (const std::string &sha : downloads)
        if (Status st = download(sha, report, progress); !st)
            return st.error();
    auto evicted = m_store.evictToLimit();
    if (!evicted)
        return evicted.error();
    report.evicted = *evicted;
    return report;
}

Status BlobSync::upload(const std::string &sha256, BlobReport &report, const BlobProgressFn &progress)
{
    auto status = m_channel.get(blobPath(sha256));
    if (!status)
        return status.error();
    if (later(status->status)) {
        ++report.waiting;
        return {};
    }
    if (status->status != 200)
        return Transport::httpError(*status);
    const json s = parsed(*status);
    if (!s.is_object() || !s.contains("have") || !s["have"].is_array())
        return Transport::unreadableResponse();
    std::set<std::int64_t> have;
    for (const json &i : s["have"])
        if (i.is_number_integer())
            have.insert(i.get<std::int64_t>());
    const std::int64_t size = m_store.state(sha256)->size;
    for (std::int64_t i = 0; i < chunkCount(size); ++i) {
        if (have.count(i)) {
            tick("upload", sha256, chunkLength(size, i), progress);
            continue;
        }
        auto bytes = m_store.chunk(sha256, i);
        if (!bytes)
            return bytes.error();
        auto sent = m_channel.postChunk(chunkPath(sha256, i), *bytes, sha256Hex(*bytes));
        if (!sent)
            return sent.error();
        if (later(sent->status)) {
            ++report.waiting;
            return {};
        }
        if (sent->status != 200)
            return Transport::httpError(*sent);
        have.insert(i);
        report.bytesUp += static_cast<std::int64_t>(bytes->size());
        tick("upload", sha256, static_cast<std::int64_t>(bytes->size()), progress);
        const json answer = parsed(*sent);
        const bool complete = answer.is_object() && answer.value("complete", false);
        if (Status st = m_store.markSent(sha256, static_cast<std::int64_t>(have.size()), complete); !st)
            return st;
        if (complete) {
            ++report.uploaded;
            return {};
        }
    }
    // Every chunk was there already (sent before an interruption).
    if (s.value("complete", false) || static_cast<std::int64_t>(have.size()) == chunkCount(size)) {
        ++report.uploaded;
        return m_store.markSent(sha256, chunkCount(size), true);
    }
    return {};
}

Status BlobSync::download(const std::string &sha256, BlobReport &report, const BlobProgressFn &progress)
{
    const std::vector<std::int64_t> missing = m_store.missingChunks(sha256);
    // Fetched from the first chunk on, in order: the whole file is hashed as it comes.
    const bool fromStart =
        !missing.empty() && missing.front() == 0 &&
        static_cast<std::int64_t>(missing.size()) == std::max<std::int64_t>(1, chunkCount(m_store.state(sha256)->size));
    Sha256Stream whole;
    for (const std::int64_t i : missing) {
        auto got = m_channel.get(chunkPath(sha256, i));
        if (!got)
            return got.error();
        if (later(got->status)) {
            ++report.waiting;
            return {};
        }
        if (got->status != 200)
            return Transport::httpError(*got);
        // A chunk damaged on the way is refused here and fetched again next round.
        if (got->chunkSha256 != sha256Hex(got->body))
            return errorOf(Msg::AttachmentBytesMismatch, {sha256});
        std::string wholeHash;
        if (fromStart) {
            whole.add(got->body);
            if (i == missing.back())
                wholeHash = whole.finishHex();
        }
        if (Status st = m_store.putChunk(sha256, i, got->body, wholeHash.empty() ? nullptr : &wholeHash); !st)
            return st;
        report.bytesDown += static_cast<std::int64_t>(got->body.size());
        tick("download", sha256, static_cast<std::int64_t>(got->body.size()), progress);
    }
    const auto s = m_store.state(sha256);
    if (s && s->complete)
        ++report.downloaded;
    return {};
}

} // namespace kyodo
