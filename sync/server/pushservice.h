// Applies one /v1/push batch (PROTOCOL.md "Server rules") in ONE write
// transaction: idempotent replay by (client_id, cseq, mid), authorization,
// schema validation, the merge rules of core/merge.h, conflicts, scope seq
// and checksum bookkeeping, the stored result and last_cseq. Knows nothing
// of HTTP or SQL: it speaks Store and returns a status plus a JSON body.
#pragma once

#include "auth.h"
#include "hlc.h"
#include "protocol.h"
#include "schema.h"
#include "store.h"

#include <mutex>
#include <string>
#include <vector>

namespace kyodo::server {

struct PushRequest {
    std::string clientId;
    std::vector<Mutation> mutations;
};

// Parses the request document; errors are bad_request.
Result<PushRequest> pushRequestFromJson(json &&j); // moves the mutations out of j

struct PushReply {
    int status = 200; // 200, 409 client_reset, 503 unavailable
    json body;        // the response, or {"error": …}
};

class PushService {
public:
    PushService(Store &store, const SchemaSet &schemas, HybridClock::WallClock wall = HybridClock::systemMillis);

    PushReply push(const Caller &caller, const PushRequest &request);

private:
    friend class PushBatch;
    std::uint64_t clamp(std::uint64_t hlc);
    std::uint64_t receive(std::uint64_t hlc);

    Store &m_store;
    const SchemaSet &m_schemas;
    std::mutex m_clockMutex; // the clock is shared by the HTTP thread pool
    HybridClock m_clock;
};

} // namespace kyodo::server
