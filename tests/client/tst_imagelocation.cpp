// removeImageLocation (imagelocation.h): every place a picture of the
// kinds a phone or an editor writes may hold where it was taken is gone,
// the picture itself stays as it was, and a file whose structure cannot be
// followed, or of a kind not known here, is refused rather than sent.
#include "exifphoto.h"
#include "imagelocation.h"
#include "jpegthumb.h"
#include "phototime.h"

#include <gtest/gtest.h>

#include <random>

using namespace kyodo;
using kyodo::test::pngChunk;

namespace {

// What a phone writes as the place: latitude in XMP and in a GPS block.
const std::string kPlace = "35.4437";

std::string bigEndian(std::uint32_t v, int bytes)
{
    std::string out;
    for (int i = bytes - 1; i >= 0; --i)
        out += static_cast<char>(v >> (8 * i) & 0xff);
    return out;
}

std::string littleEndian32(std::uint32_t v)
{
    std::string out;
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>(v >> (8 * i) & 0xff);
    return out;
}

std::string jpegSegment(unsigned char marker, const std::string &body)
{
    return std::string("\xFF") + static_cast<char>(marker) + bigEndian(static_cast<std::uint32_t>(body.size() + 2), 2) +
           body;
}

std::string xmpPacket() { return "<x:xmpmeta><exif:GPSLatitude>" + kPlace + "N</exif:GPSLatitude></x:xmpmeta>"; }

// A real picture: 64×32, left half red, right half blue.
std::string realJpeg()
{
    RgbImage image;
    image.width = 64;
    image.height = 32;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const bool left = x < image.width / 2;
            image.rgb.insert(image.rgb.end(), {static_cast<unsigned char>(left ? 220 : 20), 20,
                                               static_cast<unsigned char>(left ? 20 : 220)});
        }
    return encodeJpeg(image, 90).value();
}

// The EXIF segment (with a GPS block) of a test photo, as its own segment.
std::string exifSegmentWithLocation()
{
    const std::string photo = test::jpegWithLocation("2019:04:30", "2019:04:30 18:05:00");
    const std::size_t at = photo.find("\xFF\xE1");
    const std::size_t length =
        static_cast<unsigned char>(photo[at + 2]) << 8 | static_cast<unsigned char>(photo[at + 3]);
    return photo.substr(at, 2 + length);
}

// A phone's JPEG: the EXIF GPS block, the place again in XMP, in a second
// EXIF segment and in IPTC, a comment, an MPF index and a second picture
// (its own EXIF with the place) after the first one's end.
std::string phoneJpeg(const std::string &picture)
{
    const std::string exif = exifSegmentWithLocation();
    std::string out = picture.substr(0, 2) + exif +
                      jpegSegment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) + xmpPacket()) + exif +
                      jpegSegment(0xED, std::string("Photoshop 3.0\0", 14) + "8BIM City: Yokohama " + kPlace) +
                      jpegSegment(0xFE, "taken at " + kPlace) + jpegSegment(0xE2, std::string("MPF\0", 4) + "index") +
                      jpegSegment(0xE2, std::string("ICC_PROFILE\0\x01\x01", 14) + "profile");
    out += picture.substr(2);
    out += picture.substr(0, 2) + exif + picture.substr(2); // the second picture
    return out;
}

bool holdsPlace(const std::string &bytes)
{
    return bytes.find(kPlace) != std::string::npos || bytes.find(std::string("2019:04:30\0", 11)) != std::string::npos;
}

std::string webpChunk(const std::string &fourcc, const std::string &data)
{
    std::string out = fourcc + littleEndian32(static_cast<std::uint32_t>(data.size())) + data;
    if (data.size() % 2)
        out += '\0';
    return out;
}

std::string riff(const std::string &chunks)
{
    return "RIFF" + littleEndian32(static_cast<std::uint32_t>(chunks.size() + 4)) + "WEBP" + chunks;
}

// The TIFF block of a JPEG's first EXIF segment (what a PNG's eXIf or a
// WebP's EXIF chunk holds).
std::string tiffOf(const std::string &jpeg)
{
    const std::size_t at = jpeg.find("\xFF\xE1");
    const std::size_t length = static_cast<unsigned char>(jpeg[at + 2]) << 8 | static_cast<unsigned char>(jpeg[at + 3]);
    return jpeg.substr(at + 10, length - 8);
}

// `bytes` without its first chunk named `type` (PNG: big-endian length,
// type, data, CRC; WebP: type, little-endian length, data, padding); the
// bytes as they are when there is none.
std::string withoutPngChunk(std::string bytes, const std::string &type)
{
    const std::size_t at = bytes.find(type);
    if (at == std::string::npos || at < 4)
        return bytes;
    const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bytes[at - 4])) << 24 |
                               static_cast<unsigned char>(bytes[at - 3]) << 16 |
                               static_cast<unsigned char>(bytes[at - 2]) << 8 |
                               static_cast<unsigned char>(bytes[at - 1]);
    return bytes.erase(at - 4, 12 + length);
}

} // namespace

TEST(ImageLocation, aPhonesJpegKeepsItsPictureTimeAndOrientationAndNoPlace)
{
    const std::string picture = realJpeg();
    std::string photo = phoneJpeg(picture);
    ASSERT_TRUE(holdsPlace(photo));
    ASSERT_TRUE(removeImageLocation(photo));
    EXPECT_FALSE(holdsPlace(photo));
    EXPECT_EQ(photo.find("http://ns.adobe.com"), std::string::npos);
    EXPECT_EQ(photo.find("MPF"), std::string::npos);
    EXPECT_NE(photo.find("ICC_PROFILE"), std::string::npos); // the colours stay
    EXPECT_EQ(photoTakenAt(photo), "2019-04-30T18:05:00+09:00");
    EXPECT_TRUE(photo.ends_with("\xFF\xD9"));
    EXPECT_LT(photo.size(), phoneJpeg(picture).size() / 2 + 400); // the second picture is gone
    const auto before = decodeJpeg(picture), after = decodeJpeg(photo);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(after->width, 64);
    EXPECT_EQ(after->rgb, before->rgb); // the same picture, not drawn anew
    std::string again = photo;
    ASSERT_TRUE(removeImageLocation(again));
    EXPECT_EQ(again, photo);
    std::string plain = picture; // no metadata to remove: not a byte changes
    ASSERT_TRUE(removeImageLocation(plain));
    EXPECT_EQ(plain, picture);
}

// The EXIF block leaves as one of ours with only the time and which way up:
// a GPS block however it is pointed to (type IFD, twice), a maker's note
// and a thumbnail of its own do not come along.
TEST(ImageLocation, theCamerasExifIsWrittenAnewWithItsTimeAndOrientationOnly)
{
    const std::string located = test::jpegWithLocation("2019:04:30", "2019:04:30 18:05:00");
    const std::string longPointer("\x25\x88\x04\x00", 4), datetime("\x32\x01\x02\x00", 4);
    ASSERT_NE(located.find(longPointer), std::string::npos);
    std::string asIfd = located;
    asIfd.replace(asIfd.find(longPointer), 4, std::string("\x25\x88\x0D\x00", 4));
    std::string twice = located;
    twice.replace(twice.find(datetime), 4, longPointer);
    for (std::string photo : {located, asIfd, twice}) {
        ASSERT_TRUE(removeImageLocation(photo));
        EXPECT_FALSE(holdsPlace(photo));
    }
    std::string wiped = located;
    ASSERT_TRUE(removeImageLocation(wiped));
    EXPECT_EQ(photoTakenAt(wiped), "2019-04-30T18:05:00+09:00");
    // A camera's EXIF with an offset and held sideways, in Motorola order.
    std::string sideways = test::jpegWithExif(false, "2019:05:01 10:23:45", "-05:00", "2019:05:01 11:00:00", 6);
    ASSERT_EQ(photoOrientation(sideways), 6);
    ASSERT_TRUE(removeImageLocation(sideways));
    EXPECT_EQ(photoOrientation(sideways), 6);
    EXPECT_EQ(photoTakenAt(sideways), "2019-05-01T10:23:45-05:00");
    EXPECT_EQ(sideways.find("2019:05:01 11:00:00"), std::string::npos); // the file's own time is not kept
    std::string onlyOurs = sideways;
    ASSERT_TRUE(removeImageLocation(onlyOurs));
    EXPECT_EQ(onlyOurs, sideways);
}

// Places a JPEG can hold past the first EXIF block: one after the first
// scan, a JFXX thumbnail (a JPEG of its own), a reserved marker, bytes that
// are no segment, a line count or JFIF longer than they are. Each goes, and
// the picture is left as it was made.
TEST(ImageLocation, noSegmentOutsideThePictureItselfComesAlong)
{
    const std::string picture = realJpeg();
    const std::size_t sos = picture.find("\xFF\xDA");
    const std::string exif = exifSegmentWithLocation();
    std::string late = picture.substr(0, picture.size() - 2) + exif + "\xFF\xD9";
    std::string thumbnail = picture.substr(0, 2) +
                            jpegSegment(0xE0, std::string("JFXX\0\x10", 6) + phoneJpeg(picture).substr(0, 60000)) +
                            picture.substr(2);
    std::string reserved = picture.substr(0, sos) + jpegSegment(0x02, "place " + kPlace) + picture.substr(sos);
    std::string stray = picture.substr(0, sos) + "garbage " + kPlace + picture.substr(sos);
    std::string lineCount = picture.substr(0, sos) + jpegSegment(0xDC, xmpPacket()) + picture.substr(sos);
    const std::size_t jfif = picture.find("\xFF\xE0");
    ASSERT_EQ(picture.substr(jfif + 2, 2), std::string("\x00\x10", 2)); // libjpeg's: no thumbnail
    std::string longJfif = picture.substr(0, jfif) + jpegSegment(0xE0, picture.substr(jfif + 4, 14) + xmpPacket()) +
                           picture.substr(jfif + 18);
    for (std::string *photo : {&late, &thumbnail, &reserved, &stray, &lineCount, &longJfif}) {
        ASSERT_TRUE(removeImageLocation(*photo));
        EXPECT_FALSE(holdsPlace(*photo));
        EXPECT_EQ(*photo, picture);
    }
}

TEST(ImageLocation, aPngLosesItsExifAndTextChunksAndKeepsThePicture)
{
    const std::string ihdr = pngChunk("IHDR", std::string("\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 13));
    const std::string idat = pngChunk("IDAT", "pixels"), iend = pngChunk("IEND", "");
    const std::string srgb = pngChunk("sRGB", std::string(1, '\0')), phys = pngChunk("pHYs", std::string(9, '\x01'));
    const std::string hdr = pngChunk("mDCV", std::string(24, '\x02'));
    const std::string signature("\x89PNG\r\n\x1A\n", 8);
    std::string png = signature + ihdr + pngChunk("eXIf", exifSegmentWithLocation().substr(10)) + srgb + hdr +
                      pngChunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0", 22) + xmpPacket()) +
                      pngChunk("tEXt", std::string("Raw profile type exif\0", 22) + kPlace) + phys + idat +
                      pngChunk("prVt", kPlace) + iend + "trailing " + kPlace;
    ASSERT_TRUE(holdsPlace(png));
    ASSERT_TRUE(removeImageLocation(png));
    EXPECT_FALSE(holdsPlace(png));
    // When it was taken stays, in an eXIf chunk of our own right after IHDR.
    EXPECT_EQ(png.find("eXIf"), signature.size() + ihdr.size() + 4);
    EXPECT_EQ(photoTakenAt(png), "2019-04-30T18:05:00+09:00");
    EXPECT_EQ(withoutPngChunk(png, "eXIf"), signature + ihdr + srgb + hdr + phys + idat + iend);
    std::string again = png;
    ASSERT_TRUE(removeImageLocation(again));
    EXPECT_EQ(again, png) << "doing it again changes nothing";
    std::string endless = signature + ihdr + idat;
    EXPECT_FALSE(removeImageLocation(endless)); // no end: cut short
    std::string lying = signature + ihdr.substr(0, 3) + "\x7F" + ihdr.substr(4) + idat + iend;
    EXPECT_FALSE(removeImageLocation(lying)); // a length past the file
    std::string unknownCritical = signature + ihdr + pngChunk("GPSX", kPlace) + idat + iend;
    EXPECT_FALSE(removeImageLocation(unknownCritical)); // no decoder reads it: not sent as it is
}

TEST(ImageLocation, aWebpLosesItsExifAndXmpChunksInFramesTooAndSaysSoInItsHeader)
{
    const std::string vp8x = webpChunk("VP8X", std::string("\x0E\0\0\0\x0F\0\0\x0F\0\0", 10));
    const std::string frame = webpChunk("VP8 ", "frame-of-odd-size"), iccp = webpChunk("ICCP", "icc");
    const std::string anim = webpChunk("ANIM", std::string(6, '\0')), position(16, '\x01');
    std::string webp =
        riff(vp8x + iccp + anim + webpChunk("ANMF", position + frame + webpChunk("GPS!", kPlace)) + frame +
             webpChunk("EXIF", exifSegmentWithLocation().substr(10)) + webpChunk("XMP ", xmpPacket())) +
        "after the end " + kPlace;
    ASSERT_TRUE(holdsPlace(webp));
    ASSERT_TRUE(removeImageLocation(webp));
    EXPECT_FALSE(holdsPlace(webp));
    // When it was taken stays, in an EXIF chunk of our own at the end, and the header says so.
    EXPECT_EQ(photoTakenAt(webp), "2019-04-30T18:05:00+09:00");
    std::string flagsCleared = vp8x;
    flagsCleared[8] = '\x0A'; // animated, EXIF (ours); XMP gone
    const std::size_t exifAt = webp.find("EXIF");
    ASSERT_NE(exifAt, std::string::npos);
    const std::string kept = webp.substr(12, exifAt - 12);
    EXPECT_EQ(riff(kept), riff(flagsCleared + iccp + anim + webpChunk("ANMF", position + frame) + frame));
    std::string again = webp;
    ASSERT_TRUE(removeImageLocation(again));
    EXPECT_EQ(again, webp) << "doing it again changes nothing";
    std::string cut = riff(vp8x + frame);
    cut.resize(cut.size() - 5);
    EXPECT_FALSE(removeImageLocation(cut));
}

TEST(ImageLocation, aPngOrWebpPhotoTakenUprightByTurningTheCameraStaysUpright)
{
    // A phone held on its side: Orientation 6 (turn a quarter clockwise to view).
    const std::string tiff = tiffOf(test::jpegWithExif(false, "2020:06:01 09:30:00", "+09:00", "", 6));
    const std::string signature("\x89PNG\r\n\x1A\n", 8);
    const std::string ihdr = pngChunk("IHDR", std::string("\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0", 13));
    for (const std::string &mark : {std::string(), std::string("Exif\0\0", 6)}) {
        std::string png =
            signature + ihdr + pngChunk("IDAT", "pixels") + pngChunk("eXIf", mark + tiff) + pngChunk("IEND", "");
        ASSERT_EQ(photoOrientation(png), 6) << "read where it lies, after the picture too";
        ASSERT_TRUE(removeImageLocation(png));
        EXPECT_EQ(photoOrientation(png), 6);
        EXPECT_EQ(photoTakenAt(png), "2020-06-01T09:30:00+09:00");
        EXPECT_LT(png.find("eXIf"), png.find("IDAT")) << "before the picture, where PNG places it";
    }
    const std::string vp8x = webpChunk("VP8X", std::string("\x08\0\0\0\x0F\0\0\x07\0\0", 10));
    std::string webp = riff(vp8x + webpChunk("VP8 ", "frame") + webpChunk("EXIF", tiff));
    ASSERT_EQ(photoOrientation(webp), 6);
    ASSERT_TRUE(removeImageLocation(webp));
    EXPECT_EQ(photoOrientation(webp), 6);
    EXPECT_EQ(static_cast<unsigned char>(webp[20]) & 0x08u, 0x08u) << "the header says it has EXIF";
    // The simple format (no VP8X) can say nothing of it: it stays as it was drawn.
    std::string simple = riff(webpChunk("VP8 ", "frame") + webpChunk("EXIF", tiff));
    ASSERT_TRUE(removeImageLocation(simple));
    EXPECT_EQ(simple, riff(webpChunk("VP8 ", "frame")));
}

TEST(ImageLocation, aGifLosesItsXmpCommentsAndTextAndKeepsItsFramesAndLooping)
{
    const std::string head = std::string("GIF89a\x02\0\x02\0\x80\0\0", 13) + std::string(6, '\x33'); // two colours
    const std::string loop = std::string("\x21\xFF\x0BNETSCAPE2.0\x03\x01\0\0", 18);
    const std::string control = std::string("\x21\xF9\x04\0\0\0\0\0", 8);
    const std::string image = std::string("\x2C\0\0\0\0\x02\0\x02\0\0\x02\x02\x44\x01\0", 15);
    const std::string xmp = std::string("\x21\xFF\x0BXMP DataXMP", 14) + static_cast<char>(xmpPacket().size()) +
                            xmpPacket() + std::string(1, '\0');
    const std::string comment =
        "\x21\xFE" + std::string(1, static_cast<char>(kPlace.size())) + kPlace + std::string(1, '\0');
    const std::string text = "\x21\x01\x0C" + std::string(12, '\0') + std::string(1, static_cast<char>(kPlace.size())) +
                             kPlace + std::string(1, '\0');
    const std::string loopWithMore = loop + std::string(1, static_cast<char>(kPlace.size())) + kPlace + '\0';
    std::string gif = head + loopWithMore + xmp + control + image + comment + text + ";" + kPlace;
    ASSERT_TRUE(holdsPlace(gif));
    ASSERT_TRUE(removeImageLocation(gif));
    EXPECT_EQ(gif, head + loop + '\0' + control + image + ";");
    std::string untrailed = head + control + image; // ends after a whole block: given its end
    ASSERT_TRUE(removeImageLocation(untrailed));
    EXPECT_EQ(untrailed, head + control + image + ";");
    std::string padded = head + image + std::string(7, '\0'); // no trailer, zeros instead
    ASSERT_TRUE(removeImageLocation(padded));
    EXPECT_EQ(padded, head + image + ";");
    std::string endless = head + loop + '\0' + image.substr(0, 12);
    EXPECT_FALSE(removeImageLocation(endless));
}

TEST(ImageLocation, aKindNotKnownHereOrADamagedStructureIsRefused)
{
    std::string heic = std::string("\0\0\0\x18", 4) + "ftypheic" + std::string(12, '\0') + "Exif" + kPlace;
    EXPECT_FALSE(removeImageLocation(heic));
    std::string bitmap = "BM" + std::string(60, '\x10'); // its pixels may be a JPEG of their own
    EXPECT_FALSE(removeImageLocation(bitmap));
    std::string lossless = std::string("\xFF\xD8\xFF\xF7\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00", 15) +
                           std::string("\xFF\xD9", 2); // JPEG-LS: a frame this reading does not know
    EXPECT_FALSE(removeImageLocation(lossless));
    // Cut short and damaged at random: refused, or at most a small EXIF block
    // longer, with nothing left to remove (the sanitized build checks no read
    // past the end).
    const std::string photo = phoneJpeg(realJpeg());
    std::mt19937 rng(5);
    int refused = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string bad = photo.substr(0, rng() % photo.size());
        if (round % 2)
            bad = photo;
        for (int k = 0; round % 2 && k < 1 + static_cast<int>(rng() % 3); ++k)
            bad[rng() % bad.size()] = static_cast<char>(rng() & 0xff);
        const std::size_t size = bad.size();
        if (!removeImageLocation(bad)) {
            ++refused;
            continue;
        }
        EXPECT_LE(bad.size(), size + kLocationFreeGrowth);
        std::string again = bad;
        EXPECT_TRUE(removeImageLocation(again));
        EXPECT_EQ(again, bad);
    }
    EXPECT_GT(refused, 500); // cuts before the first picture's end
}
