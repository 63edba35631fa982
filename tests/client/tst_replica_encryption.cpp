// Issue 11, item 6: a lost tablet gives nothing away. The replica and its
// WAL are encrypted (SQLCipher 4), every file is created 0600, a replica
// from before encryption is encrypted in place when opened, and a replica
// cannot be opened without its key.
#include "replicafixture.h"
#include "blobstore.h"
#include "replicakey.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace kyodo;
using namespace kyodo::test;

namespace {

std::string bytesOf(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

mode_t modeOf(const std::string &path)
{
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 0777;
}

const std::string kSecret = "相談者の病歴についての要配慮メモ7731";
const std::string kToken = "5f0c2e9a8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";

// Saves a session with a token and a record holding kSecret, as a signed-in device would.
void fill(Replica &r)
{
    Session s;
    s.url = "https://kyodo.example.jp";
    s.token = kToken;
    s.user = "sato";
    ASSERT_TRUE(r.saveSession(s));
    ASSERT_TRUE(r.create("ward_centers.consultation", "ward:kohoku", consultation(kSecret)).ok());
    ASSERT_TRUE(r.saveDraft(Draft{"new:ward_centers.consultation", "ward_centers.consultation", "ward:kohoku", "",
                                  consultation(kSecret + "の下書き"), "2026-11-30T09:00:00Z"})
                    .ok());
}

// Every file of the replica: itself, its WAL and shared memory, its key file.
std::vector<std::string> filesOf(const std::string &path)
{
    std::vector<std::string> out;
    for (const std::string &f : {path, path + "-wal", path + "-shm"})
        if (std::filesystem::exists(f))
            out.push_back(f);
    return out;
}

void expectNothingReadable(const std::string &path)
{
    for (const std::string &f : filesOf(path)) {
        const std::string bytes = bytesOf(f);
        EXPECT_EQ(bytes.find(kSecret), std::string::npos) << f << " holds a saved text";
        EXPECT_EQ(bytes.find(kToken), std::string::npos) << f << " holds the token";
        EXPECT_EQ(bytes.find("ward:kohoku"), std::string::npos) << f << " holds a scope name";
        EXPECT_EQ(bytes.find("SQLite format 3"), std::string::npos) << f << " is a plain SQLite file";
    }
}

} // namespace

TEST(ReplicaEncryption, theFileAndItsWalHoldNoSavedTextAndNoToken)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    auto r = openReplica(path);
    fill(*r);
    // Still open: the saves are in the WAL, not yet checkpointed.
    ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
    ASSERT_GT(std::filesystem::file_size(path + "-wal"), 0u);
    expectNothingReadable(path);
    ASSERT_TRUE(r->checkpointWal());
    expectNothingReadable(path);
}

// A remote wipe leaves no deleted page in the WAL, where the key that stays
// for the next user would read it: a reader holding old pages is waited
// out, and one that never lets go fails the wipe (the server's order comes
// again at the next contact) rather than passing it with the pages there.
TEST(ReplicaEncryption, aWipeEmptiesTheWalOrSaysItCouldNot)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    auto r = openReplica(path);
    fill(*r);
    auto key = replicaKey(path);
    ASSERT_TRUE(key.ok()) << key.error().text();
    SqliteDb reader = SqliteDb::open(path, *key);
    const auto holdOldPages = [&] {
        reader.exec("BEGIN");
        ASSERT_GT(reader.queryInt("SELECT count(*) FROM sqlite_master").value_or(0), 0);
    };
    const WipeNotice notice{"2026-11-30T09:00:00Z", "端末の消去", "Device wiped"};

    holdOldPages();
    std::thread letGo([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        reader.exec("COMMIT");
    });
    const Status wiped = r->wipe(notice);
    letGo.join();
    ASSERT_TRUE(wiped.ok()) << wiped.error().text();
    EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);
    // The next person signs in and saves: pages in the WAL again.
    ASSERT_TRUE(r->saveSchemas(realSchemas()).ok());
    ASSERT_TRUE(r->create("ward_centers.consultation", "ward:kohoku", consultation("次の利用者の記録")).ok());

    holdOldPages();
    const Status held = r->wipe(notice);
    reader.exec("COMMIT");
    ASSERT_FALSE(held.ok());
    EXPECT_EQ(held.error().code, "storage");
    ASSERT_GT(std::filesystem::file_size(path + "-wal"), 0u);
    // The session went with the rest, so no order comes again: the app's
    // next start finishes the wipe before anything else.
    r.reset();
    auto reopened = Replica::open(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().text();
    EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);
    EXPECT_TRUE((*reopened)->wipeNotice());
    EXPECT_FALSE((*reopened)->session());
}

TEST(ReplicaEncryption, everyFileIsReadableByItsOwnerOnly)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    ::umask(022); // what a desktop session usually has
    auto r = openReplica(path);
    fill(*r);
    for (const std::string &f : filesOf(path))
        EXPECT_EQ(modeOf(f), 0600u) << f;
    EXPECT_EQ(modeOf(path + ".key"), 0600u);
}

TEST(ReplicaEncryption, aPlainReplicaFromBeforeIsEncryptedInPlaceWhenOpened)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    std::string id;
    setReplicaKeySource([](const std::string &) -> Result<DbKey> { return DbKey{}; }); // as before encryption
    {
        auto r = openReplica(path);
        fill(*r);
        id = *r->create("ward_centers.consultation", "ward:kohoku", consultation("港北まちづくりの会"));
        ASSERT_TRUE(r->checkpointWal());
    }
    setReplicaKeySource({});
    ASSERT_TRUE(SqliteDb::isPlainFile(path));
    ASSERT_NE(bytesOf(path).find(kSecret), std::string::npos); // the test would prove nothing otherwise
    {
        auto r = openReplica(path, false);
        auto view = r->get(id);
        ASSERT_TRUE(view.ok() && view->has_value());
        EXPECT_EQ((**view).fields["party"], "港北まちづくりの会");
        EXPECT_EQ(r->session()->token, kToken);
        auto pending = r->pendingCount();
        ASSERT_TRUE(pending.ok());
        EXPECT_EQ(*pending, 2); // the unsent changes survived the rewrite
    }
    EXPECT_FALSE(SqliteDb::isPlainFile(path));
    expectNothingReadable(path);
    EXPECT_FALSE(std::filesystem::exists(path + ".encrypting"));
}

TEST(ReplicaEncryption, withoutItsKeyAReplicaCannotBeOpened)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    {
        auto r = openReplica(path);
        fill(*r);
    }
    // Another key: refused, nothing changed.
    setReplicaKeySource([](const std::string &) -> Result<DbKey> { return DbKey{newRawKey(), {}}; });
    auto wrong = Replica::open(path);
    setReplicaKeySource({});
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "storage_open");
    // The key file lost: refused with its name, and no new key is made for the old data.
    std::filesystem::rename(path + ".key", path + ".key.away");
    auto lost = Replica::open(path);
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, "replica_key");
    EXPECT_NE(lost.error().messageJa.find(".key"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(path + ".key"));
    // A key file others may read is refused.
    std::filesystem::rename(path + ".key.away", path + ".key");
    ::chmod((path + ".key").c_str(), 0644);
    auto loose = Replica::open(path);
    ASSERT_FALSE(loose.ok());
    EXPECT_EQ(loose.error().code, "replica_key");
    ::chmod((path + ".key").c_str(), 0600);
    auto r = Replica::open(path);
    ASSERT_TRUE(r.ok()) << r.error().text();
    EXPECT_EQ((*r)->session()->token, kToken);
}

TEST(ReplicaEncryption, aPassphraseOpensWhatItEncryptedAndNothingElse)
{
    TempDir dir;
    const std::string path = dir.file("replica.sqlite");
    setenv("KYODO_REPLICA_PASSPHRASE", "港北区 支援センター 2026 秋", 1);
    {
        auto r = openReplica(path);
        fill(*r);
    }
    EXPECT_FALSE(std::filesystem::exists(path + ".key"));
    expectNothingReadable(path);
    setenv("KYODO_REPLICA_PASSPHRASE", "港北区 支援センター 2026 春", 1);
    EXPECT_FALSE(Replica::open(path).ok());
    setenv("KYODO_REPLICA_PASSPHRASE", "港北区 支援センター 2026 秋", 1);
    auto r = Replica::open(path);
    unsetenv("KYODO_REPLICA_PASSPHRASE");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)->session()->token, kToken);
}

// A store made when a file's bytes were kept in its pages has 64 KiB pages;
// a new one has SQLCipher's 4 KiB (its rows are small, the bytes in chunk
// files). Both open with the store's key, whichever is tried first, even
// while the last writes are still in the WAL; another key opens neither.
TEST(ReplicaEncryption, aBlobStoreOf64KiBPagesStillOpensAndANewOneHas4KiBPages)
{
    TempDir dir;
    const std::string older = dir.file("older.blobs");
    const std::string copy = dir.file("copy.blobs");
    const std::string newer = dir.file("newer.blobs");
    const DbKey madeBefore{newRawKey(), {}, 65536, true};
    const DbKey now = BlobStore::keyFrom(DbKey{madeBefore.rawHex, {}});
    const std::string photo(300000, 'p'), scan(5000, 's');
    std::string photoSha, scanSha;
    {
        auto store = BlobStore::open(older, madeBefore);
        ASSERT_TRUE(store.ok()) << store.error().text();
        auto ref = (*store)->addBytes(photo, "photo.jpg", "image/jpeg");
        ASSERT_TRUE(ref.ok());
        photoSha = ref->sha256;
        // Copied while open: the scan's rows are in the WAL only, as after a crash.
        auto another = (*store)->addBytes(scan, "scan.pdf", "application/pdf");
        ASSERT_TRUE(another.ok());
        scanSha = another->sha256;
        ASSERT_FALSE(std::filesystem::is_empty(older + "-wal"));
        for (const char *part : {"", "-wal"})
            std::filesystem::copy_file(older + part, copy + part);
        std::filesystem::copy(older + ".d", copy + ".d", std::filesystem::copy_options::recursive);
    }
    for (const std::string &path : {older, copy}) {
        testing::internal::CaptureStderr();
        auto reopened = BlobStore::open(path, now);
        EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << path;
        ASSERT_TRUE(reopened.ok()) << path << ": " << reopened.error().text();
        for (const auto &[sha, bytes] : {std::pair{photoSha, photo}, std::pair{scanSha, scan}}) {
            auto back = (*reopened)->read(sha);
            ASSERT_TRUE(back.ok()) << path << ": " << back.error().text();
            EXPECT_EQ(*back, bytes) << path;
        }
        // Still its own pages: written to and read again.
        ASSERT_TRUE((*reopened)->addBytes("more", "more.txt", "text/plain").ok()) << path;
    }
    EXPECT_NO_THROW(SqliteDb::open(older, madeBefore));

    {
        auto store = BlobStore::open(newer, now);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->addBytes(photo, "photo.jpg", "image/jpeg").ok());
    }
    DbKey only64KiB = madeBefore;
    EXPECT_THROW(SqliteDb::open(newer, only64KiB), SqliteError);
    EXPECT_LT(std::filesystem::file_size(newer), 65536u); // a few small pages, not a 64 KiB one each
    DbKey wrong = now;
    wrong.rawHex = newRawKey();
    EXPECT_FALSE(BlobStore::open(older, wrong).ok());
    EXPECT_FALSE(BlobStore::open(newer, wrong).ok());
}

// Attachment files are kept in pages checked with HMAC-SHA256 (twice as fast
// as SQLCipher's SHA-512 on this kind of CPU); a store made before that keeps
// SHA-512 and opens as it is, its files whole, with nothing logged as an error.
TEST(ReplicaEncryption, aBlobStoreMadeWithSha512PagesStillOpensAndKeepsItsFiles)
{
    TempDir dir;
    const std::string older = dir.file("older.blobs");
    const std::string newer = dir.file("newer.blobs");
    DbKey sha512{newRawKey(), {}, 65536, false};
    DbKey sha256 = sha512;
    sha256.hmacSha256 = true;
    const std::string photo(300000, 'p');
    std::string sha;
    {
        auto store = BlobStore::open(older, sha512);
        ASSERT_TRUE(store.ok()) << store.error().text();
        auto ref = (*store)->addBytes(photo, "photo.jpg", "image/jpeg");
        ASSERT_TRUE(ref.ok());
        sha = ref->sha256;
    }
    testing::internal::CaptureStderr();
    auto reopened = BlobStore::open(older, sha256);
    const std::string logged = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(reopened.ok()) << reopened.error().text();
    EXPECT_EQ(logged, "");
    auto bytes = (*reopened)->read(sha);
    ASSERT_TRUE(bytes.ok()) << bytes.error().text();
    EXPECT_EQ(*bytes, photo);

    // A new store is made with SHA-256: SHA-512 does not open it, so the setting holds.
    {
        auto store = BlobStore::open(newer, sha256);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->addBytes(photo, "photo.jpg", "image/jpeg").ok());
    }
    EXPECT_THROW(SqliteDb::open(newer, sha512), SqliteError);
    // Another key opens neither, whichever way it is tried.
    DbKey wrong = sha256;
    wrong.rawHex = newRawKey();
    EXPECT_FALSE(BlobStore::open(older, wrong).ok());
    EXPECT_FALSE(BlobStore::open(newer, wrong).ok());
}
