// When a photo was taken, from its EXIF: both byte orders, the offset the
// camera wrote or Japan's, the IFD0 time when there is no original time, and
// nothing (never a crash or a read past the end) from damaged or hostile bytes.
#include "exifphoto.h"
#include "phototime.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace kyodo;

using test::jpegWithExif;

TEST(PhotoTime, readsTheOriginalTimeInEitherByteOrderWithJapanAsTheDefaultOffset)
{
    for (bool little : {true, false}) {
        EXPECT_EQ(photoTakenAt(jpegWithExif(little, "2019:05:01 10:23:45")), "2019-05-01T10:23:45+09:00") << little;
        EXPECT_EQ(photoTakenAt(jpegWithExif(little, "2019:05:01 10:23:45", "-05:00")), "2019-05-01T10:23:45-05:00")
            << little;
    }
}

TEST(PhotoTime, fallsBackToTheCamerasFileTimeAndRefusesTimesThatAreNot)
{
    // No original time: the time the camera wrote the file.
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "", "", "2020:02:29 23:59:59")), "2020-02-29T23:59:59+09:00");
    // A camera that did not know the time, and times no calendar has.
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "0000:00:00 00:00:00", "", "0000:00:00 00:00:00")), std::nullopt);
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "2019:02:30 10:00:00", "", "bad")), std::nullopt);
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "2019:13:01 10:00:00", "", "bad")), std::nullopt);
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "2019:05:01 24:00:00", "", "bad")), std::nullopt);
    // A nonsense offset is ignored, not copied into the record.
    EXPECT_EQ(photoTakenAt(jpegWithExif(true, "2019:05:01 10:00:00", "+9")), "2019-05-01T10:00:00+09:00");
}

TEST(PhotoTime, givesNothingForFilesWithoutExif)
{
    EXPECT_EQ(photoTakenAt(""), std::nullopt);
    EXPECT_EQ(photoTakenAt("%PDF-1.4\n"), std::nullopt);
    EXPECT_EQ(photoTakenAt(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)), std::nullopt);
    EXPECT_EQ(photoTakenAt(std::string("\x89PNG\r\n\x1a\n", 8)), std::nullopt);
}

TEST(PhotoTime, damagedAndHostileBytesNeverReadPastTheEnd)
{
    // Every truncation of a good head, then random damage to it: each gives a
    // time or nothing (the sanitized build checks no byte past the end is read).
    const std::string good = jpegWithExif(false, "2019:05:01 10:23:45", "+09:00");
    for (std::size_t n = 0; n < good.size(); ++n) {
        const auto t = photoTakenAt(good.substr(0, n));
        if (t) {
            EXPECT_EQ(t->size(), 25u);
        }
    }
    std::mt19937 rng(16);
    int timesRead = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string bad = good;
        for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k)
            bad[rng() % bad.size()] = static_cast<char>(rng() & 0xff);
        if (const auto t = photoTakenAt(bad)) {
            EXPECT_EQ(t->size(), 25u) << *t;
            ++timesRead;
        }
    }
    EXPECT_GT(timesRead, 0); // most damage misses the time itself
}
