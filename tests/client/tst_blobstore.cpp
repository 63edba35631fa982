// The device's attachment bytes in sealed chunk files (chunkfiles.h) beside
// the encrypted store that keeps what is known of them.
#include "blobstore.h"
#include "messages.h"
#include "replicakey.h"
#include "process.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <iterator>
#include <optional>
#include <random>

using namespace kyodo;
using kyodo::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string randomBytes(std::size_t size, unsigned seed)
{
    std::mt19937 rng(seed);
    std::string out(size, '\0');
    for (char &c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

std::string contentOf(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The blob store's tables as a device made them before chunk files.
constexpr const char *kLayoutBeforeChunkFiles =
    "CREATE TABLE blobs(sha TEXT PRIMARY KEY, size INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0,"
    " uploaded INTEGER NOT NULL DEFAULT 0, sent INTEGER NOT NULL DEFAULT 0,"
    " complete INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0,"
    " named INTEGER NOT NULL DEFAULT 0, added_at INTEGER NOT NULL, used_at INTEGER NOT NULL,"
    " wanted_at INTEGER);"
    "CREATE TABLE chunks(sha TEXT NOT NULL REFERENCES blobs(sha) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, bytes BLOB NOT NULL, UNIQUE(sha, idx));";

class BlobStoreTest : public ::testing::Test {
protected:
    std::unique_ptr<BlobStore> open()
    {
        auto s = BlobStore::open(path, key);
        if (!s)
            throw std::runtime_error(s.error().text());
        return std::move(s.value());
    }
    std::vector<fs::path> files() const
    {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto &e : fs::directory_iterator(folder, ec))
            out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }
    // A photo of two chunks attached here: its hash and its two chunk files.
    struct Attached {
        std::string sha256;
        std::vector<fs::path> chunks;
    };
    Attached attachedInTwoChunks(BlobStore &store, const std::string &photo)
    {
        auto ref = store.addBytes(photo, "board.jpg", "image/jpeg");
        EXPECT_TRUE(ref.ok()) << ref.error().text();
        return {ref.ok() ? ref->sha256 : std::string(), files()};
    }
    // A file fetched from the server, as a download lands it.
    std::string fetched(BlobStore &store, const std::string &bytes)
    {
        const std::string sha = sha256Hex(bytes);
        const auto size = static_cast<std::int64_t>(bytes.size());
        EXPECT_TRUE(store.want(sha, size, false).ok());
        for (std::int64_t i = 0; i < chunkCount(size); ++i) {
            const Status st =
                store.putChunk(sha, i,
                               std::string_view(bytes).substr(static_cast<std::size_t>(i * kBlobChunkSize),
                                                              static_cast<std::size_t>(chunkLength(size, i))));
            EXPECT_TRUE(st.ok()) << st.error().text();
        }
        return sha;
    }

    TempDir dir;
    std::string path = dir.file("replica.db.blobs");
    std::string folder = path + ".d";
    DbKey key = BlobStore::keyFrom(DbKey{newRawKey(), {}});
};

} // namespace

TEST_F(BlobStoreTest, aFileIsKeptInSealedChunkFilesThatShowNothingOfIt)
{
    const std::string photo = randomBytes(2 * kBlobChunkSize + 5000, 1);
    auto store = open();
    auto ref = store->addBytes(photo, "board.jpg", "image/jpeg");
    ASSERT_TRUE(ref.ok()) << ref.error().text();
    ASSERT_EQ(files().size(), 3u);
    for (const fs::path &f : files()) {
        const std::string sealed = contentOf(f);
        EXPECT_GT(sealed.size(), 1000u);
        EXPECT_EQ(photo.find(sealed.substr(100, 64)), std::string::npos) << f;
        EXPECT_EQ(sealed.find(photo.substr(kBlobChunkSize + 100, 64)), std::string::npos) << f;
    }
    EXPECT_EQ(store->bytesHere(), static_cast<std::int64_t>(photo.size()));
    store.reset(); // closed: its WAL is in the file
    EXPECT_FALSE(fs::exists(path + "-wal"));
    EXPECT_LT(fs::file_size(path), static_cast<std::uintmax_t>(kBlobChunkSize)); // the store keeps no bytes
    auto again = open()->read(ref->sha256);
    ASSERT_TRUE(again.ok()) << again.error().text();
    EXPECT_EQ(*again, photo);
}

TEST_F(BlobStoreTest, aChunkFileMovedOrDamagedIsNeverReadAsTheFile)
{
    const std::string photo = randomBytes(2 * kBlobChunkSize, 2);
    auto store = open();
    const Attached attached = attachedInTwoChunks(*store, photo);
    const std::string &sha = attached.sha256;
    const std::vector<fs::path> &chunks = attached.chunks;
    ASSERT_EQ(chunks.size(), 2u);
    // Swapped places: each is sealed to its own.
    fs::rename(chunks[0], folder + "/swap");
    fs::rename(chunks[1], chunks[0]);
    fs::rename(folder + "/swap", chunks[1]);
    auto swapped = store->read(sha);
    ASSERT_FALSE(swapped.ok());
    EXPECT_EQ(swapped.error().code, "hash_mismatch");
    // Each chunk alone is refused: it is sealed to its own place.
    for (std::int64_t i = 0; i < 2; ++i) {
        auto alone = store->chunk(sha, i);
        ASSERT_FALSE(alone.ok());
        EXPECT_EQ(alone.error().code, "hash_mismatch");
    }
    // Put back, then one byte changed.
    fs::rename(chunks[0], folder + "/swap");
    fs::rename(chunks[1], chunks[0]);
    fs::rename(folder + "/swap", chunks[1]);
    ASSERT_TRUE(store->read(sha).ok());
    std::string sealed = contentOf(chunks[1]);
    sealed[sealed.size() / 2] ^= 1;
    std::ofstream(chunks[1], std::ios::binary | std::ios::trunc) << sealed;
    EXPECT_FALSE(store->read(sha).ok());
    // Attached here and not sent: the only copy, so it is not forgotten.
    EXPECT_TRUE(store->state(sha)->complete);
    EXPECT_EQ(store->pendingUploads(), std::vector<std::string>{sha});
    // Picking the same photo again mends it, and the damaged files go.
    ASSERT_TRUE(store->addBytes(photo, "board.jpg", "image/jpeg").ok());
    auto mended = store->read(sha);
    ASSERT_TRUE(mended.ok()) << mended.error().text();
    EXPECT_EQ(*mended, photo);
    EXPECT_EQ(files().size(), 2u);
    EXPECT_FALSE(fs::exists(chunks[1]));
}

// Read around the page cache in whole blocks: a file cut anywhere, on a
// block's edge or inside one, or grown past any chunk's length, is refused,
// also on a thread that never read a chunk before (an upload's lane), and
// whole again it reads back.
TEST_F(BlobStoreTest, aChunkFileCutShortIsNeverReadAsTheFile)
{
    const std::string photo = randomBytes(2 * kBlobChunkSize, 4);
    auto store = open();
    const Attached attached = attachedInTwoChunks(*store, photo);
    const std::string &sha = attached.sha256;
    const std::vector<fs::path> &chunks = attached.chunks;
    ASSERT_EQ(chunks.size(), 2u);
    const std::string whole = contentOf(chunks[1]);
    const std::string grown = whole + std::string(whole.size(), 'x');
    for (const std::string &damaged :
         {std::string(), whole.substr(0, 100), whole.substr(0, 4096), whole.substr(0, 8192 + 5),
          whole.substr(0, whole.size() - 4096), whole.substr(0, whole.size() - 1), grown}) {
        std::ofstream(chunks[1], std::ios::binary | std::ios::trunc) << damaged;
        std::optional<Result<std::string>> cut;
        std::thread([&] { cut.emplace(store->read(sha)); }).join();
        ASSERT_FALSE(cut->ok()) << damaged.size();
        EXPECT_EQ(cut->error().code, "hash_mismatch") << damaged.size();
    }
    std::ofstream(chunks[1], std::ios::binary | std::ios::trunc) << whole;
    auto again = store->read(sha);
    ASSERT_TRUE(again.ok()) << again.error().text();
    EXPECT_EQ(*again, photo);
}

// Two connections on one store, as in the app: a download lands its last
// chunk after the same photo was attached whole on the other; the attached
// copy stays as it is, and both read it.
TEST_F(BlobStoreTest, aDownloadLandingAfterTheSamePhotoWasAttachedLeavesItWhole)
{
    const std::string photo = randomBytes(kBlobChunkSize + 700, 9);
    const std::string sha = sha256Hex(photo);
    auto fetching = open();
    auto attaching = open();
    ASSERT_TRUE(fetching->want(sha, static_cast<std::int64_t>(photo.size()), false).ok());
    ASSERT_TRUE(fetching->putChunk(sha, 0, std::string_view(photo).substr(0, kBlobChunkSize)).ok());
    ASSERT_TRUE(attaching->addBytes(photo, "board.jpg", "image/jpeg").ok());
    std::string wrongTail(photo.size() - kBlobChunkSize, 'x'); // would fail the whole-file check
    ASSERT_TRUE(fetching->putChunk(sha, 1, wrongTail).ok());
    for (BlobStore *s : {fetching.get(), attaching.get()}) {
        auto bytes = s->read(sha);
        ASSERT_TRUE(bytes.ok()) << bytes.error().text();
        EXPECT_EQ(*bytes, photo);
    }
    EXPECT_EQ(files().size(), 2u); // the download's first chunk, under its old seal, is gone
}

// A download seals and writes each chunk on the connection that fetched it
// (stageChunk); the store then only records it and moves it into place.
TEST_F(BlobStoreTest, aChunkStagedWhereItWasFetchedIsMovedIntoPlaceNotWrittenAgain)
{
    const std::string paper = randomBytes(kBlobChunkSize + 900, 11);
    const std::string sha = sha256Hex(paper);
    const auto size = static_cast<std::int64_t>(paper.size());
    auto store = open();
    ASSERT_TRUE(store->want(sha, size, false).ok());
    auto seal = store->downloadSeal(sha);
    ASSERT_TRUE(seal.ok()) << seal.error().text();
    std::vector<StagedChunk> staged;
    for (std::int64_t i = 0; i < chunkCount(size); ++i) {
        auto s = store->stageChunk(*seal, i,
                                   std::string_view(paper).substr(static_cast<std::size_t>(i * kBlobChunkSize),
                                                                  static_cast<std::size_t>(chunkLength(size, i))));
        ASSERT_TRUE(s.ok()) << s.error().text();
        staged.push_back(std::move(*s));
    }
    const std::vector<fs::path> stagedFiles = files();
    ASSERT_EQ(stagedFiles.size(), 2u);
    std::vector<ino_t> inodes;
    for (const fs::path &p : stagedFiles) {
        EXPECT_NE(p.filename().string().find(".part"), std::string::npos) << p; // a sweep takes them
        struct stat st {};
        ASSERT_EQ(::stat(p.c_str(), &st), 0);
        inodes.push_back(st.st_ino);
    }
    EXPECT_EQ(store->state(sha)->chunksHere, 0); // not recorded yet
    const std::string whole = sha;               // hashed in order by the caller
    for (std::int64_t i = 0; i < chunkCount(size); ++i) {
        const std::string_view bytes = std::string_view(paper).substr(static_cast<std::size_t>(i * kBlobChunkSize),
                                                                      static_cast<std::size_t>(chunkLength(size, i)));
        const Status st = store->putChunk(sha, i, bytes, i + 1 == chunkCount(size) ? &whole : nullptr,
                                          &staged[static_cast<std::size_t>(i)]);
        ASSERT_TRUE(st.ok()) << st.error().text();
    }
    staged.clear();
    std::vector<ino_t> placed;
    for (const fs::path &p : files()) {
        EXPECT_EQ(p.filename().string().find(".part"), std::string::npos) << p;
        struct stat st {};
        ASSERT_EQ(::stat(p.c_str(), &st), 0);
        placed.push_back(st.st_ino);
    }
    std::sort(inodes.begin(), inodes.end());
    std::sort(placed.begin(), placed.end());
    EXPECT_EQ(placed, inodes); // the very files the connections wrote
    EXPECT_TRUE(store->state(sha)->complete);
    EXPECT_EQ(*store->read(sha), paper);
}

// A staged chunk that is not taken (the file became whole here meanwhile,
// or was forgotten and wanted again under a new seal, or the download
// stopped) leaves no file behind and never replaces what is there.
TEST_F(BlobStoreTest, aStagedChunkNotTakenLeavesNothingBehind)
{
    const std::string photo = randomBytes(kBlobChunkSize + 300, 12);
    const std::string sha = sha256Hex(photo);
    const auto size = static_cast<std::int64_t>(photo.size());
    const std::string_view head = std::string_view(photo).substr(0, kBlobChunkSize);
    auto store = open();
    {
        ASSERT_TRUE(store->want(sha, size, false).ok());
        auto seal = store->downloadSeal(sha);
        ASSERT_TRUE(seal.ok());
        auto stopped = store->stageChunk(*seal, 0, head);
        ASSERT_TRUE(stopped.ok());
        EXPECT_EQ(files().size(), 1u);
    }
    EXPECT_TRUE(files().empty()); // the download stopped before it landed

    // Forgotten (no record names it any more) and wanted again: a new seal.
    auto oldSeal = store->downloadSeal(sha);
    ASSERT_TRUE(oldSeal.ok());
    auto underOldSeal = store->stageChunk(*oldSeal, 0, std::string(kBlobChunkSize, 'x'));
    ASSERT_TRUE(underOldSeal.ok());
    ASSERT_TRUE(store->keepOnly({}, 0).ok());
    ASSERT_TRUE(store->want(sha, size, false).ok());
    ASSERT_TRUE(store->putChunk(sha, 0, head, nullptr, &*underOldSeal).ok());
    underOldSeal = StagedChunk();

    // Made whole here meanwhile (the same photo attached): what is here stays.
    auto seal = store->downloadSeal(sha);
    ASSERT_TRUE(seal.ok());
    std::string wrongTail(photo.size() - kBlobChunkSize, 'y');
    auto late = store->stageChunk(*seal, 1, wrongTail);
    ASSERT_TRUE(late.ok());
    ASSERT_TRUE(store->addBytes(photo, "board.jpg", "image/jpeg").ok());
    ASSERT_TRUE(store->putChunk(sha, 1, wrongTail, nullptr, &*late).ok());
    late = StagedChunk();
    EXPECT_EQ(*store->read(sha), photo);
    EXPECT_EQ(files().size(), 2u);
    for (const fs::path &p : files())
        EXPECT_EQ(p.filename().string().find(".part"), std::string::npos) << p;
}

// A device killed while it added the chunk-file columns to an old store, or
// two connections adding them at once: opening again completes them.
TEST_F(BlobStoreTest, aStoreLeftHalfWayThroughAddingItsColumnsOpens)
{
    {
        SqliteDb db = SqliteDb::open(path, key);
        db.exec(kLayoutBeforeChunkFiles);
        db.exec("ALTER TABLE chunks ADD COLUMN len INTEGER");
    }
    auto first = open();
    auto second = open();
    const std::string photo = randomBytes(4000, 10);
    auto ref = first->addBytes(photo, "p.jpg", "image/jpeg");
    ASSERT_TRUE(ref.ok()) << ref.error().text();
    EXPECT_EQ(*second->read(ref->sha256), photo);
}

TEST_F(BlobStoreTest, aFetchedFileWhoseChunkWasLostIsFetchedAgain)
{
    const std::string paper = randomBytes(kBlobChunkSize + 10, 3);
    auto store = open();
    const std::string sha = fetched(*store, paper);
    ASSERT_TRUE(store->state(sha)->complete);
    ASSERT_EQ(files().size(), 2u);
    fs::remove(files()[1]); // a power loss before the disk had it
    EXPECT_FALSE(store->read(sha).ok());
    const auto s = store->state(sha);
    EXPECT_FALSE(s->complete);
    EXPECT_TRUE(s->wanted);
    EXPECT_EQ(store->missingChunks(sha), (std::vector<std::int64_t>{0, 1}));
    EXPECT_TRUE(files().empty());
    const std::string again = fetched(*store, paper);
    auto bytes = store->read(again);
    ASSERT_TRUE(bytes.ok());
    EXPECT_EQ(*bytes, paper);
}

TEST_F(BlobStoreTest, filesNoLongerKeptLeaveTheDisk)
{
    auto store = open();
    const std::string kept = store->addBytes(randomBytes(5000, 4), "kept.jpg", "image/jpeg")->sha256;
    const std::string dropped = store->addBytes(randomBytes(5000, 5), "dropped.jpg", "image/jpeg")->sha256;
    const std::string cached = fetched(*store, randomBytes(kBlobChunkSize + 1, 6));
    ASSERT_EQ(files().size(), 4u);
    // Left by a device killed while it wrote: a half-written file, and one whose row never committed.
    std::ofstream(folder + "/0123456789abcdef.0.part") << "half";
    std::ofstream(folder + "/0123456789abcdef.3") << "orphan";
    auto gone = store->keepOnly({kept, cached}, 0);
    ASSERT_TRUE(gone.ok());
    EXPECT_EQ(*gone, 1);
    EXPECT_EQ(files().size(), 3u);
    EXPECT_FALSE(store->state(dropped));
    // Over the cache limit: the fetched one's bytes go, the row stays.
    store->setCacheLimit(1);
    auto evicted = store->evictToLimit();
    ASSERT_TRUE(evicted.ok());
    EXPECT_EQ(*evicted, 1);
    EXPECT_EQ(files().size(), 1u);
    EXPECT_TRUE(store->read(kept).ok());
    ASSERT_TRUE(store->wipe().ok());
    EXPECT_TRUE(files().empty());
}

// A store made before chunk files kept the bytes in its rows: they are read
// as they are, and what comes now goes to files.
TEST_F(BlobStoreTest, aStoreFromBeforeChunkFilesIsReadAsItIs)
{
    const std::string old = randomBytes(kBlobChunkSize + 20, 7);
    const std::string sha = sha256Hex(old);
    {
        SqliteDb db = SqliteDb::open(path, key);
        db.exec(kLayoutBeforeChunkFiles);
        db.prepare("INSERT INTO blobs(sha,size,local,complete,added_at,used_at) VALUES(?,?,1,1,1,1)")
            .bindAll(sha, static_cast<std::int64_t>(old.size()))
            .run();
        for (std::int64_t i = 0; i < 2; ++i)
            db.prepare("INSERT INTO chunks(sha,idx,bytes) VALUES(?,?,?)")
                .bind(1, sha)
                .bind(2, i)
                .bindBlob(3, std::string_view(old).substr(static_cast<std::size_t>(i * kBlobChunkSize),
                                                          static_cast<std::size_t>(chunkLength(old.size(), i))))
                .run();
    }
    auto store = open();
    auto bytes = store->read(sha);
    ASSERT_TRUE(bytes.ok()) << bytes.error().text();
    EXPECT_EQ(*bytes, old);
    EXPECT_EQ(store->bytesHere(), static_cast<std::int64_t>(old.size()));
    EXPECT_TRUE(store->keepOnly({sha}, 0).ok()); // the sweep leaves rows' bytes alone
    EXPECT_TRUE(store->read(sha).ok());
    const std::string added = randomBytes(3000, 8);
    auto ref = store->addBytes(added, "new.jpg", "image/jpeg");
    ASSERT_TRUE(ref.ok());
    EXPECT_EQ(files().size(), 1u);
    EXPECT_EQ(*store->read(ref->sha256), added);
}

// Chunk files are written around the page cache where the disk takes it (ext4
// here) and the usual way where it does not (tmpfs on older kernels): either
// way each file is exactly its sealed length, and reads back whole.
TEST_F(BlobStoreTest, chunkFilesAreTheirExactLengthOnEveryKindOfDisk)
{
    std::vector<std::string> places = {dir.path()};
    std::optional<TempDir> shm;
    if (fs::is_directory("/dev/shm")) {
        shm.emplace("/dev/shm");
        places.push_back(shm->path());
    }
    for (const std::string &place : places) {
        const std::string storePath = place + "/other.db.blobs";
        auto opened = BlobStore::open(storePath, key);
        ASSERT_TRUE(opened.ok()) << place << ": " << opened.error().text();
        BlobStore &store = **opened;
        const std::string attached = randomBytes(kBlobChunkSize + 777, 7);
        auto ref = store.addBytes(attached, "flyer.pdf", "application/pdf");
        ASSERT_TRUE(ref.ok()) << place << ": " << ref.error().text();
        const std::string download = randomBytes(3 * kBlobChunkSize / 2, 8);
        const std::string sha = fetched(store, download);
        std::vector<std::uintmax_t> sizes;
        for (const auto &e : fs::directory_iterator(storePath + ".d"))
            sizes.push_back(fs::file_size(e.path()));
        std::sort(sizes.begin(), sizes.end());
        // magic and nonce (16 bytes) and tag (16) around each chunk's bytes
        const auto sealedLength = [](std::int64_t bytes) { return static_cast<std::uintmax_t>(bytes + 32); };
        const std::vector<std::uintmax_t> expected = {sealedLength(777), sealedLength(kBlobChunkSize / 2),
                                                      sealedLength(kBlobChunkSize), sealedLength(kBlobChunkSize)};
        EXPECT_EQ(sizes, expected) << place;
        EXPECT_EQ(*store.read(ref->sha256), attached) << place;
        EXPECT_EQ(*store.read(sha), download) << place;
    }
}
