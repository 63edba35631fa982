#include "checksum.h"
#include "record.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

using namespace kyodo;

namespace {

Record sample()
{
    Record r;
    r.id = "0190b5a0-0000-7000-8000-000000000001";
    r.type = "ward_centers.consultation";
    r.scope = "ward:naka";
    r.fields = {{"party", "NPO法人 みなと"}, {"summary", "立上げの相談"}, {"channel", "visit"}};
    return r;
}

} // namespace

TEST(Checksum, canonicalDocSortsKeysAndHasNoWhitespace)
{
    EXPECT_EQ(canonicalDoc(sample()),
              R"({"cl":1,"fields":{"channel":"visit","party":"NPO法人 みなと","summary":"立上げの相談"},)"
              R"("id":"0190b5a0-0000-7000-8000-000000000001","scope":"ward:naka","type":"ward_centers.consultation"})");
}

TEST(Checksum, canonicalDocIsTheCanonicalJsonOfTheDocument)
{
    Record r = sample();
    r.id = "id with \"quotes\" and \\";
    r.cl = 12;
    EXPECT_EQ(canonicalDoc(r), canonicalJson(recordToDoc(r)));
}

TEST(Checksum, isStableAcrossInsertionOrderAndRuns)
{
    Record a = sample();
    Record b = sample();
    b.fields = json::object();
    b.fields["summary"] = "立上げの相談";
    b.fields["channel"] = "visit";
    b.fields["party"] = "NPO法人 みなと";
    EXPECT_EQ(recordChecksum(canonicalDoc(a)), recordChecksum(canonicalDoc(b)));
    // Pinned value: a change to canonical JSON or the hash breaks every replica.
    EXPECT_EQ(checksumHex(recordChecksum(canonicalDoc(a))), checksumHex(recordChecksum(canonicalDoc(sample()))));
    EXPECT_EQ(checksumHex(recordChecksum("{}")), "44136fa355b3678a");
}

TEST(Checksum, changesWithAnyFieldOrDeletion)
{
    const auto base = recordChecksum(canonicalDoc(sample()));
    Record edited = sample();
    edited.fields["channel"] = "phone";
    EXPECT_NE(recordChecksum(canonicalDoc(edited)), base);
    Record deleted = sample();
    deleted.cl = 2;
    EXPECT_NE(recordChecksum(canonicalDoc(deleted)), base);
}

TEST(Checksum, scopeSumIsOrderIndependentAndIncremental)
{
    const std::uint64_t a = recordChecksum("a"), b = recordChecksum("b"), c = recordChecksum("c");
    EXPECT_EQ(a + b + c, c + a + b);
    std::uint64_t sum = a + b;
    sum = sum - b + c; // b replaced by c
    EXPECT_EQ(sum, a + c);
}

TEST(Checksum, hexRoundTrips)
{
    for (std::uint64_t v : {0ull, 1ull, 0xffffffffffffffffull, 0x0123456789abcdefull}) {
        auto parsed = parseChecksumHex(checksumHex(v));
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(*parsed, v);
    }
    EXPECT_FALSE(parseChecksumHex("xyz").has_value());
    EXPECT_FALSE(parseChecksumHex("0123456789ABCDEF").has_value());
}

namespace {

std::string dumped(const json &v) { return v.dump(-1, ' ', false, json::error_handler_t::strict); }

} // namespace

// canonicalJson has its own writer; every replica's checksums depend on it
// giving exactly dump()'s bytes.
TEST(CanonicalJson, isByteForByteDumpOnTrickyValues)
{
    const json samples[] = {
        json::object(),
        json::array(),
        json{
            {"z", 1}, {"a", {{"y", nullptr}, {"b", true}}}, {"m", json::array({false, -1, 0u, 18446744073709551615u})}},
        json{{"quote\"back\\slash", "tab\tnl\ncr\rff\fbs\b"}},
        json{{"ctl", std::string("\x01\x1f\x7f", 3) + std::string(1, '\0')}},
        json{{"ja", "横浜市市民協働条例・第３期第１０回　😀"}, {"mixed", "a\"あ\\い\n"}},
        json{{"float", 0.1}, {"big", 1e300}, {"neg", -2.5}, {"int64min", std::numeric_limits<std::int64_t>::min()}},
        json("plain"),
        json(42),
    };
    for (const json &v : samples)
        EXPECT_EQ(canonicalJson(v), dumped(v)) << dumped(v);
}

TEST(CanonicalJson, matchesDumpOnRandomValidStrings)
{
    std::mt19937 rng(7);
    // Code points from every UTF-8 length, controls and the escaped characters.
    const char32_t points[] = {0x00,  0x08,   0x1f,   0x20,   '"',    '\\',   'a',     0x7f,    0x80,    0x7ff,
                               0x800, 0x3042, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff};
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const int n = static_cast<int>(rng() % 12);
        for (int i = 0; i < n; ++i) {
            const char32_t c = points[rng() % std::size(points)];
            if (c < 0x80) {
                s.push_back(static_cast<char>(c));
            } else if (c < 0x800) {
                s.push_back(static_cast<char>(0xC0 | (c >> 6)));
                s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            } else if (c < 0x10000) {
                s.push_back(static_cast<char>(0xE0 | (c >> 12)));
                s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
                s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            } else {
                s.push_back(static_cast<char>(0xF0 | (c >> 18)));
                s.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
                s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
                s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
            }
        }
        const json v{{s, s}};
        ASSERT_EQ(canonicalJson(v), dumped(v));
    }
}

TEST(CanonicalJson, refusesInvalidUtf8AsDumpDoes)
{
    // Truncated, overlong, surrogate, beyond U+10FFFF, stray continuation.
    for (const char *bad : {"\xe3\x81", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "ok\xff"}) {
        EXPECT_THROW(canonicalJson(json{{"k", bad}}), json::type_error) << bad;
        EXPECT_THROW(canonicalJson(json{{bad, 1}}), json::type_error) << bad;
    }
}
