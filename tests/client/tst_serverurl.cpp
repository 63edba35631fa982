// Issue 11, item 10: only https leaves the machine; plain http only to an
// address of this machine, judged on the host libcurl parses.
#include "serverurl.h"
#include "transport.h"

#include <gtest/gtest.h>

using namespace kyodo;

TEST(ServerUrl, httpsAnywhereAndHttpOnlyToLoopbackAddresses)
{
    for (const char *ok : {"https://kyodo.city.yokohama.lg.jp", "https://kyodo.example.jp:8443/", "https://10.1.2.3",
                           "HTTPS://Kyodo.Example.JP", "http://127.0.0.1:8080", "http://127.10.0.5",
                           "http://[::1]:8443", "http://localhost:8443", "https://[2001:db8::1]:443"}) {
        auto r = checkServerUrl(ok);
        EXPECT_TRUE(r) << ok << ": " << (r ? "" : r.error().text());
    }
}

TEST(ServerUrl, plainHttpElsewhereAndLookalikesAreRefusedInTheUsersWords)
{
    for (const char *bad : {"http://kyodo.example.jp", "http://localhost.evil.invalid", "http://127.0.0.1.evil.invalid",
                            "http://127.0.0.1@evil.invalid", "http://evil.invalid#@127.0.0.1", "http://10.0.0.1",
                            "http://[::2]", "ftp://127.0.0.1", "file:///etc/passwd", "kyodo.example.jp", "https://", "",
                            "https://user:pw@kyodo.example.jp", "gopher://127.0.0.1"}) {
        auto r = checkServerUrl(bad);
        ASSERT_FALSE(r) << bad << " was accepted";
        EXPECT_EQ(r.error().code, "insecure_url") << bad;
        EXPECT_NE(r.error().messageJa.find("URL"), std::string::npos) << bad;
        EXPECT_FALSE(r.error().messageEn.empty());
    }
}

TEST(ServerUrl, theTransportSendsNothingToARefusedUrl)
{
    TransportOptions o;
    o.baseUrl = "http://localhost.evil.invalid";
    o.maxAttempts = 1;
    Transport t(o);
    auto r = t.post("/v1/login", "{}");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "insecure_url");
}
