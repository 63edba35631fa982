#include "imagelocation.h"

#include "phototime.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace kyodo {

namespace {

unsigned byteAt(std::string_view s, std::size_t at) { return static_cast<unsigned char>(s[at]); }

std::uint32_t bigEndian32(std::string_view s, std::size_t at)
{
    return byteAt(s, at) << 24 | byteAt(s, at + 1) << 16 | byteAt(s, at + 2) << 8 | byteAt(s, at + 3);
}

std::uint32_t littleEndian32(std::string_view s, std::size_t at)
{
    return byteAt(s, at) | byteAt(s, at + 1) << 8 | byteAt(s, at + 2) << 16 | byteAt(s, at + 3) << 24;
}

void putLittleEndian32(std::string &s, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i) & 0xff);
}

// --- JPEG -------------------------------------------------------------

// Application segments and comments that stay: JFIF (APP0), the first EXIF
// (APP1, its GPS wiped afterwards), the ICC profile (APP2) and Adobe's
// colour transform (APP14), which decoders need. Every other APPn (XMP,
// a second EXIF, MPF, IPTC, makers' own) and COM goes.
bool keepJpegSegment(unsigned marker, std::string_view body, bool &exifKept)
{
    const bool application = marker >= 0xE0 && marker <= 0xEF;
    if (!application && marker != 0xFE)
        return true; // tables, frame and scan headers: the picture itself
    if (marker == 0xE0)
        return true;
    if (marker == 0xE1 && body.starts_with(std::string_view("Exif\0\0", 6)) && !exifKept)
        return exifKept = true;
    if (marker == 0xE2)
        return body.starts_with(std::string_view("ICC_PROFILE\0", 12));
    if (marker == 0xEE)
        return body.starts_with("Adobe");
    return false;
}

// Where the entropy-coded data after a scan header ends: at the next
// marker (0xFF not followed by a stuffed 0x00, a restart marker or fill).
std::optional<std::size_t> endOfScanData(std::string_view jpeg, std::size_t at)
{
    while (at < jpeg.size()) {
        const void *ff = std::memchr(jpeg.data() + at, 0xFF, jpeg.size() - at);
        if (!ff)
            return std::nullopt;
        at = static_cast<std::size_t>(static_cast<const char *>(ff) - jpeg.data());
        if (at + 1 >= jpeg.size())
            return std::nullopt;
        const unsigned next = byteAt(jpeg, at + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
            at += 2;
        else if (next == 0xFF)
            at += 1;
        else
            return at;
    }
    return std::nullopt;
}

// The first picture of the file, up to its end marker, with only the
// segments keepJpegSegment allows. Anything after it (a second picture of
// MPF, a maker's trailer) is left behind.
std::optional<std::string> jpegWithoutExtras(std::string_view jpeg)
{
    std::string out = "\xFF\xD8";
    bool exifKept = false;
    std::size_t at = 2;
    for (;;) {
        while (at + 1 < jpeg.size() && byteAt(jpeg, at) == 0xFF && byteAt(jpeg, at + 1) == 0xFF)
            ++at; // fill bytes before a marker
        if (at + 2 > jpeg.size() || byteAt(jpeg, at) != 0xFF)
            return std::nullopt;
        const unsigned marker = byteAt(jpeg, at + 1);
        if (marker == 0xD9) {
            out += "\xFF\xD9";
            return out;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            return std::nullopt; // no standalone marker belongs between segments
        if (at + 4 > jpeg.size())
            return std::nullopt;
        const std::size_t length = byteAt(jpeg, at + 2) << 8 | byteAt(jpeg, at + 3);
        if (length < 2 || at + 2 + length > jpeg.size())
            return std::nullopt;
        const std::string_view segment = jpeg.substr(at, 2 + length);
        at += segment.size();
        if (keepJpegSegment(marker, segment.substr(4), exifKept))
            out += segment;
        if (marker == 0xDA) {
            const auto end = endOfScanData(jpeg, at);
            if (!end)
                return std::nullopt;
            out += jpeg.substr(at, *end - at);
            at = *end;
        }
    }
}

bool removeFromJpeg(std::string &bytes)
{
    std::optional<std::string> kept = jpegWithoutExtras(bytes);
    if (!kept || !stripPhotoLocation(*kept))
        return false;
    bytes = std::move(*kept);
    return true;
}

// --- PNG --------------------------------------------------------------

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1A\n", 8);

// Ancillary chunks that describe only the picture; eXIf, the text chunks
// (XMP, "Raw profile type exif"), tIME, C2PA and any chunk of a maker go.
// A critical chunk (capital first letter) is the picture's, known or not.
bool keepPngChunk(std::string_view type)
{
    static constexpr std::array<std::string_view, 15> kAncillary = {"tRNS", "cHRM", "gAMA", "iCCP", "sBIT",
                                                                    "sRGB", "cICP", "mDCv", "cLLi", "bKGD",
                                                                    "hIST", "pHYs", "sPLT", "acTL", "fcTL"};
    if (type[0] >= 'A' && type[0] <= 'Z')
        return true;
    return type == "fdAT" || std::find(kAncillary.begin(), kAncillary.end(), type) != kAncillary.end();
}

bool removeFromPng(std::string &bytes)
{
    const std::string_view png = bytes;
    std::string out(kPngSignature);
    std::size_t at = kPngSignature.size();
    while (at + 12 <= png.size()) {
        const std::uint32_t length = bigEndian32(png, at);
        if (length > 0x7FFFFFFFu || length > png.size() - at - 12)
            return false;
        const std::string_view type = png.substr(at + 4, 4);
        for (char c : type)
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                return false;
        const std::string_view chunk = png.substr(at, 12 + length);
        at += chunk.size();
        if (keepPngChunk(type))
            out += chunk;
        if (type == "IEND") {
            bytes = std::move(out);
            return true;
        }
    }
    return false; // no end: cut short, or not a PNG after all
}

// --- WebP -------------------------------------------------------------

bool keepWebpChunk(std::string_view fourcc)
{
    static constexpr std::array<std::string_view, 7> kPicture = {"VP8 ", "VP8L", "VP8X", "ALPH",
                                                                 "ANIM", "ANMF", "ICCP"};
    return std::find(kPicture.begin(), kPicture.end(), fourcc) != kPicture.end();
}

bool removeFromWebp(std::string &bytes)
{
    const std::string_view webp = bytes;
    const std::uint64_t end = 8 + static_cast<std::uint64_t>(littleEndian32(webp, 4));
    if (end > webp.size() || end < 12)
        return false;
    std::string out("RIFF\0\0\0\0WEBP", 12); // its size written at the end
    std::size_t at = 12;
    while (at < end) {
        if (at + 8 > end)
            return false;
        const std::string_view fourcc = webp.substr(at, 4);
        const std::uint64_t length = littleEndian32(webp, at + 4);
        const std::uint64_t padded = length + (length & 1);
        if (at + 8 + length > end)
            return false;
        const std::string_view chunk = webp.substr(at, static_cast<std::size_t>(std::min(8 + padded, end - at)));
        at += chunk.size();
        if (!keepWebpChunk(fourcc))
            continue;
        // Only the file's last chunk can lack its padding byte (it is cut at
        // the RIFF's end), and it stays the last one here.
        const std::size_t startsAt = out.size();
        out += chunk;
        if (fourcc == "VP8X" && length >= 1)
            out[startsAt + 8] = static_cast<char>(byteAt(out, startsAt + 8) & ~0x0Cu); // no EXIF, no XMP
    }
    putLittleEndian32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
    bytes = std::move(out);
    return true;
}

// --- GIF --------------------------------------------------------------

// The data sub-blocks that follow an extension or a picture's LZW code
// size: their end, past the empty block that closes them.
std::optional<std::size_t> endOfSubBlocks(std::string_view gif, std::size_t at)
{
    while (at < gif.size()) {
        const std::size_t n = byteAt(gif, at);
        at += 1 + n;
        if (n == 0)
            return at;
    }
    return std::nullopt;
}

std::size_t colourTableSize(unsigned flags) { return flags & 0x80 ? 3u << ((flags & 7) + 1) : 0; }

// Extensions that stay: graphic control (timing, transparency), plain
// text (drawn in the picture), and the looping of an animation. XMP and
// every other application's data, and comments, go.
bool keepGifExtension(std::string_view gif, std::size_t at)
{
    const unsigned label = byteAt(gif, at + 1);
    if (label == 0xF9 || label == 0x01)
        return true;
    if (label != 0xFF || at + 3 + 11 > gif.size() || byteAt(gif, at + 2) != 11)
        return false;
    const std::string_view id = gif.substr(at + 3, 11);
    return id == "NETSCAPE2.0" || id == "ANIMEXTS1.0";
}

bool removeFromGif(std::string &bytes)
{
    const std::string_view gif = bytes;
    if (gif.size() < 13)
        return false;
    std::size_t at = 13 + colourTableSize(byteAt(gif, 10));
    if (at > gif.size())
        return false;
    std::string out(gif.substr(0, at));
    while (at < gif.size()) {
        const unsigned introducer = byteAt(gif, at);
        if (introducer == 0x3B) {
            out += ';';
            bytes = std::move(out);
            return true;
        }
        std::optional<std::size_t> end;
        bool keep = true;
        if (introducer == 0x2C && at + 10 < gif.size()) {
            end = endOfSubBlocks(gif, at + 10 + colourTableSize(byteAt(gif, at + 9)) + 1);
        } else if (introducer == 0x21 && at + 2 < gif.size()) {
            keep = keepGifExtension(gif, at);
            end = endOfSubBlocks(gif, at + 2);
        }
        if (!end || *end > gif.size())
            return false;
        if (keep)
            out += gif.substr(at, *end - at);
        at = *end;
    }
    return false; // no trailer
}

} // namespace

bool removeImageLocation(std::string &bytes)
{
    const std::string_view head = bytes;
    if (head.starts_with("\xFF\xD8\xFF"))
        return removeFromJpeg(bytes);
    if (head.starts_with(kPngSignature))
        return removeFromPng(bytes);
    if (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP")
        return removeFromWebp(bytes);
    if (head.starts_with("GIF87a") || head.starts_with("GIF89a"))
        return removeFromGif(bytes);
    return head.starts_with("BM"); // a bitmap: pixels and their size, nothing else
}

} // namespace kyodo
