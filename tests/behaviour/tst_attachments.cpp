// Attachments end to end on the fake remote (the real server code in this
// process, devices running the real engine): files travel on their own
// queue after the records, survive every interruption byte for byte, merge
// by union, leave a device with their scope, and bad files change nothing.
#include "fakeremote.h"

#include "attach.h"
#include "blobsync.h"
#include "exifphoto.h"
#include "jpegthumb.h"
#include "phototime.h"
#include "process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <tuple>

using namespace kyodo;
using namespace kyodo::test;

namespace {

const char *kVisitNote = "accompaniment.visit_note";
const char *kToday = "2019-05-01";

json visitNote()
{
    return {{"visited_at", "2019-05-01T10:00"},
            {"group_name", "港北まちづくりの会"},
            {"supporter", "佐藤"},
            {"kind", "visit"},
            {"summary", "ホワイトボードを撮影"}};
}

// Random bytes; by default a JPEG around them (its head and its end), as a photo.
std::string randomBytes(std::size_t size, unsigned seed, bool asJpeg = true)
{
    if (asJpeg)
        return test::jpegOfSize(size, seed);
    std::mt19937 rng(seed);
    std::string out(size, '\0');
    for (char &c : out)
        c = static_cast<char>(rng() & 0xff);
    return out;
}

class Attachments : public ::testing::Test {
protected:
    void SetUp() override
    {
        remote->addUser("sato", {"group:g1"}, "supporter"), remote->addUser("kato", {"group:g1"}, "supporter");
    }

    void TearDown() override
    {
        EXPECT_EQ(remote->syncUntilQuiet(), "");
        const Convergence c = remote->check();
        EXPECT_TRUE(c.ok()) << c.text();
    }

    std::string file(const std::string &name, const std::string &bytes)
    {
        const std::string path = dir.file(name);
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    BlobStore &blobsOf(FakeDevice &d)
    {
        auto &slot = stores[d.name];
        if (!slot) {
            auto opened = BlobStore::openBeside(d.path);
            if (!opened)
                throw std::runtime_error(opened.error().text());
            slot = std::move(opened.value());
        }
        return *slot;
    }

    // The app closed and opened again: the blob store is read from its file.
    void reopenBlobs(FakeDevice &d) { stores.erase(d.name); }

    Result<BlobReport> syncFiles(FakeDevice &d, const std::string &today = kToday)
    {
        auto plan = planBlobs(*d.replica, today);
        if (!plan)
            return plan.error();
        return BlobSync(blobsOf(d), *d.channel).run(*plan);
    }

    void syncOk(FakeDevice &d)
    {
        auto r = d.sync();
        ASSERT_TRUE(r.ok()) << d.name << ": " << r.error().text();
    }

    std::string newNote(FakeDevice &d)
    {
        auto id = d.create(kVisitNote, "group:g1", visitNote());
        EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().text());
        return id.ok() ? *id : std::string();
    }

    // A committee meeting `number` held on `heldOn`, made by `clerk`, with
    // one paper (a PDF) among its documents.
    std::string meetingWithPaper(FakeDevice &clerk, int number, const std::string &heldOn, const std::string &paper)
    {
        auto id = clerk.create(
            "committee.meeting", "committee",
            {{"term", 3}, {"number", number}, {"title", "推進委員会"}, {"held_on", heldOn}, {"status", "planned"}});
        EXPECT_TRUE(id) << (id ? "" : id.error().text());
        if (!id)
            return {};
        auto added = attachFiles(*clerk.replica, blobsOf(clerk), *id, "documents",
                                 {{file("paper" + std::to_string(number) + ".pdf", paper), {}, {}, {}, {}}});
        EXPECT_TRUE(added) << (added ? "" : added.error().text());
        return *id;
    }

    // The committee's clerk, who makes meetings, and a member's tablet.
    std::pair<FakeDevice &, FakeDevice &> clerkAndTablet()
    {
        remote->addUser("ito", {"committee"}, "committee");
        remote->addUser("abe", {"committee"}, "committee");
        return {remote->addDevice("clerk", "ito"), remote->addDevice("tablet", "abe")};
    }

    json photosOf(FakeDevice &d, const std::string &id)
    {
        auto v = d.view(id);
        return v ? v->fields.value("photos", json::array()) : json();
    }

    TempDir dir;
    std::unique_ptr<FakeRemote> remote = std::make_unique<FakeRemote>(dir.path());
    std::map<std::string, std::unique_ptr<BlobStore>> stores;
};

bool chunkRequest(const ApiRequest &r, const std::string &method, int index)
{
    return r.method == method && r.path.ends_with("/chunks/" + std::to_string(index));
}

TEST_F(Attachments, anUploadResumesAfterEveryInterruptionAndEndsByteIdentical)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string photo = randomBytes(static_cast<std::size_t>(3 * kBlobChunkSize + 12345), 1);
    const std::string id = newNote(a);
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("whiteboard.jpg", photo), {}, {}, {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    const std::string sha = added->front().sha256;
    EXPECT_EQ(sha, sha256Hex(photo));
    EXPECT_EQ(added->front().mime, "image/jpeg");

    // The record goes at once; its photo waits for the file queue.
    syncOk(a);
    syncOk(b);
    EXPECT_EQ(photosOf(b, id).size(), 1u);

    // Connection lost before chunk 1 arrives; the answer to chunk 2 lost after it arrived.
    remote->network().failNextWhere(Fault::DropRequest, [](const ApiRequest &r) { return chunkRequest(r, "POST", 1); });
    EXPECT_FALSE(syncFiles(a));
    EXPECT_EQ(blobsOf(a).state(sha)->sentChunks, 1);
    remote->network().failNextWhere(Fault::DropResponse,
                                    [](const ApiRequest &r) { return chunkRequest(r, "POST", 2); });
    EXPECT_FALSE(syncFiles(a));
    // The server restarts and the app is closed and opened again.
    remote->server().restart();
    a.reopen();
    reopenBlobs(a);
    auto rest = syncFiles(a);
    ASSERT_TRUE(rest) << rest.error().text();
    EXPECT_EQ(rest->uploaded, 1);
    // Only what the server did not have went again: chunk 3 (chunk 2 had arrived).
    EXPECT_EQ(rest->bytesUp, chunkLength(static_cast<std::int64_t>(photo.size()), 3));
    EXPECT_TRUE(blobsOf(a).state(sha)->uploaded);

    // Another device downloads it on demand, interrupted half way.
    ASSERT_TRUE(blobsOf(b).want(sha, static_cast<std::int64_t>(photo.size()), false));
    remote->network().failNextWhere(Fault::DropResponse, [](const ApiRequest &r) { return chunkRequest(r, "GET", 2); });
    EXPECT_FALSE(syncFiles(b));
    reopenBlobs(b);
    EXPECT_EQ(blobsOf(b).state(sha)->chunksHere, 2);
    auto down = syncFiles(b);
    ASSERT_TRUE(down) << down.error().text();
    EXPECT_EQ(down->downloaded, 1);
    EXPECT_EQ(down->bytesDown, static_cast<std::int64_t>(photo.size()) - 2 * kBlobChunkSize);
    auto bytes = blobsOf(b).read(sha);
    ASSERT_TRUE(bytes) << bytes.error().text();
    EXPECT_TRUE(*bytes == photo);
}

TEST_F(Attachments, twoPeopleAddingPhotosToOneVisitNoteKeepBoth)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string first = randomBytes(3000, 11);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("first.jpg", first), {}, {}, {}, {}}}));
    syncOk(a);
    syncOk(b);
    // Both offline, each adds a photo to the same note (each saw the first one).
    const std::string flyer = randomBytes(5000, 2), board = randomBytes(7000, 3);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("flyer.jpg", flyer), {}, {}, {}, {}}}));
    ASSERT_TRUE(attachFiles(*b.replica, blobsOf(b), id, "photos", {{file("board.jpg", board), {}, {}, {}, {}}}));
    syncOk(a);
    syncOk(b);
    syncOk(a);
    for (FakeDevice *d : {&a, &b}) {
        const json photos = photosOf(*d, id);
        ASSERT_EQ(photos.size(), 3u) << d->name << ": " << photos.dump();
        EXPECT_EQ(photos[0]["sha256"], sha256Hex(first)) << d->name;
        EXPECT_EQ(photos[1]["sha256"], sha256Hex(flyer)) << d->name;
        EXPECT_EQ(photos[2]["sha256"], sha256Hex(board)) << d->name;
    }
    // No conflict for a person to resolve.
    EXPECT_TRUE(a.replica->conflicts(true)->empty());
    EXPECT_TRUE(b.replica->conflicts(true)->empty());
    // One removes the first photo while the other adds a fourth: both happen.
    const std::string firstSha = photosOf(a, id)[0]["sha256"].get<std::string>();
    ASSERT_TRUE(a.save([&] { return detachFile(*a.replica, id, "photos", firstSha); }));
    // Taking off a file the record does not list says so and changes nothing.
    auto again = detachFile(*a.replica, id, "photos", firstSha);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "not_found");
    const std::string fourth = randomBytes(2000, 12);
    ASSERT_TRUE(attachFiles(*b.replica, blobsOf(b), id, "photos", {{file("fourth.jpg", fourth), {}, {}, {}, {}}}));
    syncOk(a);
    syncOk(b);
    syncOk(a);
    for (FakeDevice *d : {&a, &b}) {
        const json photos = photosOf(*d, id);
        ASSERT_EQ(photos.size(), 3u) << d->name << ": " << photos.dump();
        EXPECT_EQ(photos[2]["sha256"], sha256Hex(fourth)) << d->name;
        EXPECT_EQ(photos[0]["sha256"], sha256Hex(flyer)) << d->name;
    }
    ASSERT_TRUE(syncFiles(a));
    ASSERT_TRUE(syncFiles(b));
    // Each can fetch the other's.
    ASSERT_TRUE(blobsOf(a).want(sha256Hex(board), 7000, false));
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(flyer), 5000, false));
    ASSERT_TRUE(syncFiles(a));
    ASSERT_TRUE(syncFiles(b));
    EXPECT_TRUE(*blobsOf(a).read(sha256Hex(board)) == board);
    EXPECT_TRUE(*blobsOf(b).read(sha256Hex(flyer)) == flyer);
}

TEST_F(Attachments, photosPickedForANoteNotYetSavedLiveInItsDraftUntilTheNoteIsSaved)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const FieldDef *photos = a.replica->schemas()->type(kVisitNote)->field("photos");
    ASSERT_NE(photos, nullptr);
    const std::string photo = randomBytes(kBlobChunkSize + 500, 31), thumb = randomBytes(900, 32);
    auto staged = stageBytes(blobsOf(a), *photos, {{photo, "board.jpg", "image/jpeg", "2019-05-01T01:00:00Z", thumb}});
    ASSERT_TRUE(staged) << staged.error().text();
    ASSERT_EQ(staged->size(), 1u);
    const AttachmentRef ref = staged->front();
    EXPECT_EQ(ref.sha256, sha256Hex(photo));
    EXPECT_EQ(ref.thumb, sha256Hex(thumb));
    // The quick entry keeps its draft as the supporter types and picks.
    ASSERT_TRUE(a.replica->saveDraft(Draft{"page:visit",
                                           kVisitNote,
                                           "group:g1",
                                           "",
                                           {{"summary", "ホワイトボード"}, {"photos", json::array({ref.toJson()})}},
                                           ""}));
    auto plan = planBlobs(*a.replica, kToday);
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->referenced.count(ref.sha256) && plan->referenced.count(ref.thumb));
    EXPECT_TRUE(plan->draftOnly.count(ref.sha256));
    // Days later the photo is still there (the draft names it), and nothing
    // went to the server: no record names it yet.
    ASSERT_TRUE(blobsOf(a).keepOnly(plan->referenced, 0));
    auto round = syncFiles(a);
    ASSERT_TRUE(round) << round.error().text();
    EXPECT_EQ(round->uploaded, 0);
    EXPECT_EQ(round->bytesUp, 0);
    // The app closes and opens again; the note is saved and its photos attached.
    reopenBlobs(a);
    ASSERT_TRUE(blobsOf(a).state(ref.sha256)->complete);
    const std::string id = newNote(a);
    ASSERT_TRUE(a.save([&] { return attachStaged(*a.replica, blobsOf(a), id, "photos", *staged); }));
    ASSERT_TRUE(a.replica->discardDraft("page:visit"));
    syncOk(a);
    round = syncFiles(a);
    ASSERT_TRUE(round) << round.error().text();
    EXPECT_GE(round->uploaded, 1);
    syncOk(b);
    ASSERT_TRUE(blobsOf(b).want(ref.sha256, ref.size, false));
    ASSERT_TRUE(syncFiles(b));
    EXPECT_TRUE(*blobsOf(b).read(ref.sha256) == photo);
    // A draft's file whose bytes are not here is refused, and the record stays as it was.
    AttachmentRef lost = ref;
    lost.sha256 = sha256Hex("never stored");
    auto refused = attachStaged(*a.replica, blobsOf(a), id, "photos", {lost});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "attachment_unreadable");
    EXPECT_EQ(photosOf(a, id).size(), 1u);
    // Without the draft, a file no record names goes.
    ASSERT_TRUE(a.replica->saveDraft(Draft{"page:visit", kVisitNote, "group:g1", "", {{"summary", "x"}}, ""}));
    const std::string other = randomBytes(700, 33);
    auto orphan = stageBytes(blobsOf(a), *photos, {{other, "x.jpg", "image/jpeg", "", ""}});
    ASSERT_TRUE(orphan);
    plan = planBlobs(*a.replica, kToday);
    ASSERT_TRUE(plan);
    ASSERT_TRUE(blobsOf(a).keepOnly(plan->referenced, 0));
    EXPECT_FALSE(blobsOf(a).state(sha256Hex(other)));
    EXPECT_TRUE(blobsOf(a).state(ref.sha256)->complete);
}

TEST_F(Attachments, aPhotoIsDatedWhenTheCameraTookItNotWhenItWasCopied)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string shot = test::jpegWithExif(true, "2019:04:30 18:05:00") + randomBytes(4000, 41, false);
    const std::string path = file("IMG_0001.JPG", shot);
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos", {{path, {}, {}, {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    EXPECT_EQ(photosOf(a, id)[0]["taken_at"], "2019-04-30T18:05:00+09:00");
    // A photo without a camera time has none (its file time says when it was copied).
    const std::string plain = randomBytes(3000, 42);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("scan.jpg", plain), {}, {}, {}, {}}}));
    EXPECT_FALSE(photosOf(a, id)[1].contains("taken_at"));
}

// A file the record's edit would refuse is refused before a byte of it is
// stored: nothing is left on the device to wait for a record that never names it.
TEST_F(Attachments, anAttachTheRecordWouldRefuseStoresNothing)
{
    remote->addUser("ito", {"group:g2"}, "supporter");
    remote->server().grant("ito", "group:g1", server::GrantAccess::Read);
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &reader = remote->addDevice("reader", "ito");
    const std::string id = newNote(a);
    syncOk(a);
    syncOk(reader);
    const std::string photo = test::jpegOfSize(3000, 7);
    auto refused =
        attachFiles(*reader.replica, blobsOf(reader), id, "photos", {{file("read-only.jpg", photo), {}, {}, {}, {}}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, "read_only_scope");
    EXPECT_FALSE(blobsOf(reader).state(sha256Hex(photo))) << "stored for a record that can never name it";
    EXPECT_EQ(blobsOf(reader).bytesHere(), 0);

    // One file past the most a field takes: refused as such, nothing stored.
    std::vector<FileToAttach> many;
    for (std::size_t i = 0; i <= kMaxAttachmentsPerField; ++i)
        many.push_back({file("p" + std::to_string(i) + ".jpg", test::jpegOfSize(3000, 100 + i)), {}, {}, {}, {}});
    auto tooMany = attachFiles(*a.replica, blobsOf(a), id, "photos", many);
    ASSERT_FALSE(tooMany);
    EXPECT_NE(tooMany.error().messageJa.find("100 件まで"), std::string::npos) << tooMany.error().messageJa;
    EXPECT_EQ(blobsOf(a).bytesHere(), 0);
}

// kyodoctl attaches a photo from a file as it is, except where the camera
// said it was: gone, unless the field asks for it; its time stays, in an
// EXIF block of the engine's own.
TEST_F(Attachments, aPhotoAttachedFromAFileLeavesItsLocationBehind)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string shot = test::jpegWithLocation("2019:04:30", "2019:04:30 18:05:00");
    ASSERT_NE(shot.find("2019:04:30\0", 0), std::string::npos);
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("gps.jpg", shot), {}, {}, {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    const std::string kept = *blobsOf(a).read(added->front().sha256);
    EXPECT_TRUE(kept.ends_with(shot.substr(shot.find("\xFF\xDA")))) << "the picture itself is as it was";
    EXPECT_EQ(added->front().size, static_cast<std::int64_t>(kept.size()));
    EXPECT_EQ(kept.find(std::string("2019:04:30\0", 11)), std::string::npos) << "the GPS block is still there";
    EXPECT_EQ(photoTakenAt(kept), "2019-04-30T18:05:00+09:00");
    EXPECT_EQ(added->front().takenAt, "2019-04-30T18:05:00+09:00");

    // A PNG holds it in an eXIf chunk: the chunk is written anew with the
    // time (and which way up) only, the picture stays.
    const std::string png = test::pngWithLocation("2019:04:30", "2019:04:30 18:05:00");
    auto fromPng = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("map.png", png), {}, {}, {}, {}}});
    ASSERT_TRUE(fromPng) << fromPng.error().text();
    const std::string keptPng = *blobsOf(a).read(fromPng->front().sha256);
    EXPECT_EQ(fromPng->front().mime, "image/png");
    EXPECT_EQ(keptPng.find(std::string("2019:04:30\0", 11)), std::string::npos) << "the GPS block is still there";
    EXPECT_EQ(photoTakenAt(keptPng), "2019-04-30T18:05:00+09:00");
    EXPECT_EQ(fromPng->front().takenAt, "2019-04-30T18:05:00+09:00");
    EXPECT_TRUE(keptPng.ends_with(std::string("IEND\xAE\x42\x60\x82", 8)));
    EXPECT_EQ(fromPng->front().size, static_cast<std::int64_t>(keptPng.size()));

    // The limit holds for what is stored: a photo at the limit whose EXIF
    // block is written anew a little longer is refused, and nothing is kept.
    const std::string camera = test::jpegWithExif(true, "", {}, "2019:05:01 10:00:00");
    const std::int64_t limit = 20 * 1024 * 1024; // the visit note's photos: max_mb 20
    std::string atLimit = camera.substr(0, camera.size() - 2);
    atLimit += std::string(static_cast<std::size_t>(limit) - atLimit.size() - 2, '\x55') + "\xFF\xD9";
    const std::int64_t before = blobsOf(a).bytesHere();
    auto over = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("full.jpg", atLimit), {}, {}, {}, {}}});
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, "attachment_too_large");
    EXPECT_EQ(blobsOf(a).bytesHere(), before);

    // A kind whose places are not known here (an iPhone's HEIC) is refused,
    // in Japanese, and the note keeps the two it had.
    const std::string heic = std::string("\0\0\0\x18", 4) + "ftypheic" + std::string(12, '\0') + "Exif GPS";
    auto refused = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("IMG_0001.HEIC", heic), {}, {}, {}, {}}});
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().text().find("位置情報"), std::string::npos) << refused.error().text();
    EXPECT_EQ(photosOf(a, id).size(), 2u);

    // A PNG whose chunks cannot be followed is damaged, not of a kind to be
    // made "a JPEG or PNG".
    const std::string broken = std::string("\x89PNG\r\n\x1A\n", 8) + test::pngChunk("IHDR", std::string(13, '\x01')) +
                               test::pngChunk("GPSX", "35.44") + test::pngChunk("IDAT", "x") +
                               test::pngChunk("IEND", "");
    auto damaged = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("broken.png", broken), {}, {}, {}, {}}});
    ASSERT_FALSE(damaged);
    EXPECT_EQ(damaged.error().code, "attachment_damaged");
    EXPECT_NE(damaged.error().messageJa.find("壊れています"), std::string::npos) << damaged.error().messageJa;
    EXPECT_EQ(damaged.error().messageJa.find("JPEG か PNG"), std::string::npos) << damaged.error().messageJa;
    EXPECT_EQ(photosOf(a, id).size(), 2u);
}

// A photo a camera took held sideways (EXIF orientation 6): red on its left,
// blue on its right as stored, so red on top once turned upright.
std::string sidewaysPhoto()
{
    RgbImage image;
    image.width = 800;
    image.height = 400;
    image.rgb.resize(800 * 400 * 3);
    for (int y = 0; y < 400; ++y)
        for (int x = 0; x < 800; ++x)
            image.rgb[(static_cast<std::size_t>(y) * 800 + x) * 3 + (x < 400 ? 0 : 2)] = 255;
    const std::string jpeg = encodeJpeg(image, 90).value();
    const std::string tiff("MM\0\x2A\0\0\0\x08"                 // big-endian, IFD0 at 8
                           "\0\x01"                             // one entry:
                           "\x01\x12\0\x03\0\0\0\x01\0\x06\0\0" // Orientation, SHORT, 1: 6
                           "\0\0\0\0",
                           26);
    const std::string app1 = std::string("\xFF\xE1\0\x22", 4) + std::string("Exif\0\0", 6) + tiff;
    return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

// kyodoctl attaches by path: a photo gets its preview there, upright, as
// one picked in the app does; a file that does not decode goes without.
TEST_F(Attachments, aPhotoAttachedFromAFileGetsAnUprightPreview)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string photo = sidewaysPhoto();
    ASSERT_EQ(photoOrientation(photo), 6);
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("board.jpg", photo), {}, {}, {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    const std::string thumb = added->front().thumb;
    ASSERT_FALSE(thumb.empty());
    EXPECT_EQ(photosOf(a, id)[0].value("thumb", ""), thumb);
    auto preview = blobsOf(a).read(thumb);
    ASSERT_TRUE(preview) << preview.error().text();
    auto pixels = decodeJpeg(*preview);
    ASSERT_TRUE(pixels);
    EXPECT_EQ(pixels->width, 128);
    EXPECT_EQ(pixels->height, 256);
    const auto at = [&](int x, int y, int c) {
        return pixels->rgb[(static_cast<std::size_t>(y) * pixels->width + x) * 3 + c];
    };
    EXPECT_GT(at(64, 32, 0), 200); // top: red
    EXPECT_LT(at(64, 32, 2), 60);
    EXPECT_GT(at(64, 224, 2), 200); // bottom: blue
    EXPECT_LT(at(64, 224, 0), 60);

    const std::string noPicture = test::jpegWithExif(true, "2019:05:01 10:00:00");
    auto plain = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("head.jpg", noPicture), {}, {}, {}, {}}});
    ASSERT_TRUE(plain) << plain.error().text();
    EXPECT_TRUE(plain->front().thumb.empty());
}

TEST_F(Attachments, aRoundStoppedAsTheAppClosesResumesOnTwoConnectionsAndEndsByteIdentical)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(6 * kBlobChunkSize + 321, 51);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("many.jpg", photo), {}, {}, {}, {}}}));
    syncOk(a);
    const std::string sha = sha256Hex(photo);
    // The app closes two chunks into the upload: the round ends without error.
    std::atomic<bool> closing{false};
    auto plan = planBlobs(*a.replica, kToday);
    ASSERT_TRUE(plan);
    auto cut = BlobSync(blobsOf(a), *a.channel, BlobSyncOptions{true, BlobSyncOptions::kLanes, &closing})
                   .run(*plan, [&](const BlobProgress &p) {
                       if (p.doneBytes >= 2 * kBlobChunkSize)
                           closing = true;
                   });
    ASSERT_TRUE(cut) << cut.error().text();
    EXPECT_TRUE(cut->stopped);
    EXPECT_EQ(cut->uploaded, 0);
    EXPECT_LT(blobsOf(a).state(sha)->sentChunks, chunkCount(static_cast<std::int64_t>(photo.size())));
    // Opened again: the rest goes, on two connections, and arrives whole.
    reopenBlobs(a);
    auto rest = BlobSync(blobsOf(a), *a.channel, BlobSyncOptions{true, BlobSyncOptions::kLanes, nullptr}).run(*plan);
    ASSERT_TRUE(rest) << rest.error().text();
    EXPECT_EQ(rest->uploaded, 1);
    EXPECT_FALSE(rest->stopped);
    EXPECT_LT(rest->bytesUp, static_cast<std::int64_t>(photo.size()));
    syncOk(b);
    ASSERT_TRUE(blobsOf(b).want(sha, static_cast<std::int64_t>(photo.size()), false));
    auto planB = planBlobs(*b.replica, kToday);
    ASSERT_TRUE(planB);
    auto down = BlobSync(blobsOf(b), *b.channel, BlobSyncOptions{true, BlobSyncOptions::kLanes, nullptr}).run(*planB);
    ASSERT_TRUE(down) << down.error().text();
    EXPECT_TRUE(*blobsOf(b).read(sha) == photo);
}

TEST_F(Attachments, aRevokedScopeTakesItsFilesOffTheDevice)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(4000, 4);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("p.jpg", photo), {}, {}, {}, {}}}));
    syncOk(a);
    ASSERT_TRUE(syncFiles(a));
    syncOk(b);
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(photo), 4000, false));
    ASSERT_TRUE(syncFiles(b));
    ASSERT_TRUE(blobsOf(b).state(sha256Hex(photo))->complete);

    remote->server().revoke("kato", "group:g1");
    syncOk(b);
    auto files = syncFiles(b);
    ASSERT_TRUE(files) << files.error().text();
    EXPECT_EQ(files->dropped, 1);
    EXPECT_FALSE(blobsOf(b).state(sha256Hex(photo)));
    EXPECT_EQ(blobsOf(b).bytesHere(), 0);
    // The one who may still read it keeps it.
    EXPECT_TRUE(blobsOf(a).state(sha256Hex(photo))->complete);
}

TEST_F(Attachments, badFilesAreRefusedAndNothingSavedIsTouched)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const json before = a.view(id)->fields;
    const std::string huge = dir.file("huge.jpg");
    file("huge.jpg", "\xFF\xD8\xFF\xE0");
    std::filesystem::resize_file(huge, 21 * 1024 * 1024); // over the visit note's 20 MB
    struct Case {
        std::string path, field, code;
    };
    const std::vector<Case> cases = {
        {huge, "photos", "attachment_too_large"},
        {file("minutes.pdf", "%PDF-1.4 minutes"), "photos", "attachment_type"},
        {dir.file("missing.jpg"), "photos", "attachment_unreadable"},
        {dir.path(), "photos", "attachment_unreadable"},
        {file("ok.jpg", randomBytes(100, 5)), "summary", "wrong_type"},
        {file("empty.jpg", ""), "photos", "attachment_empty"},
        // Cut short: a photo's first half, a photo's head alone, a paper without its end.
        {file("half.jpg", randomBytes(6000, 7).substr(0, 3000)), "photos", "attachment_damaged"},
        {file("head.jpg", randomBytes(6000, 7).substr(0, 60)), "photos", "attachment_damaged"},
        {file("junk.jpg", randomBytes(3000, 8, false).insert(0, "\xFF\xD8\xFF\xE0")), "photos", "attachment_damaged"},
        {file("half.png", std::string("\x89PNG\r\n\x1A\n", 8) + randomBytes(500, 9, false)), "photos",
         "attachment_damaged"},
    };
    for (const Case &c : cases) {
        auto r = attachFiles(*a.replica, blobsOf(a), id, c.field, {{c.path, {}, {}, {}, {}}});
        ASSERT_FALSE(r) << c.path;
        EXPECT_EQ(r.error().code, c.code) << c.path << ": " << r.error().text();
        EXPECT_FALSE(r.error().messageJa.empty());
        EXPECT_EQ(a.view(id)->fields, before) << c.path;
    }
    // One refused file among good ones attaches none of them.
    auto mixed = attachFiles(*a.replica, blobsOf(a), id, "photos",
                             {{file("good.jpg", randomBytes(100, 6)), {}, {}, {}, {}}, {huge, {}, {}, {}, {}}});
    EXPECT_FALSE(mixed);
    EXPECT_EQ(a.view(id)->fields, before);
    EXPECT_EQ(blobsOf(a).bytesHere(), 0);
    // Bytes made on the device are held to the same: none empty, none cut short.
    for (const auto &[bytes, code] : std::vector<std::pair<std::string, std::string>>{
             {"", "attachment_empty"}, {randomBytes(6000, 7).substr(0, 3000), "attachment_damaged"}}) {
        auto made = attachBytes(*a.replica, blobsOf(a), id, "photos", {{bytes, "shot.jpg", "image/jpeg", {}, {}}});
        ASSERT_FALSE(made);
        EXPECT_EQ(made.error().code, code);
    }
    // A kind given by the caller is held to the bytes, as the server holds
    // them, and so is a preview to a JPEG's.
    const std::string page = "<html><script>alert(1)</script></html>";
    auto said = attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("page.jpg", page), {}, "image/jpeg", {}, {}}});
    ASSERT_FALSE(said);
    EXPECT_EQ(said.error().code, "attachment_kind");
    EXPECT_NE(said.error().messageJa.find("image/jpeg"), std::string::npos) << said.error().messageJa;
    auto made = attachBytes(*a.replica, blobsOf(a), id, "photos", {{page, "shot.jpg", "image/jpeg", {}, {}}});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().code, "attachment_kind");
    made = attachBytes(*a.replica, blobsOf(a), id, "photos",
                       {{randomBytes(3000, 12), "shot.jpg", "image/jpeg", {}, std::string("\x89PNG\r\n\x1A\n", 8)}});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().code, "attachment_kind");
    EXPECT_EQ(a.view(id)->fields, before);
    EXPECT_EQ(blobsOf(a).bytesHere(), 0);
    // A whole photo with more after its end (a phone's motion photo) is whole.
    EXPECT_TRUE(
        attachFiles(*a.replica, blobsOf(a), id, "photos",
                    {{file("motion.jpg", randomBytes(3000, 10) + randomBytes(2000, 11, false)), {}, {}, {}, {}}}));
}

TEST(OpeningElsewhere, aFileIsWrittenForAnotherProgramUnderTheKindOfItsBytesNeverUnderItsListedName)
{
    const std::string pdf = "%PDF-1.7\n%\xE2\xE3";
    const auto named = [](const std::string &name, const std::string &mime, const std::string &head) {
        return nameToOpenWith(AttachmentRef{sha256Hex(head), name, mime, 100, {}, {}}, head);
    };
    EXPECT_EQ(named("議事録.pdf", "application/pdf", pdf).value(), "議事録.pdf");
    // A name from another device's record does not pick the program.
    EXPECT_EQ(named("議事録.html", "application/pdf", pdf).value(), "議事録.pdf");
    EXPECT_EQ(named("run.desktop", "application/pdf", pdf).value(), "run.pdf");
    EXPECT_EQ(named("資料", "application/pdf", pdf).value(), "資料.pdf");
    EXPECT_EQ(named("board.JPG", "image/jpeg", "\xFF\xD8\xFF\xE1").value(), "board.jpg");
    // A name of 100 kanji (300 bytes) is cut to fit a file name, at a character's start.
    std::string longName;
    for (int i = 0; i < 100; ++i)
        longName += "議";
    const std::string cut = named(longName, "application/pdf", pdf).value();
    EXPECT_LE(cut.size(), 255u);
    EXPECT_EQ(cut, longName.substr(0, 249) + ".pdf");
    // Bytes that are not the kind the record says, or of no kind a viewer is for, are not opened.
    for (const auto &[name, mime, head] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"scan.pdf", "application/pdf", "<html><script>"},
             {"p.jpg", "image/jpeg", pdf},
             {"notes.txt", "text/plain", "minutes"}}) {
        auto r = named(name, mime, head);
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(r.error().code, "attachment_kind") << name;
        EXPECT_NE(r.error().messageJa.find(name), std::string::npos);
    }
}

TEST_F(Attachments, bytesThatDoNotMatchTheirHashAreNeverKept)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(static_cast<std::size_t>(kBlobChunkSize + 10), 7);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("p.jpg", photo), {}, {}, {}, {}}}));
    syncOk(a);
    ASSERT_TRUE(syncFiles(a));
    syncOk(b);
    const std::string sha = sha256Hex(photo);
    ASSERT_TRUE(blobsOf(b).want(sha, static_cast<std::int64_t>(photo.size()), false));
    // A proxy hands back something else for chunk 0.
    remote->network().failNext(Fault::Answer, "/v1/blobs/" + sha + "/chunks/0", 200, "not the photo");
    auto r = syncFiles(b);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "hash_mismatch");
    EXPECT_EQ(blobsOf(b).state(sha)->chunksHere, 0);
    // A stored chunk that is right on its own but a whole that is not: dropped, fetched again.
    EXPECT_TRUE(blobsOf(b).putChunk(sha, 0, photo.substr(0, kBlobChunkSize)));
    const Status wrongWhole = blobsOf(b).putChunk(sha, 1, std::string(10, 'x'));
    ASSERT_FALSE(wrongWhole);
    EXPECT_EQ(wrongWhole.error().code, "hash_mismatch");
    EXPECT_EQ(blobsOf(b).state(sha)->chunksHere, 0);
    EXPECT_FALSE(blobsOf(b).state(sha)->complete);
    ASSERT_TRUE(syncFiles(b));
    EXPECT_TRUE(*blobsOf(b).read(sha) == photo);
}

TEST_F(Attachments, meetingPapersOfTheNextSevenDaysAreFetchedAheadAndKept)
{
    auto [clerk, tablet] = clerkAndTablet();
    const std::string soon = "%PDF-1.7 agenda for next week" + randomBytes(3000, 8, false) + "\n%%EOF\n",
                      later = "%PDF-1.7 later" + randomBytes(3000, 9, false) + "\n%%EOF\n";
    meetingWithPaper(clerk, 6, "2019-05-07T14:00", soon);
    meetingWithPaper(clerk, 7, "2019-06-20T14:00", later);
    syncOk(clerk);
    ASSERT_TRUE(syncFiles(clerk));
    syncOk(tablet);
    auto r = syncFiles(tablet, "2019-05-01");
    ASSERT_TRUE(r) << r.error().text();
    EXPECT_EQ(r->downloaded, 1);
    EXPECT_TRUE(blobsOf(tablet).state(sha256Hex(soon))->complete);
    EXPECT_TRUE(blobsOf(tablet).state(sha256Hex(soon))->pinned);
    EXPECT_FALSE(blobsOf(tablet).state(sha256Hex(later)));
    // A tiny cache lets fetched files go, but not the papers of the coming meeting.
    ASSERT_TRUE(blobsOf(tablet).want(sha256Hex(later), static_cast<std::int64_t>(later.size()), false));
    blobsOf(tablet).setCacheLimit(1);
    ASSERT_TRUE(syncFiles(tablet, "2019-05-01"));
    EXPECT_TRUE(blobsOf(tablet).state(sha256Hex(soon))->complete);
    EXPECT_FALSE(blobsOf(tablet).state(sha256Hex(later))->complete);
}

// A meeting's day is Japan's: one at 08:30 in Yokohama written in UTC
// (the evening before) is today's meeting, and one at 01:00 on the eighth day,
// written as the seventh's evening in UTC, is not yet within the seven days.
TEST_F(Attachments, aMeetingWrittenInUtcIsFetchedAheadByItsDayInJapan)
{
    auto [clerk, tablet] = clerkAndTablet();
    std::vector<std::string> papers;
    for (const auto &[number, heldOn] : {std::pair{8, "2019-04-30T23:30:00Z"}, std::pair{9, "2019-05-08T16:00:00Z"}}) {
        papers.push_back("%PDF-1.7 meeting " + std::to_string(number) + randomBytes(2000, number, false) + "\n%%EOF\n");
        meetingWithPaper(clerk, number, heldOn, papers.back());
    }
    syncOk(clerk);
    ASSERT_TRUE(syncFiles(clerk));
    syncOk(tablet);
    auto r = syncFiles(tablet, "2019-05-01");
    ASSERT_TRUE(r) << r.error().text();
    EXPECT_EQ(r->downloaded, 1);
    ASSERT_TRUE(blobsOf(tablet).state(sha256Hex(papers[0])));
    EXPECT_TRUE(blobsOf(tablet).state(sha256Hex(papers[0]))->pinned);
    EXPECT_FALSE(blobsOf(tablet).state(sha256Hex(papers[1])));
}

TEST_F(Attachments, aServerLowOnDiskTakesNoFilesButRecordsAndFetchingGoOnAndTheDeviceSaysWhy)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    // One photo on the server already, for b to fetch.
    const std::string first = randomBytes(300000, 21);
    const std::string firstNote = newNote(a);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), firstNote, "photos", {{file("first.jpg", first), {}, {}, {}, {}}}));
    syncOk(a);
    ASSERT_TRUE(syncFiles(a));

    // A flyer b photographed too, already sent from b.
    const std::string flyer = randomBytes(100000, 25);
    const std::string flyerNote = newNote(b);
    ASSERT_TRUE(attachFiles(*b.replica, blobsOf(b), flyerNote, "photos", {{file("flyer.jpg", flyer), {}, {}, {}, {}}}));
    syncOk(b);
    ASSERT_TRUE(syncFiles(b));

    // The operator's reserve is more than the disk has free.
    remote->server().keepFree(dir.path(), std::numeric_limits<std::int64_t>::max() / 2);
    const std::string id = newNote(a);
    std::vector<FileToAttach> three;
    for (int i = 0; i < 2; ++i)
        three.push_back({file("board" + std::to_string(i) + ".jpg", randomBytes(200000, 22 + i)), {}, {}, {}, {}});
    three.push_back({file("flyer.jpg", flyer), {}, {}, {}, {}});
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos", three);
    ASSERT_TRUE(added) << added.error().text();
    syncOk(a); // the record goes as ever
    auto held = syncFiles(a);
    ASSERT_TRUE(held) << held.error().text();
    // The flyer, whole on the server from b in the same ward, is there for
    // a too; only the boards wait for room.
    EXPECT_EQ(held->uploaded, 1);
    EXPECT_EQ(held->waiting, 2);
    ASSERT_TRUE(held->serverFull);
    EXPECT_EQ(held->serverFull->code, "storage_full");
    EXPECT_NE(held->serverFull->messageJa.find("記録の同期は続きます"), std::string::npos);
    for (const AttachmentRef &f : *added)
        EXPECT_EQ(blobsOf(a).state(f.sha256)->uploaded, f.sha256 == sha256Hex(flyer)) << f.name;

    // Another device still gets the record and fetches the photo the server has.
    syncOk(b);
    EXPECT_EQ(photosOf(b, id).size(), 3u);
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(first), static_cast<std::int64_t>(first.size()), false));
    auto fetched = syncFiles(b);
    ASSERT_TRUE(fetched) << fetched.error().text();
    EXPECT_EQ(fetched->downloaded, 1);
    EXPECT_FALSE(fetched->serverFull);

    // Room again: the waiting files go.
    remote->server().keepFree(dir.path(), 0);
    auto sent = syncFiles(a);
    ASSERT_TRUE(sent) << sent.error().text();
    EXPECT_EQ(sent->uploaded, 2);
    EXPECT_FALSE(sent->serverFull);
}

TEST_F(Attachments, aFileAlreadyOnTheRecordIsSaidUnderWhichNameItIsThere)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(50000, 31);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("board.jpg", photo), {}, {}, {}, {}}}));
    const json before = a.view(id)->fields;
    const std::int64_t stored = blobsOf(a).bytesHere();

    // The same bytes under another name, alone or beside a new file: nothing is stored or changed.
    const std::string other = file("new.jpg", randomBytes(40000, 32));
    for (const std::vector<FileToAttach> &batch :
         std::vector<std::vector<FileToAttach>>{{{file("copy.jpg", photo), {}, {}, {}, {}}},
                                                {{other, {}, {}, {}, {}}, {file("copy.jpg", photo), {}, {}, {}, {}}}}) {
        auto again = attachFiles(*a.replica, blobsOf(a), id, "photos", batch);
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().code, "attachment_listed");
        EXPECT_NE(again.error().messageJa.find("「copy.jpg」"), std::string::npos) << again.error().messageJa;
        EXPECT_NE(again.error().messageJa.find("「board.jpg」"), std::string::npos) << again.error().messageJa;
        EXPECT_EQ(a.view(id)->fields, before);
        EXPECT_EQ(blobsOf(a).bytesHere(), stored);
    }
    // One file picked twice in one go.
    auto twice =
        attachFiles(*a.replica, blobsOf(a), id, "photos",
                    {{other, {}, {}, {}, {}}, {file("other-again.jpg", randomBytes(40000, 32)), {}, {}, {}, {}}});
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, "attachment_listed");
    EXPECT_NE(twice.error().messageJa.find("「new.jpg」"), std::string::npos) << twice.error().messageJa;
    // Bytes made on the device, the same as those listed.
    const std::string listedBytes = *blobsOf(a).read(before["photos"][0]["sha256"].get<std::string>());
    // With a preview of its own, which is not stored either.
    const std::string preview = test::jpegOfSize(3000, 33);
    auto made =
        attachBytes(*a.replica, blobsOf(a), id, "photos", {{listedBytes, "shot.jpg", "image/jpeg", {}, preview}});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().code, "attachment_listed");
    EXPECT_EQ(a.view(id)->fields, before);
    EXPECT_EQ(blobsOf(a).bytesHere(), stored);
}

TEST_F(Attachments, aFileItsRecordNowCallsAnotherKindIsSaidNotSentAgainEveryRound)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    auto added = attachFiles(*a.replica, blobsOf(a), id, "photos",
                             {{file("board.jpg", randomBytes(30000, 34)), {}, {}, {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    // The entry is changed to say PNG (by a plugin, or another device's edit merged here).
    json list = a.view(id)->fields["photos"];
    list[0]["mime"] = "image/png";
    ASSERT_TRUE(a.replica->edit(id, json{{"photos", list}}));
    syncOk(a);
    auto round = syncFiles(a);
    ASSERT_TRUE(round) << round.error().text();
    EXPECT_EQ(round->uploaded, 0);
    ASSERT_EQ(round->damaged.size(), 1u);
    EXPECT_EQ(round->damaged.front().code, "kind_mismatch");
    EXPECT_NE(round->damaged.front().messageJa.find("image/png"), std::string::npos);
    EXPECT_EQ(round->bytesUp, 0) << "nothing past the first chunk goes";
    // Said right again, it goes.
    list[0]["mime"] = "image/jpeg";
    ASSERT_TRUE(a.replica->edit(id, json{{"photos", list}}));
    syncOk(a);
    auto again = syncFiles(a);
    ASSERT_TRUE(again) << again.error().text();
    EXPECT_EQ(again->uploaded, 1);
    EXPECT_TRUE(again->damaged.empty());
}

TEST_F(Attachments, aFileWhoseEntryNowSaysAnotherKindIsSaidOnTheReadersDeviceAndTheOthersStillCome)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string board = randomBytes(30000, 35), flyer = randomBytes(20000, 36);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos",
                            {{file("board.jpg", board), {}, {}, {}, {}}, {file("flyer.jpg", flyer), {}, {}, {}, {}}}));
    syncOk(a);
    ASSERT_TRUE(syncFiles(a));
    // Whole on the server, the board's entry is edited to say PNG.
    json list = a.view(id)->fields["photos"];
    for (json &entry : list)
        if (entry["sha256"] == sha256Hex(board))
            entry["mime"] = "image/png";
    ASSERT_TRUE(a.replica->edit(id, json{{"photos", list}}));
    syncOk(a);
    syncOk(b);
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(board), static_cast<std::int64_t>(board.size()), false));
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(flyer), static_cast<std::int64_t>(flyer.size()), false));
    auto round = syncFiles(b);
    ASSERT_TRUE(round) << round.error().text();
    ASSERT_EQ(round->damaged.size(), 1u);
    EXPECT_EQ(round->damaged.front().code, "kind_mismatch");
    EXPECT_NE(round->damaged.front().messageJa.find("image/png"), std::string::npos);
    EXPECT_FALSE(blobsOf(b).state(sha256Hex(board))->complete);
    EXPECT_TRUE(*blobsOf(b).read(sha256Hex(flyer)) == flyer) << "the other file still came";
}

TEST_F(Attachments, filesAreEncryptedAtRest)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(200000, 10);
    ASSERT_TRUE(attachFiles(*a.replica, blobsOf(a), id, "photos", {{file("p.jpg", photo), {}, {}, {}, {}}}));
    stores.clear();
    std::string onDisk;
    for (const char *suffix : {".blobs", ".blobs-wal"}) {
        std::ifstream in(a.path + suffix, std::ios::binary);
        onDisk += std::string(std::istreambuf_iterator<char>(in), {});
    }
    // The bytes themselves: sealed chunk files beside the store.
    for (const auto &chunk : std::filesystem::directory_iterator(a.path + ".blobs.d")) {
        std::ifstream in(chunk.path(), std::ios::binary);
        onDisk += std::string(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_GT(onDisk.size(), photo.size());
    EXPECT_EQ(onDisk.find(photo.substr(1000, 64)), std::string::npos) << "photo bytes readable in the file";
    // Without the replica's key the file does not open.
    auto wrong = BlobStore::open(a.path + ".blobs", DbKey{std::string(64, 'a'), {}});
    EXPECT_FALSE(wrong);
}

} // namespace

// Every file says where it is, on the device that attached it and on
// another: この端末のみ → 送信中 → サーバー保存済み; この端末に未取得 →
// サムネイルのみ → 受信中 → サーバー保存済み, and back to サムネイルのみ once
// the cache lets it go. A file of one chunk shows 送信中 while its chunk is
// on the way (no chunk of it is confirmed before it is all there).
TEST_F(Attachments, everyFileSaysWhereItIsOnBothDevices)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    FakeDevice &b = remote->addDevice("b", "kato");
    const std::string id = newNote(a);
    const std::string photo = randomBytes(200000, 21);
    const std::string thumb = randomBytes(3000, 22);
    auto added = attachBytes(*a.replica, blobsOf(a), id, "photos", {{photo, "board.jpg", "image/jpeg", {}, thumb}});
    ASSERT_TRUE(added) << added.error().text();
    const std::string sha = added->front().sha256, thumbSha = added->front().thumb;
    ASSERT_FALSE(thumbSha.empty());
    auto where = [&](FakeDevice &d, bool moving = false) {
        return whereIs(blobsOf(d).state(sha), blobsOf(d).state(thumbSha), moving);
    };
    EXPECT_EQ(where(a).place, FilePlace::OnlyHere);
    syncOk(a);
    // What the strip would show each time the queue reports: the photo on its way is 送信中.
    std::vector<FilePlace> seen;
    auto plan = planBlobs(*a.replica, kToday);
    ASSERT_TRUE(plan);
    auto sent = BlobSync(blobsOf(a), *a.channel).run(*plan, [&](const BlobProgress &p) {
        if (p.sha256 == sha)
            seen.push_back(where(a, true).place);
    });
    ASSERT_TRUE(sent) << sent.error().text();
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.front(), FilePlace::Uploading);
    EXPECT_EQ(where(a).place, FilePlace::OnServer);

    // Device b: the record first, no file yet; then its thumbnail (always fetched).
    syncOk(b);
    EXPECT_EQ(where(b).place, FilePlace::NotHere);
    ASSERT_TRUE(syncFiles(b));
    EXPECT_EQ(where(b).place, FilePlace::ThumbnailOnly);
    // Opened: asked for, on its way, then here.
    ASSERT_TRUE(blobsOf(b).want(sha, static_cast<std::int64_t>(photo.size()), false));
    const FileWhere asked = where(b);
    EXPECT_EQ(asked.place, FilePlace::Downloading);
    EXPECT_EQ(asked.percent, 0);
    ASSERT_TRUE(syncFiles(b));
    EXPECT_EQ(where(b).place, FilePlace::OnServer);
    // Let go by a full cache: not "downloading" for ever; its thumbnail stays.
    blobsOf(b).setCacheLimit(1);
    auto round = syncFiles(b);
    ASSERT_TRUE(round);
    EXPECT_EQ(round->evicted, 1);
    EXPECT_EQ(where(b).place, FilePlace::ThumbnailOnly);
}

// A photo whose only copy is damaged on the device (a chunk file no longer
// opens under its seal) is said in the round's report, and the other files
// still go: one bad file never holds up the queue.
TEST_F(Attachments, aPhotoDamagedOnTheDeviceIsSaidAndTheOthersStillGo)
{
    FakeDevice &a = remote->addDevice("a", "sato");
    const std::string id = newNote(a);
    const std::string damaged = randomBytes(kBlobChunkSize + 5000, 31);
    const std::string whole = randomBytes(200000, 32);
    auto added =
        attachBytes(*a.replica, blobsOf(a), id, "photos",
                    {{damaged, "flyer.jpg", "image/jpeg", {}, {}}, {whole, "board.jpg", "image/jpeg", {}, {}}});
    ASSERT_TRUE(added) << added.error().text();
    syncOk(a);
    // The damaged photo is the one of two chunks.
    std::string firstChunk;
    for (const auto &f : std::filesystem::directory_iterator(a.path + ".blobs.d"))
        if (f.path().extension() == ".1")
            firstChunk = f.path().parent_path() / (f.path().stem().string() + ".0");
    ASSERT_FALSE(firstChunk.empty());
    std::ifstream in(firstChunk, std::ios::binary);
    const std::string sealed(std::istreambuf_iterator<char>(in), {});
    std::string flipped = sealed;
    flipped[flipped.size() / 2] ^= 0x40;
    std::ofstream(firstChunk, std::ios::binary | std::ios::trunc) << flipped;

    auto round = syncFiles(a);
    ASSERT_TRUE(round) << round.error().text();
    ASSERT_EQ(round->damaged.size(), 1u);
    EXPECT_EQ(round->damaged[0].code, "hash_mismatch");
    EXPECT_NE(round->damaged[0].messageJa.find(sha256Hex(damaged)), std::string::npos);
    EXPECT_EQ(round->uploaded, 1);
    FakeDevice &b = remote->addDevice("b", "kato");
    syncOk(b);
    ASSERT_TRUE(blobsOf(b).want(sha256Hex(whole), static_cast<std::int64_t>(whole.size()), false)); // opened there
    ASSERT_TRUE(syncFiles(b));
    auto got = blobsOf(b).read(sha256Hex(whole));
    ASSERT_TRUE(got) << got.error().text();
    EXPECT_EQ(*got, whole);

    // Mended (a backup of the disk put back): it goes at the next round.
    std::ofstream(firstChunk, std::ios::binary | std::ios::trunc) << sealed;
    auto again = syncFiles(a);
    ASSERT_TRUE(again) << again.error().text();
    EXPECT_TRUE(again->damaged.empty());
    EXPECT_EQ(again->uploaded, 1);
}
