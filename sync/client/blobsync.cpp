#include "blobsync.h"

#include "attachment.h"
#include "jsondepth.h"
#include "messages.h"

#include <chrono>
#include <cstdio>

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

// The day of a field's prefetch_before: a date of the record, or of the
// record its ref field points to ("meeting.held_on"); "" when there is none.
std::string prefetchDay(Replica &replica, const TypeDef &type, const ViewRecord &record, const std::string &path)
{
    if (path.empty())
        return {};
    const auto dot = path.find('.');
    const json *holder = &record.fields;
    std::optional<Replica::RefTarget> target;
    std::string key = path;
    if (dot != std::string::npos) {
        const FieldDef *ref = type.field(path.substr(0, dot));
        if (!ref || !record.fields.contains(ref->key))
            return {};
        target = replica.refTarget(record.fields[ref->key], ref->refType);
        if (!target)
            return {};
        holder = &target->record.fields;
        key = path.substr(dot + 1);
    }
    if (!holder->contains(key) || !(*holder)[key].is_string())
        return {};
    return (*holder)[key].get<std::string>().substr(0, 10);
}

} // namespace

Result<BlobPlan> planBlobs(Replica &replica, const std::string &today, int days)
{
    const SchemaSet *schemas = replica.schemas();
    BlobPlan plan;
    plan.serverRestores = replica.serverRestores();
    if (!schemas)
        return plan;
    // The last day whose papers are fetched ahead: today + days, as text.
    const auto ymd =
        std::chrono::year_month_day{std::chrono::sys_days{std::chrono::year_month_day{
                                        std::chrono::year{std::stoi(today.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(std::stoi(today.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(std::stoi(today.substr(8, 2)))}}} +
                                    std::chrono::days{days}};
    char until[11];
    std::snprintf(until, sizeof until, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    for (const auto &[pluginId, plugin] : schemas->plugins()) {
        for (const TypeDef &type : plugin.types) {
            std::vector<const FieldDef *> fields;
            for (const FieldDef &f : type.fields)
                if (f.type == FieldType::Attachments)
                    fields.push_back(&f);
            if (fields.empty())
                continue;
            // A deleted record keeps its files here (it may be restored, and a
            // photo only this device has must not go with a delete); only a
            // record that left the device (a revoked scope) lets them go.
            auto records = replica.list(type.id, "", true);
            if (!records)
                return records.error();
            for (const ViewRecord &r : *records) {
                for (const FieldDef *f : fields) {
                    const json list = r.fields.value(f->key, json::array());
                    if (!list.is_array())
                        continue;
                    const std::string day = prefetchDay(replica, type, r, f->prefetchBefore);
                    const bool soon = !day.empty() && day >= today && day <= until;
                    for (const json &e : list) {
                        if (!e.is_object() || !e.contains("sha256") || !e["sha256"].is_string())
                            continue;
                        const std::string sha = e["sha256"].get<std::string>();
                        plan.referenced.insert(sha);
                        if (r.deleted())
                            continue;
                        if (e.contains("thumb") && e["thumb"].is_string()) {
                            plan.referenced.insert(e["thumb"].get<std::string>());
                            plan.fetch.emplace(e["thumb"].get<std::string>(), 0);
                        }
                        if (soon) {
                            plan.fetch[sha] = e.value("size", std::int64_t(0));
                            plan.pinned.insert(sha);
                        }
                    }
                }
            }
        }
    }
    return plan;
}

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
    const std::vector<std::string> uploads = m_store.pendingUploads();
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
