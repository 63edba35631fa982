// A /v1/push body parsed on its own thread while the push is applied.
//
// Parsing a batch of 1,000 records with nlohmann/json costs about as much as
// writing it to SQLite. Parsing the whole body first leaves one core idle
// while the other does both in turn; here each mutation is parsed and
// prepared (PushService::prepare) as a SAX event stream goes by, and handed
// to the writer as soon as it is complete, so the two overlap.
//
// The body must outlive the stream. Nothing is written by the stream itself:
// a malformed body found half way only makes next() fail, and the writer
// rolls back everything it did with the mutations before it.
#pragma once

#include "pushservice.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>

namespace kyodo::server {

class PushStream final : public MutationSource {
public:
    using Prepare = std::function<PreparedMutation(Mutation)>;

    // Starts parsing `body` at once; `prepare` runs on the parsing thread.
    PushStream(std::string_view body, Prepare prepare);
    ~PushStream() override; // stops the parse if it is still running

    Result<PushHeader> header() override;
    Result<std::optional<PreparedMutation>> next() override;

    // Called by the parser (pushstream.cpp).
    bool publishHeader(PushHeader header);
    bool publishMutation(json element);
    void finish(std::optional<Error> failure);

private:
    void parse(std::string_view body);

    Prepare m_prepare;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<PreparedMutation> m_queue;
    std::optional<PushHeader> m_header;
    std::optional<Error> m_failure;
    std::size_t m_count = 0;
    bool m_finished = false;
    bool m_cancelled = false;
    std::thread m_thread;
};

} // namespace kyodo::server
