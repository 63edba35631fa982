// Attachments in the engine's core: a list field checked against what its
// schema takes, the chunk arithmetic both ends share, and the union merge
// that keeps every photo two people added to one record.
#include "attachment.h"
#include "schema.h"

#include <gtest/gtest.h>

using namespace kyodo;

namespace {

FieldDef photos()
{
    FieldDef d;
    d.key = "photos";
    d.type = FieldType::Attachments;
    d.labelJa = "写真";
    d.labelEn = "Photos";
    d.accept = {"image/*", "application/pdf"};
    d.maxBytes = 10 * 1024 * 1024;
    return d;
}

json entry(const std::string &seed, std::int64_t size = 1000, const std::string &mime = "image/jpeg")
{
    return {{"sha256", sha256Hex(seed)}, {"name", seed + ".jpg"}, {"mime", mime}, {"size", size}};
}

TEST(Attachment, sha256OfKnownBytes)
{
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Sha256Stream s;
    s.add("a");
    s.add("bc");
    EXPECT_EQ(s.finishHex(), sha256Hex("abc"));
    EXPECT_TRUE(isSha256Hex(sha256Hex("")));
    EXPECT_FALSE(isSha256Hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    EXPECT_FALSE(isSha256Hex("abc"));
}

TEST(Attachment, chunksCoverEveryByteOnce)
{
    EXPECT_EQ(chunkCount(0), 0);
    EXPECT_EQ(chunkCount(1), 1);
    EXPECT_EQ(chunkCount(kBlobChunkSize), 1);
    EXPECT_EQ(chunkCount(kBlobChunkSize + 1), 2);
    const std::int64_t size = 5 * kBlobChunkSize / 2;
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < chunkCount(size); ++i)
        sum += chunkLength(size, i);
    EXPECT_EQ(sum, size);
    EXPECT_EQ(chunkLength(size, 2), kBlobChunkSize / 2);
    EXPECT_EQ(chunkLength(size, 3), 0);
    EXPECT_EQ(chunkLength(size, -1), 0);
}

TEST(Attachment, acceptedTypes)
{
    const std::vector<std::string> accept{"image/*", "application/pdf"};
    EXPECT_TRUE(mimeAccepted(accept, "image/jpeg"));
    EXPECT_TRUE(mimeAccepted(accept, "application/pdf"));
    EXPECT_FALSE(mimeAccepted(accept, "image/"));
    EXPECT_FALSE(mimeAccepted(accept, "imagex/png"));
    EXPECT_FALSE(mimeAccepted(accept, "application/pdfx"));
    EXPECT_FALSE(mimeAccepted(accept, "text/html"));
    // "image/*" is the pictures a device shows and takes the place out of.
    for (const char *picture : {"image/png", "image/webp", "image/gif"})
        EXPECT_TRUE(mimeAccepted(accept, picture)) << picture;
    for (const char *other : {"image/svg+xml", "image/heic", "image/x-icon", "image/tiff"})
        EXPECT_FALSE(mimeAccepted(accept, other)) << other;
    EXPECT_TRUE(mimeAccepted({"image/svg+xml"}, "image/svg+xml")) << "named by the plugin, taken";
    EXPECT_TRUE(mimeAccepted({"video/*"}, "video/mp4")) << "other wildcards as they read";
}

TEST(Attachment, validListsPass)
{
    json list = json::array({entry("a"), entry("b", 2000, "application/pdf")});
    list[0]["taken_at"] = "2019-05-01T10:00:00+09:00";
    list[0]["thumb"] = sha256Hex("thumb of a");
    auto parsed = parseAttachments(photos(), list);
    ASSERT_TRUE(parsed) << parsed.error().text();
    EXPECT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].thumb, sha256Hex("thumb of a"));
    EXPECT_TRUE(parseAttachments(photos(), json::array()));
}

TEST(Attachment, badListsAreRefusedWithTheFieldNamed)
{
    struct Case {
        const char *name;
        json value;
        const char *code;
    };
    json noSha = entry("a");
    noSha.erase("sha256");
    json upper = entry("a");
    upper["sha256"] = "A" + upper["sha256"].get<std::string>().substr(1);
    json path = entry("a");
    path["name"] = "../../etc/passwd";
    json control = entry("a");
    control["name"] = std::string("a\nb.jpg");
    json zero = entry("a", 0);
    json extra = entry("a");
    extra["url"] = "http://example.invalid/";
    json badTaken = entry("a");
    badTaken["taken_at"] = "yesterday";
    json badMime = entry("a", 10, "image/JPEG<script>");
    auto named = [](const std::string &name) {
        json e = entry("a");
        e["name"] = name;
        return json::array({e});
    };
    json tooMany = json::array();
    for (int i = 0; i <= 100; ++i)
        tooMany.push_back(entry("f" + std::to_string(i)));
    const std::vector<Case> cases = {
        {"a C1 control character in its name",
         named("a\xC2\x85"
               "b.jpg"),
         "wrong_type"},
        {"a right-to-left override in its name",
         named("bidi\xE2\x80\xAE"
               "gpj.exe.jpg"),
         "wrong_type"},
        {"a zero-width space in its name",
         named("a\xE2\x80\x8B"
               "b.jpg"),
         "wrong_type"},
        {"blanks before its extension", named("   .jpg"), "wrong_type"},
        {"ideographic blanks before its extension", named("\xE3\x80\x80.jpg"), "wrong_type"},
        {"a name that is not UTF-8", named("bad\xFF\xFE.jpg"), "wrong_type"},
        {"an overlong UTF-8 slash",
         named("a\xC0\xAF"
               "b.jpg"),
         "wrong_type"},
        {"more than 100 files", tooMany, "wrong_type"},
        {"not a list", json::object(), "wrong_type"},
        {"entry not an object", json::array({"x"}), "wrong_type"},
        {"no sha256", json::array({noSha}), "wrong_type"},
        {"uppercase sha256", json::array({upper}), "wrong_type"},
        {"a path as its name", json::array({path}), "wrong_type"},
        {"a control character in its name", json::array({control}), "wrong_type"},
        {"empty file", json::array({zero}), "wrong_type"},
        {"unknown key", json::array({extra}), "wrong_type"},
        {"taken_at not a date", json::array({badTaken}), "wrong_type"},
        {"not a media type", json::array({badMime}), "wrong_type"},
        {"the same file twice", json::array({entry("a"), entry("a")}), "wrong_type"},
        {"a type the field does not take", json::array({entry("a", 10, "text/html")}), "attachment_type"},
        {"over the limit", json::array({entry("a", 10 * 1024 * 1024 + 1)}), "attachment_too_large"},
    };
    for (const Case &c : cases) {
        auto parsed = parseAttachments(photos(), c.value);
        ASSERT_FALSE(parsed) << c.name;
        EXPECT_EQ(parsed.error().code, c.code) << c.name;
        EXPECT_EQ(parsed.error().field, "photos") << c.name;
        EXPECT_NE(parsed.error().messageJa.find("写真"), std::string::npos)
            << c.name << ": " << parsed.error().messageJa;
    }
    for (const std::string name : {"会議資料 第3回.pdf", "写真 (1).jpg", "flyer", "a.b.c.jpg", "Ｐｈｏｔｏ　１.jpg"}) {
        json e = entry("a");
        e["name"] = name;
        EXPECT_TRUE(parseAttachments(photos(), json::array({e}))) << name;
    }
    auto tooLarge = parseAttachments(photos(), json::array({entry("a", 12 * 1024 * 1024)}));
    EXPECT_NE(tooLarge.error().messageJa.find("12.0 MB"), std::string::npos) << tooLarge.error().messageJa;
    EXPECT_NE(tooLarge.error().messageJa.find("10.0 MB"), std::string::npos) << tooLarge.error().messageJa;
}

TEST(Attachment, unionMergeKeepsEveryonesAdditions)
{
    const json a = entry("a"), b = entry("b"), c = entry("c"), d = entry("d");
    const json before = json::array({a});
    // Two devices saw [a]; one added b, the other c: both stay, in arrival order.
    const json afterFirst = mergeAttachmentLists(before, before, json::array({a, b}));
    EXPECT_EQ(afterFirst, json::array({a, b}));
    EXPECT_EQ(mergeAttachmentLists(afterFirst, before, json::array({a, c})), json::array({a, b, c}));
    // A removal removes only what the editor saw and dropped.
    EXPECT_EQ(mergeAttachmentLists(json::array({a, b, c}), json::array({a, b}), json::array({b, d})),
              json::array({b, c, d}));
    // A file someone else removed meanwhile is not brought back by an editor who kept it.
    EXPECT_EQ(mergeAttachmentLists(json::array({b}), json::array({a, b}), json::array({a, b, c})), json::array({b, c}));
    // A rename by the editor wins over the unchanged entry.
    json renamed = a;
    renamed["name"] = "flyer.jpg";
    EXPECT_EQ(mergeAttachmentLists(json::array({a, b}), json::array({a}), json::array({renamed})),
              json::array({renamed, b}));
    // A first list on a field never written.
    EXPECT_EQ(mergeAttachmentLists(json(), json(), json::array({a})), json::array({a}));
    // The same file added twice concurrently is listed once.
    EXPECT_EQ(mergeAttachmentLists(json::array({a}), json(), json::array({a})), json::array({a}));
}

TEST(Attachment, referencedBlobsIncludeThumbnails)
{
    TypeDef t;
    t.fields.push_back(photos());
    json e = entry("a");
    e["thumb"] = sha256Hex("t");
    const auto refs = referencedBlobs(t, {{"photos", json::array({e, entry("b")})}, {"other", "x"}});
    EXPECT_EQ(refs, (std::set<std::string>{sha256Hex("a"), sha256Hex("b"), sha256Hex("t")}));
}

TEST(Attachment, theKindsARecordSaysAFileIsAreKeptForTheServerToHoldItsBytesTo)
{
    TypeDef t;
    t.fields.push_back(photos());
    FieldDef papers = photos();
    papers.key = "papers";
    t.fields.push_back(papers);
    json e = entry("a");
    e["thumb"] = sha256Hex("t");
    const json sameAsPdf = entry("a", 1000, "application/pdf");
    const auto listed = blobsListed(
        t, {{"photos", json::array({e, entry("b", 20, "image/png")})}, {"papers", json::array({sameAsPdf})}});
    ASSERT_EQ(listed.size(), 3U);
    EXPECT_EQ(listed.at(sha256Hex("a")), (ListedBlob{1000, "application/pdf image/jpeg"}));
    EXPECT_EQ(listed.at(sha256Hex("b")), (ListedBlob{20, "image/png"}));
    EXPECT_EQ(listed.at(sha256Hex("t")), (ListedBlob{0, "image/jpeg"})); // a preview is a JPEG
    EXPECT_EQ(listedKinds("application/pdf image/jpeg"), (std::vector<std::string>{"application/pdf", "image/jpeg"}));
    EXPECT_TRUE(listedKinds("").empty());
}

TEST(Attachment, aKindWithASignatureMustShowIt)
{
    EXPECT_EQ(kindOfBytes("\xFF\xD8\xFF\xE0"), "image/jpeg");
    EXPECT_EQ(kindOfBytes(std::string("\x89PNG\r\n\x1A\n\0\0", 10)), "image/png");
    EXPECT_EQ(kindOfBytes("GIF87a"), "image/gif");
    EXPECT_EQ(kindOfBytes(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
    EXPECT_EQ(kindOfBytes("%PDF-1.7\n"), "application/pdf");
    EXPECT_EQ(kindOfBytes("<html><script>"), "");
    EXPECT_EQ(kindOfBytes(""), "");

    EXPECT_TRUE(bytesMayBe("image/jpeg", "\xFF\xD8\xFF\xDB"));
    EXPECT_FALSE(bytesMayBe("image/jpeg", "<html><script>"));
    EXPECT_FALSE(bytesMayBe("application/pdf", "\xFF\xD8\xFF\xDB")); // a photo is not a PDF
    EXPECT_FALSE(bytesMayBe("image/png", "GIF89a"));
    EXPECT_FALSE(bytesMayBe("image/webp", std::string("RIFF\x10\0\0\0AVI LIST", 16)));
    EXPECT_FALSE(bytesMayBe("image/jpeg", ""));
    // A kind without a signature cannot be told from its bytes.
    EXPECT_TRUE(bytesMayBe("text/plain", "anything"));
    EXPECT_TRUE(bytesMayBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\x03\x04"));

    EXPECT_EQ(extensionOfKind("application/pdf"), "pdf");
    EXPECT_EQ(extensionOfKind("image/jpeg"), "jpg");
    EXPECT_EQ(extensionOfKind("text/html"), "");
}

TEST(Attachment, schemasDeclareWhatTheyTake)
{
    json field = {{"key", "photos"}, {"type", "attachments"}, {"label", {{"ja", "写真"}, {"en", "Photos"}}}};
    auto plugin = [](json f) {
        return json{
            {"plugin", "x"},
            {"version", 1},
            {"types",
             json::array({json{{"id", "x.t"},
                               {"label", {{"ja", "t"}, {"en", "t"}}},
                               {"scopes", {"ward"}},
                               {"fields", json::array({f, json{{"key", "held_on"},
                                                               {"type", "date"},
                                                               {"label", {{"ja", "日"}, {"en", "Day"}}}}})}}})}};
    };
    SchemaSet set;
    EXPECT_FALSE(set.add(plugin(field), "test")) << "accept and max_mb are required";
    field["accept"] = {"image/*"};
    field["max_mb"] = 0;
    EXPECT_FALSE(set.add(plugin(field), "test"));
    field["max_mb"] = 20;
    field["prefetch_before"] = "photos";
    EXPECT_FALSE(set.add(plugin(field), "test")) << "prefetch_before must name a date";
    field["prefetch_before"] = "held_on";
    ASSERT_TRUE(set.add(plugin(field), "test"));
    const FieldDef *def = set.type("x.t")->field("photos");
    EXPECT_EQ(def->maxBytes, 20 * 1024 * 1024);
    EXPECT_EQ(def->prefetchBefore, "held_on");
    EXPECT_TRUE(validateFieldValue(*def, json::array({entry("a")})));
    EXPECT_FALSE(validateFieldValue(*def, json::array({entry("a", 10, "application/pdf")})));
}

TEST(Attachment, fieldKeysArePlainNames)
{
    for (const char *key : {"a') OR 1=1 --", "Photos", "1st", "a-b", "写真"}) {
        json f = {{"key", key}, {"type", "text"}, {"label", {{"ja", "a"}, {"en", "a"}}}};
        json p = {{"plugin", "x"},
                  {"version", 1},
                  {"types", json::array({json{{"id", "x.t"},
                                              {"label", {{"ja", "t"}, {"en", "t"}}},
                                              {"scopes", {"ward"}},
                                              {"fields", json::array({f})}}})}};
        SchemaSet set;
        Status st = set.add(p, "test");
        ASSERT_FALSE(st) << key;
        EXPECT_NE(st.error().messageEn.find("lowercase"), std::string::npos) << st.error().messageEn;
    }
}

} // namespace
