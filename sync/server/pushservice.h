// Applies one /v1/push batch (PROTOCOL.md "Server rules") in ONE write
// transaction: idempotent replay by (client_id, cseq, mid), authorization,
// schema validation, the merge rules of core/merge.h, conflicts, scope seq
// and checksum bookkeeping, the stored result and last_cseq. It speaks Store,
// not SQL, and answers with the HTTP status the protocol gives each outcome
// (200, or 400/401/409/425/429/503 for a refused batch) and a JSON body;
// httpapi.cpp only carries them.
#pragma once

#include "auth.h"
#include "hlc.h"
#include "pushorder.h"
#include "protocol.h"
#include "schema.h"
#include "store.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kyodo::server {

// What a push says before its mutations.
struct PushHeader {
    std::string clientId;
    // The last cseq of the batch this device sent just before and is still
    // waiting on: this one is applied only after it (0: none).
    std::int64_t prevCseq = 0;
    // The highest cseq this server has answered the device, as the device
    // recorded it: more than the store's last_cseq means the store was
    // restored from a backup and forgot (409 server_restored).
    std::int64_t ackedCseq = 0;
};

struct PushRequest {
    std::string clientId;
    std::vector<Mutation> mutations;
    std::int64_t prevCseq = 0;
    std::int64_t ackedCseq = 0;
};

// A mutation with what can be worked out before the write lock is taken.
// For a create that is nearly everything: its validation, its canonical
// document and checksum, and its versions column.
struct PreparedMutation {
    Mutation m;
    std::optional<Error> refused;  // create: why it is rejected, whatever the store holds
    std::string doc;               // create: canonicalDoc
    std::uint64_t checksum = 0;    // create: recordChecksum(doc)
    std::string versions;          // create: {"field":1,…}
    std::vector<std::string> keys; // create: each field name as canonical JSON, in order
    json refs = json::object();    // create: its reference fields, authorized in the transaction
};

// The mutations of one push, in order; possibly still being parsed (pushstream.h).
class MutationSource {
public:
    virtual ~MutationSource() = default;
    // Waits until the body's header is known.
    virtual Result<PushHeader> header() = 0;
    // The next mutation; std::nullopt after the last one.
    virtual Result<std::optional<PreparedMutation>> next() = 0;
};

struct PushReply {
    int status = 200; // 200, 400/429 malformed request, 409 client_reset, 425, 503 unavailable
    json body;        // the response, or {"error": …}
};

class PushBatch; // one batch inside its write transaction (pushservice.cpp)

class PushService {
public:
    PushService(Store &store, const SchemaSet &schemas, HybridClock::WallClock wall = HybridClock::systemMillis);

    // Thread-safe and store-free: runs on the parsing thread of a PushStream.
    PreparedMutation prepare(const Caller &caller, Mutation m) const;

    PushReply push(const Caller &caller, MutationSource &source);
    PushReply push(const Caller &caller, PushRequest request); // for callers holding the whole batch

    // How long a push waits for the batch named by its prev_cseq.
    void setOrderWait(std::chrono::milliseconds wait) { m_order.setWait(wait); }

private:
    friend class PushBatch;
    // The write transaction, opened once the batch named by prev_cseq has committed.
    struct Opened {
        std::unique_ptr<StoreTx> tx;
        ClientState client;
    };
    Result<Opened> openInOrder(const Caller &caller, const PushHeader &header);
    void lockUpFront(const Caller &caller, const ClientState &client, const std::vector<PreparedMutation> &batch,
                     StoreTx &tx, PushBatch &locks);
    std::uint64_t clamp(std::uint64_t hlc) const;
    std::uint64_t receive(std::uint64_t hlc);

    Store &m_store;
    const SchemaSet &m_schemas;
    mutable std::mutex m_clockMutex; // the clock is shared by the HTTP thread pool
    HybridClock m_clock;
    PushOrder m_order;
};

} // namespace kyodo::server
