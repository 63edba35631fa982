// Answers /v1/pull (PROTOCOL.md) from ONE read snapshot (store.h invariant
// 4): changed records per readable scope in seq order with a shared limit
// (of records, and of bytes), their conflicts, checkpoints, revoked scopes
// and the client's last_cseq.
// The response is built as text: stored doc/versions are already canonical
// JSON, so they are escaped into strings without being parsed again (a
// device pulls 100,000 records on first sync).
#pragma once

#include "auth.h"
#include "store.h"

#include <map>
#include <string>

namespace kyodo::server {

struct PullRequest {
    std::string clientId;
    std::map<std::string, std::int64_t> cursors; // scope -> cursor the device holds
    int limit = kDefaultPullLimit;
};

// Parses the request document; errors are bad_request.
Result<PullRequest> pullRequestFromJson(const json &j);

struct PullReply {
    int status = 200;        // 200 or 503
    std::string body;        // JSON text
    std::int64_t served = 0; // records, conflicts and departures in the body (metrics.h)
};

class PullService {
public:
    // `pageBytes`: a page stops taking records once they fill this much
    // (kPullPageBytes; tests page by bytes with less).
    explicit PullService(Store &store, std::size_t pageBytes = kPullPageBytes) : m_store(store), m_pageBytes(pageBytes)
    {}
    PullReply pull(const Caller &caller, const PullRequest &request);

private:
    Store &m_store;
    std::size_t m_pageBytes;
};

// Appends `text` as a JSON string literal (quotes included).
void appendJsonString(std::string &out, std::string_view text);

} // namespace kyodo::server
