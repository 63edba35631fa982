#include "blobsync.h"

#include "attachment.h"
#include "jsondepth.h"
#include "messages.h"

#include <algorithm>
#include <deque>
#include <future>
#include <optional>

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

void BlobSync::start(const std::string &direction, const std::string &sha256, const BlobProgressFn &progress)
{
    m_moving = sha256;
    tick(direction, 0, progress);
}

void BlobSync::tick(const std::string &direction, std::int64_t bytes, const BlobProgressFn &progress)
{
    m_done += bytes;
    if (progress)
        progress({direction, m_moving, m_done, std::max(m_total, m_done)});
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
    if (Status st = uploadAll(uploads, report, progress); !st)
        return st.error();
    if (Status st = downloadAll(downloads, report, progress); !st)
        return st.error();
    report.stopped = stopping();
    // Thumbnails (fetched with size 0: their size is not in the record) stay:
    // the gallery shows them, and the next round would only fetch them again.
    std::set<std::string> thumbnails;
    for (const auto &[sha, size] : plan.fetch)
        if (size == 0)
            thumbnails.insert(sha);
    auto evicted = m_store.evictToLimit(thumbnails);
    if (!evicted)
        return evicted.error();
    report.evicted = *evicted;
    return report;
}

// Chunks travel on up to `lanes` connections at once: while the server
// stores one, the next is on its way and this device reads (or stores) a
// third. Answers are taken in the order the requests went out, on this
// thread, which alone touches the blob store.
class BlobSync::Lanes {
public:
    Lanes(HttpChannel &main, const BlobSyncOptions &options)
    {
        std::unique_ptr<HttpChannel> first = options.overlap ? main.another() : nullptr;
        if (!first) {
            // One thread, one connection: each request runs when its answer is asked for.
            m_launch = std::launch::deferred;
            m_channels.push_back(&main);
            return;
        }
        m_own.push_back(std::move(first));
        for (int i = 1; i < options.lanes; ++i)
            if (auto more = main.another())
                m_own.push_back(std::move(more));
        for (auto &c : m_own)
            m_channels.push_back(c.get());
    }
    std::size_t size() const { return m_channels.size(); }
    std::launch launch() const { return m_launch; }
    HttpChannel &channel(std::size_t lane) { return *m_channels[lane]; }

private:
    std::vector<std::unique_ptr<HttpChannel>> m_own;
    std::vector<HttpChannel *> m_channels;
    std::launch m_launch = std::launch::async;
};

namespace {

// A request out on a lane, with what it carried.
struct Flight {
    std::string sha256;
    std::int64_t index = 0;
    std::size_t lane = 0;
    std::future<Result<HttpResponse>> answer;
    // A download: what the lane did with the bytes besides fetching them
    // (read once the answer is in).
    struct Fetched {
        bool chunkOk = true; // the bytes match their header
        StagedChunk staged;  // sealed and written beside their place
    };
    std::shared_ptr<Fetched> fetched = std::make_shared<Fetched>();
};

// Requests out in order; a new one waits for a free lane, the oldest answer first.
class Flights {
public:
    explicit Flights(std::size_t lanes)
    {
        for (std::size_t i = 0; i < lanes; ++i)
            m_free.push_back(i);
    }
    // Returning early (an error) lets whatever is still out go: nothing is
    // left reading into a lane that is about to close.
    ~Flights() { drain(); }
    bool full() const { return m_free.empty(); }
    bool empty() const { return m_out.empty(); }
    std::size_t freeLane() const { return m_free.front(); }
    void add(Flight f)
    {
        m_free.erase(std::find(m_free.begin(), m_free.end(), f.lane));
        m_out.push_back(std::move(f));
    }
    Flight takeOldest()
    {
        Flight f = std::move(m_out.front());
        m_out.pop_front();
        m_free.push_back(f.lane);
        return f;
    }
    // Answers landed oldest first until a lane is free, or until none is out.
    Status landUntilFree(const std::function<Status()> &land)
    {
        while (full())
            if (Status st = land(); !st)
                return st;
        return {};
    }
    Status landAll(const std::function<Status()> &land)
    {
        while (!empty())
            if (Status st = land(); !st)
                return st;
        return {};
    }
    // After a failure: whatever is still out is waited for and let go.
    void drain()
    {
        for (Flight &f : m_out)
            if (f.answer.valid() && f.answer.wait_for(std::chrono::seconds(0)) != std::future_status::deferred)
                f.answer.wait();
        m_out.clear();
    }

private:
    std::deque<Flight> m_out;
    std::vector<std::size_t> m_free;
};

} // namespace

Status BlobSync::uploadAll(const std::vector<std::string> &shas, BlobReport &report, const BlobProgressFn &progress)
{
    Lanes lanes(m_channel, m_options);
    Flights flights(lanes.size());
    struct File {
        std::int64_t size = 0;
        std::set<std::int64_t> have;
        bool stopped = false; // for a later round: nothing more is sent
        bool waiting = false; // counted as waiting
        bool done = false;    // the server has it whole
    };
    std::map<std::string, File> files;
    auto finish = [&](const std::string &sha, File &f, bool complete) -> Status {
        if (f.done || !complete)
            return {};
        f.done = true;
        ++report.uploaded;
        return m_store.markSent(sha, chunkCount(f.size), true);
    };
    // The oldest answer: counted, noted in the store.
    auto land = [&]() -> Status {
        Flight fl = flights.takeOldest();
        File &f = files[fl.sha256];
        auto sent = fl.answer.get();
        if (!sent)
            return sent.error();
        if (sent->status == 507) { // no room on the server: nothing more goes this round
            if (!report.serverFull)
                report.serverFull = Transport::httpError(*sent);
            if (!f.waiting && !f.done)
                ++report.waiting;
            f.waiting = f.stopped = true;
            return {};
        }
        if (sent->status == 422) {
            // The record says another kind than these bytes: no round will
            // change that, so it is said, like a damaged copy, not retried.
            if (Error refused = Transport::httpError(*sent); refused.code == "kind_mismatch") {
                report.damaged.push_back(std::move(refused));
                f.stopped = true;
                return {};
            }
        }
        if (later(sent->status) || sent->status == 422) {
            // 422: the file is whole on the server and these bytes are not
            // its chunk, or this chunk completed a whole of ours that is
            // wrong and was dropped (the file changed here while it went).
            // The other chunks still go, so that the server's whole-file
            // check finds the wrong ones; the file goes again next round.
            if (!f.waiting && !f.done)
                ++report.waiting;
            f.waiting = true;
            f.stopped = f.stopped || later(sent->status);
            return {};
        }
        if (sent->status != 200)
            return Transport::httpError(*sent);
        const std::int64_t length = chunkLength(f.size, fl.index);
        f.have.insert(fl.index);
        report.bytesUp += length;
        tick("upload", length, progress);
        if (f.done)
            return {}; // a chunk the server stored before the one that completed the file
        const json answer = parsed(*sent);
        const bool complete = answer.is_object() && answer.value("complete", false);
        if (complete)
            return finish(fl.sha256, f, true);
        return m_store.markSent(fl.sha256, static_cast<std::int64_t>(f.have.size()), false);
    };
    for (const std::string &sha : shas) {
        if (stopping())
            break;
        // After a 507 the rest are still asked about: a file another device
        // made whole on the server is there for this one too, and only the
        // others wait for a round with room.
        auto status = m_channel.get(blobPath(sha));
        if (!status)
            return status.error();
        if (later(status->status)) {
            ++report.waiting;
            continue;
        }
        if (status->status != 200)
            return Transport::httpError(*status);
        const json s = parsed(*status);
        if (!s.is_object() || !s.contains("have") || !s["have"].is_array())
            return Transport::unreadableResponse();
        File &f = files[sha];
        f.size = m_store.state(sha)->size;
        for (const json &i : s["have"])
            if (i.is_number_integer())
                f.have.insert(i.get<std::int64_t>());
        bool sending = false;
        for (std::int64_t i = 0; i < chunkCount(f.size) && !f.stopped && !report.serverFull && !stopping(); ++i) {
            if (f.have.count(i)) {
                tick("upload", chunkLength(f.size, i), progress);
                continue;
            }
            if (!sending)
                start("upload", sha, progress);
            // Read here, while the lanes carry earlier chunks.
            // A file that cannot be read here is passed over and said; the others still go.
            auto bytes = m_store.chunk(sha, i);
            if (!bytes) {
                report.damaged.push_back(bytes.error());
                f.stopped = true;
                break;
            }
            if (Status st = flights.landUntilFree(land); !st)
                return st;
            if (report.serverFull && !f.waiting && !f.done) {
                ++report.waiting;
                f.waiting = true;
            }
            if (f.stopped || report.serverFull)
                break;
            const std::size_t lane = flights.freeLane();
            HttpChannel *channel = &lanes.channel(lane);
            // The chunk's hash is taken on the lane too.
            auto post = [channel, path = chunkPath(sha, i), bytes = std::move(*bytes)]() {
                return channel->postChunk(path, bytes, sha256Hex(bytes));
            };
            flights.add({sha, i, lane, std::async(lanes.launch(), std::move(post))});
            sending = true;
        }
        // In order, one file after another, when there is only one connection.
        if (lanes.launch() == std::launch::deferred)
            if (Status st = flights.landAll(land); !st)
                return st;
        // Every chunk was there already (sent before an interruption, or by another device).
        if (!sending && !f.stopped &&
            (s.value("complete", false) || static_cast<std::int64_t>(f.have.size()) == chunkCount(f.size))) {
            if (Status st = finish(sha, f, true); !st)
                return st.error();
        } else if (report.serverFull && !f.waiting && !f.done) {
            ++report.waiting;
            f.waiting = true;
        }
    }
    if (Status st = flights.landAll(land); !st)
        return st;
    return {};
}

Status BlobSync::downloadAll(const std::vector<std::string> &shas, BlobReport &report, const BlobProgressFn &progress)
{
    Lanes lanes(m_channel, m_options);
    Flights flights(lanes.size());
    struct File {
        std::int64_t last = -1;              // the last chunk asked for
        std::unique_ptr<Sha256Stream> whole; // fetched from the first chunk on, in order: hashed as it comes
        std::optional<ChunkSeal> seal;       // what the lanes seal its chunks with
        bool stopped = false;
    };
    std::map<std::string, File> files;
    auto land = [&]() -> Status {
        Flight fl = flights.takeOldest();
        File &f = files[fl.sha256];
        auto got = fl.answer.get();
        if (!got)
            return got.error();
        if (f.stopped)
            return {};
        if (later(got->status)) {
            ++report.waiting;
            f.stopped = true;
            return {};
        }
        if (got->status == 422) {
            // Its bytes are not the kind the records here say it is (the
            // entry was edited after the file was whole): said, like a
            // damaged copy, and the other files still come.
            if (Error refused = Transport::httpError(*got); refused.code == "kind_mismatch") {
                report.damaged.push_back(std::move(refused));
                f.stopped = true;
                return {};
            }
        }
        if (got->status != 200)
            return Transport::httpError(*got);
        // A chunk damaged on the way is refused here and fetched again next round.
        if (!fl.fetched->chunkOk)
            return errorOf(Msg::AttachmentBytesMismatch, {fl.sha256});
        std::string wholeHash;
        if (f.whole) {
            f.whole->add(got->body);
            if (fl.index == f.last)
                wholeHash = f.whole->finishHex();
        }
        if (Status st = m_store.putChunk(fl.sha256, fl.index, got->body, wholeHash.empty() ? nullptr : &wholeHash,
                                         &fl.fetched->staged);
            !st)
            return st;
        report.bytesDown += static_cast<std::int64_t>(got->body.size());
        tick("download", static_cast<std::int64_t>(got->body.size()), progress);
        if (fl.index == f.last) {
            const auto s = m_store.state(fl.sha256);
            if (s && s->complete)
                ++report.downloaded;
        }
        return {};
    };
    for (const std::string &sha : shas) {
        if (stopping())
            break;
        const std::vector<std::int64_t> missing = m_store.missingChunks(sha);
        const auto here = m_store.state(sha);
        if (missing.empty() || !here)
            continue;
        const std::int64_t size = here->size;
        File &f = files[sha];
        f.last = missing.back();
        start("download", sha, progress);
        if (missing.front() == 0 &&
            static_cast<std::int64_t>(missing.size()) == std::max<std::int64_t>(1, chunkCount(size)))
            f.whole = std::make_unique<Sha256Stream>();
        // Without a seal (the blob went meanwhile) the chunks are written as they land.
        if (auto seal = m_store.downloadSeal(sha))
            f.seal = std::move(*seal);
        for (const std::int64_t i : missing) {
            if (Status st = flights.landUntilFree(land); !st)
                return st;
            if (f.stopped || stopping())
                break;
            const std::size_t lane = flights.freeLane();
            HttpChannel *channel = &lanes.channel(lane);
            auto fetched = std::make_shared<Flight::Fetched>();
            // A file fetched whole is checked whole as it lands (a damaged
            // chunk fails that check, and the file is fetched again); only
            // chunks of a file resumed half-way are checked one by one.
            const bool checkChunk = !f.whole;
            auto fetch = [this, channel, fetched, checkChunk, seal = f.seal, i, path = chunkPath(sha, i)]() {
                auto got = channel->getChunk(path);
                if (!got || got->status != 200)
                    return got;
                if (checkChunk)
                    fetched->chunkOk = got->chunkSha256 == sha256Hex(got->body);
                // Bytes of a wrong length are staged all the same: putChunk
                // refuses them before placing anything, and the staged file
                // goes with the flight.
                if (fetched->chunkOk && seal)
                    if (auto staged = m_store.stageChunk(*seal, i, got->body))
                        fetched->staged = std::move(*staged);
                return got;
            };
            flights.add({sha, i, lane, std::async(lanes.launch(), std::move(fetch)), fetched});
        }
        if (lanes.launch() == std::launch::deferred)
            if (Status st = flights.landAll(land); !st)
                return st;
    }
    if (Status st = flights.landAll(land); !st)
        return st;
    return {};
}

} // namespace kyodo
