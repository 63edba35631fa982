// What a device reads of a server's answer is bounded (PROTOCOL.md, "POST
// /v1/pull"): a chunk's answer by a chunk, any other by maxAnswerBytes. A
// hostile or broken server (or whatever answers in its place) that sends
// more, announces more, or never stops gets a refusal in the user's words,
// not the device's memory; the refusal is not retried.
#include "transport.h"

#include "attachment.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace kyodo;

namespace {

constexpr std::size_t kBlock = 64 * 1024;

// A plain-HTTP server on 127.0.0.1 (plain http is allowed only to this
// machine) with the answers under test; stopped and joined on destruction.
class HostileServer {
public:
    HostileServer()
    {
        m_server.Get("/chunk/exact", [this](const httplib::Request &, httplib::Response &res) {
            ++requests;
            res.set_content(std::string(static_cast<std::size_t>(kBlobChunkSize), 'a'), "application/octet-stream");
        });
        m_server.Get("/chunk/over", [this](const httplib::Request &, httplib::Response &res) {
            ++requests;
            res.set_content(std::string(static_cast<std::size_t>(kBlobChunkSize) + 1, 'b'), "application/octet-stream");
        });
        // Announces a gigabyte and sends it for as long as anyone reads.
        m_server.Get("/announced", [this](const httplib::Request &, httplib::Response &res) {
            ++requests;
            res.set_content_provider(
                std::size_t{1} << 30, "application/json",
                [this](std::size_t, std::size_t, httplib::DataSink &sink) { return sendBlock(sink); });
        });
        // No length at all: chunked, and (but for a bound of its own) endless.
        m_server.Get("/endless", [this](const httplib::Request &, httplib::Response &res) {
            ++requests;
            res.set_chunked_content_provider("application/json",
                                             [this](std::size_t, httplib::DataSink &sink) { return sendBlock(sink); });
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~HostileServer()
    {
        m_server.stop();
        m_thread.join();
    }
    HostileServer(const HostileServer &) = delete;
    HostileServer &operator=(const HostileServer &) = delete;

    Transport client(std::size_t maxAnswerBytes = kMaxAnswerBytes) const
    {
        TransportOptions o;
        o.baseUrl = "http://127.0.0.1:" + std::to_string(m_port);
        o.maxAttempts = 3;
        o.backoffBase = std::chrono::milliseconds(1);
        o.totalTimeoutMs = 60'000;
        o.maxAnswerBytes = maxAnswerBytes;
        return Transport(o);
    }

    std::atomic<int> requests{0};
    std::atomic<std::size_t> sent{0}; // bytes the streaming answers got out

private:
    // Stops by itself at 256 MiB so that a client without a bound fails
    // this test instead of hanging it.
    bool sendBlock(httplib::DataSink &sink)
    {
        static const std::string block(kBlock, '[');
        if (sent.load() >= (std::size_t{256} << 20) || !sink.write(block.data(), block.size()))
            return false;
        sent += block.size();
        return true;
    }

    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

void expectTooLarge(const Result<HttpResponse> &r)
{
    ASSERT_FALSE(r) << "an answer past the bound was read: " << (r ? r->body.size() : 0) << " bytes";
    EXPECT_EQ(r.error().code, "bad_response");
    EXPECT_NE(r.error().messageJa.find("大きすぎる"), std::string::npos) << r.error().messageJa;
    EXPECT_NE(r.error().messageEn.find("too large"), std::string::npos) << r.error().messageEn;
}

} // namespace

TEST(TransportBounds, aChunkIsReadWholeAndOneByteMoreIsRefused)
{
    HostileServer server;
    Transport t = server.client();
    auto exact = t.getChunk("/chunk/exact");
    ASSERT_TRUE(exact) << exact.error().text();
    EXPECT_EQ(exact->status, 200);
    EXPECT_EQ(exact->body.size(), static_cast<std::size_t>(kBlobChunkSize));

    expectTooLarge(t.getChunk("/chunk/over"));
    // The same bytes are an ordinary answer's to read: the bound is the chunk's.
    auto asJson = t.get("/chunk/over");
    ASSERT_TRUE(asJson) << asJson.error().text();
    EXPECT_EQ(asJson->body.size(), static_cast<std::size_t>(kBlobChunkSize) + 1);
    EXPECT_EQ(server.requests.load(), 3) << "a refused answer is not asked for again";
}

TEST(TransportBounds, anAnnouncedLengthPastTheBoundStopsTheReadBeforeTheBody)
{
    HostileServer server;
    Transport t = server.client(std::size_t{1} << 20);
    expectTooLarge(t.get("/announced"));
    expectTooLarge(t.getChunk("/announced"));
    EXPECT_EQ(server.requests.load(), 2);
}

TEST(TransportBounds, anEndlessAnswerIsCutAtTheBoundAndTheConnectionStillWorks)
{
    HostileServer server;
    Transport t = server.client(std::size_t{4} << 20);
    expectTooLarge(t.get("/endless"));
    expectTooLarge(t.getChunk("/endless"));
    // Far less than the 256 MiB the server would send: the device hung up.
    EXPECT_LT(server.sent.load(), std::size_t{64} << 20);
    auto fine = t.getChunk("/chunk/exact");
    ASSERT_TRUE(fine) << fine.error().text();
    EXPECT_EQ(fine->body.size(), static_cast<std::size_t>(kBlobChunkSize));
}
