#include "imagelocation.h"

#include "byteorder.h"
#include "phototime.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include <zlib.h>

namespace kyodo {

namespace {

unsigned byteAt(std::string_view s, std::size_t at) { return static_cast<unsigned char>(s[at]); }

void putLittleEndian32(std::string &s, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        s[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i) & 0xff);
}

void appendLittleEndian16(std::string &s, std::uint32_t v)
{
    s += static_cast<char>(v & 0xff);
    s += static_cast<char>(v >> 8 & 0xff);
}

void appendLittleEndian32(std::string &s, std::uint32_t v)
{
    appendLittleEndian16(s, v & 0xffff);
    appendLittleEndian16(s, v >> 16);
}

// --- JPEG -------------------------------------------------------------

// One IFD entry, Intel order; `value` is the value itself when it fits in
// four bytes, else where it lies.
void appendIfdEntry(std::string &tiff, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::uint32_t value)
{
    appendLittleEndian16(tiff, tag);
    appendLittleEndian16(tiff, type);
    appendLittleEndian32(tiff, count);
    appendLittleEndian32(tiff, value);
}

// The EXIF a picture leaves with (its TIFF block), read from the camera's
// own: which way up it is (IFD0 Orientation) and when it was taken (the
// Exif IFD's DateTimeOriginal and OffsetTimeOriginal). Empty when the
// camera said neither.
std::string exifKeptOf(std::string_view picture)
{
    const int orientation = photoOrientation(picture);
    const std::optional<std::string> taken = photoTakenAt(picture); // "YYYY-MM-DDTHH:MM:SS+hh:mm"
    if (orientation == 1 && !taken)
        return {};
    const std::uint16_t ifd0Entries = taken ? 2 : 1;
    const std::uint32_t exifIfdAt = 8 + 2 + 12u * ifd0Entries + 4;
    std::string tiff("II\x2A\0\x08\0\0\0", 8);
    appendLittleEndian16(tiff, ifd0Entries);
    appendIfdEntry(tiff, 0x0112, 3, 1, static_cast<std::uint32_t>(orientation)); // SHORT
    if (taken)
        appendIfdEntry(tiff, 0x8769, 4, 1, exifIfdAt); // the Exif IFD
    appendLittleEndian32(tiff, 0);                     // no IFD1: no thumbnail
    if (taken) {
        std::string when = taken->substr(0, 19);
        when[4] = when[7] = ':';
        when[10] = ' ';
        const std::uint32_t whenAt = exifIfdAt + 2 + 2 * 12 + 4;
        appendLittleEndian16(tiff, 2);
        appendIfdEntry(tiff, 0x9003, 2, 20, whenAt);     // DateTimeOriginal, ASCII
        appendIfdEntry(tiff, 0x9011, 2, 7, whenAt + 20); // OffsetTimeOriginal, ASCII
        appendLittleEndian32(tiff, 0);
        tiff += when + '\0' + taken->substr(19, 6) + '\0';
    }
    return tiff;
}

// The EXIF segment a JPEG leaves with (exifKeptOf), or empty.
std::string exifSegmentOf(std::string_view jpeg)
{
    const std::string tiff = exifKeptOf(jpeg);
    if (tiff.empty())
        return {};
    const std::string body = std::string("Exif\0\0", 6) + tiff;
    const auto length = static_cast<std::uint32_t>(body.size() + 2);
    return std::string("\xFF\xE1") + static_cast<char>(length >> 8) + static_cast<char>(length & 0xff) + body;
}

// A segment as it stays: the picture's own (frame and scan headers,
// tables, and the restart interval and line count at the length they
// have), JFIF (APP0) without its thumbnail, the ICC profile (APP2) and
// Adobe's colour transform (APP14), which decoders need, and none of those
// after the first scan. Empty for every other APPn (EXIF, written anew;
// XMP, MPF, IPTC, makers' own), COM and reserved marker.
std::string keptJpegSegment(unsigned marker, std::string_view segment, bool afterScan)
{
    const std::string_view body = segment.substr(4);
    if ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE) {
        if (afterScan)
            return {};
        if (marker == 0xE0 && body.size() >= 12 && body.starts_with(std::string_view("JFIF\0", 5)))
            return std::string("\xFF\xE0\x00\x10", 4) + std::string(body.substr(0, 12)) + std::string(2, '\0');
        const bool colours = (marker == 0xE2 && body.starts_with(std::string_view("ICC_PROFILE\0", 12))) ||
                             (marker == 0xEE && body.starts_with("Adobe"));
        return colours ? std::string(segment) : std::string();
    }
    if (marker == 0xDC || marker == 0xDD)
        return segment.size() == 6 ? std::string(segment) : std::string();
    const bool picture = (marker >= 0xC0 && marker <= 0xCF && marker != 0xC8) || marker == 0xDA || marker == 0xDB;
    return picture ? std::string(segment) : std::string();
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

// The first picture of the file after its SOI, up to its end marker, with
// only the segments keptJpegSegment keeps. Bytes that are no segment (as a
// decoder skips them) and anything after the end (a second picture of MPF,
// a maker's trailer) are left behind.
std::optional<std::string> jpegWithoutExtras(std::string_view jpeg)
{
    std::string out;
    bool afterScan = false;
    std::size_t at = 2;
    for (;;) {
        const void *ff = at < jpeg.size() ? std::memchr(jpeg.data() + at, 0xFF, jpeg.size() - at) : nullptr;
        if (!ff)
            return std::nullopt; // no end
        at = static_cast<std::size_t>(static_cast<const char *>(ff) - jpeg.data());
        while (at + 1 < jpeg.size() && byteAt(jpeg, at + 1) == 0xFF)
            ++at; // fill bytes before a marker
        if (at + 2 > jpeg.size())
            return std::nullopt;
        const unsigned marker = byteAt(jpeg, at + 1);
        if (marker == 0xD9) {
            out += "\xFF\xD9";
            return out;
        }
        if (marker == 0xD8 || marker == 0xDE || marker == 0xF7)
            return std::nullopt; // a picture inside the picture; hierarchical or lossless (JPEG-LS) coding
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2; // stray outside a scan: nothing to keep
            continue;
        }
        if (at + 4 > jpeg.size())
            return std::nullopt;
        const std::size_t length = byteAt(jpeg, at + 2) << 8 | byteAt(jpeg, at + 3);
        if (length < 2 || at + 2 + length > jpeg.size())
            return std::nullopt;
        const std::string_view segment = jpeg.substr(at, 2 + length);
        at += segment.size();
        out += keptJpegSegment(marker, segment, afterScan);
        if (marker == 0xDA) {
            afterScan = true;
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
    const std::optional<std::string> kept = jpegWithoutExtras(bytes);
    if (!kept)
        return false;
    bytes = "\xFF\xD8" + exifSegmentOf(bytes) + *kept;
    return true;
}

// --- PNG --------------------------------------------------------------

constexpr std::string_view kPngSignature("\x89PNG\r\n\x1A\n", 8);

// The critical chunks; one of another name (a capital first letter) is a
// picture no decoder reads, so not one to send.
bool criticalPngChunk(std::string_view type)
{
    return type == "IHDR" || type == "PLTE" || type == "IDAT" || type == "IEND";
}

// Ancillary chunks that describe only the picture; eXIf, the text chunks
// (XMP, "Raw profile type exif"), tIME, C2PA and any chunk of a maker go.
bool keepPngChunk(std::string_view type)
{
    static constexpr std::array<std::string_view, 16> kAncillary = {"tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB",
                                                                    "cICP", "mDCV", "cLLI", "bKGD", "hIST", "pHYs",
                                                                    "sPLT", "acTL", "fcTL", "fdAT"};
    return criticalPngChunk(type) || std::find(kAncillary.begin(), kAncillary.end(), type) != kAncillary.end();
}

void appendBigEndian32(std::string &s, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        s += static_cast<char>(v >> shift & 0xff);
}

// The eXIf chunk a PNG leaves with (exifKeptOf), or empty.
std::string pngExifChunkOf(std::string_view png)
{
    const std::string tiff = exifKeptOf(png);
    if (tiff.empty())
        return {};
    const std::string typed = "eXIf" + tiff;
    std::string chunk;
    appendBigEndian32(chunk, static_cast<std::uint32_t>(tiff.size()));
    chunk += typed;
    appendBigEndian32(chunk, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef *>(typed.data()),
                                                              static_cast<uInt>(typed.size()))));
    return chunk;
}

bool removeFromPng(std::string &bytes)
{
    const std::string_view png = bytes;
    // Which way up it is stays (in an eXIf chunk of our own, after IHDR, as
    // PNG places it before the picture): a portrait photo would otherwise
    // show on its side.
    const std::string exif = pngExifChunkOf(png);
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
        if (type[0] <= 'Z' && !criticalPngChunk(type))
            return false;
        const std::string_view chunk = png.substr(at, 12 + length);
        at += chunk.size();
        if (keepPngChunk(type))
            out += chunk;
        if (type == "IHDR")
            out += exif;
        if (type == "IEND") {
            bytes = std::move(out);
            return true;
        }
    }
    return false; // no end: cut short, or not a PNG after all
}

// --- WebP -------------------------------------------------------------

// The picture's chunks: an animation frame holds only its pixels and alpha.
bool keepWebpChunk(std::string_view fourcc, bool inFrame)
{
    static constexpr std::array<std::string_view, 3> kFrame = {"VP8 ", "VP8L", "ALPH"};
    static constexpr std::array<std::string_view, 4> kFile = {"VP8X", "ANIM", "ANMF", "ICCP"};
    return std::find(kFrame.begin(), kFrame.end(), fourcc) != kFrame.end() ||
           (!inFrame && std::find(kFile.begin(), kFile.end(), fourcc) != kFile.end());
}

// A list of RIFF chunks with only keepWebpChunk's left, each padded to an
// even length; nothing when a length does not add up.
std::optional<std::string> keptWebpChunks(std::string_view chunks, bool inFrame)
{
    std::string out;
    std::size_t at = 0;
    while (at < chunks.size()) {
        if (chunks.size() - at < 8)
            return std::nullopt;
        const std::string_view fourcc = chunks.substr(at, 4);
        const std::uint32_t length = littleEndian32(chunks, at + 4);
        if (length > chunks.size() - at - 8)
            return std::nullopt;
        const std::string_view payload = chunks.substr(at + 8, length);
        at += 8 + static_cast<std::size_t>(length) + (length & 1);
        if (!keepWebpChunk(fourcc, inFrame))
            continue;
        std::string kept(payload);
        if (fourcc == "ANMF") { // a frame's position and timing, then its own chunks
            const auto frame = payload.size() >= 16 ? keptWebpChunks(payload.substr(16), true) : std::nullopt;
            if (!frame)
                return std::nullopt;
            kept = std::string(payload.substr(0, 16)) + *frame;
        }
        if (fourcc == "VP8X" && !kept.empty())
            kept[0] = static_cast<char>(byteAt(kept, 0) & ~0x0Cu); // no EXIF, no XMP (removeFromWebp adds ours)
        out += fourcc;
        appendLittleEndian32(out, static_cast<std::uint32_t>(kept.size()));
        out += kept;
        if (kept.size() % 2 == 1)
            out += '\0';
    }
    return out;
}

bool removeFromWebp(std::string &bytes)
{
    const std::string_view webp = bytes;
    const std::uint64_t end = 8 + static_cast<std::uint64_t>(littleEndian32(webp, 4));
    if (end > webp.size() || end < 12)
        return false;
    const auto kept = keptWebpChunks(webp.substr(12, static_cast<std::size_t>(end) - 12), false);
    if (!kept)
        return false;
    std::string out("RIFF\0\0\0\0WEBP", 12); // its size written below
    out += *kept;
    // Which way up it is stays, in an EXIF chunk of our own at the end; only
    // the extended format (VP8X first, whose flag says so) has one.
    const std::string exif = exifKeptOf(webp);
    if (!exif.empty() && out.size() >= 21 && std::string_view(out).substr(12, 4) == "VP8X") {
        out[20] = static_cast<char>(byteAt(out, 20) | 0x08u);
        out += "EXIF";
        appendLittleEndian32(out, static_cast<std::uint32_t>(exif.size()));
        out += exif;
        if (exif.size() % 2 == 1)
            out += '\0';
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
            return at <= gif.size() ? std::optional(at) : std::nullopt;
    }
    return std::nullopt;
}

std::size_t colourTableSize(unsigned flags) { return flags & 0x80 ? 3u << ((flags & 7) + 1) : 0; }

// An extension (its introducer, label and sub-blocks) as it stays: graphic
// control (timing, transparency) and an animation's looping, each reduced to
// what they say; empty for any other (XMP and other applications' data,
// comments, plain text).
std::string keptGifExtension(std::string_view ext)
{
    const unsigned label = byteAt(ext, 1);
    if (label == 0xF9 && ext.size() >= 8 && byteAt(ext, 2) == 4)
        return std::string(ext.substr(0, 7)) + '\0';
    if (label != 0xFF || ext.size() < 19 || byteAt(ext, 2) != 11)
        return {};
    const std::string_view id = ext.substr(3, 11);
    const bool looping = (id == "NETSCAPE2.0" || id == "ANIMEXTS1.0") && byteAt(ext, 14) == 3 && byteAt(ext, 15) == 1;
    return looping ? std::string(ext.substr(0, 18)) + '\0' : std::string();
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
    // Blocks up to the trailer; a file that ends after a whole block without
    // one (some writers leave it out, or pad with zeros) is given it.
    while (at < gif.size() && byteAt(gif, at) != 0x3B) {
        if (gif.find_first_not_of('\0', at) == std::string_view::npos)
            break;
        const unsigned introducer = byteAt(gif, at);
        std::optional<std::size_t> end;
        if (introducer == 0x2C && gif.size() - at > 10)
            end = endOfSubBlocks(gif, at + 10 + colourTableSize(byteAt(gif, at + 9)) + 1);
        else if (introducer == 0x21 && gif.size() - at > 2)
            end = endOfSubBlocks(gif, at + 2);
        if (!end)
            return false;
        const std::string_view block = gif.substr(at, *end - at);
        out += introducer == 0x2C ? std::string(block) : keptGifExtension(block);
        at = *end;
    }
    out += ';';
    bytes = std::move(out);
    return true;
}

} // namespace

bool knownPictureKind(std::string_view head)
{
    return head.starts_with("\xFF\xD8\xFF") || head.starts_with(kPngSignature) ||
           (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP") ||
           head.starts_with("GIF87a") || head.starts_with("GIF89a");
}

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
    return false;
}

} // namespace kyodo
