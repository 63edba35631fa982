#include "wholefile.h"

#include <algorithm>

namespace kyodo {

namespace {

constexpr std::int64_t kScanBlock = 1024 * 1024;

unsigned byteAt(const std::string &s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

// JPEG: the segments of the head walked up to the start of the image data
// (SOS), then the end-of-image marker FF D9 after it. Inside the image data
// a byte FF is always followed by 00 or a restart marker, so FF D9 there is
// the real end (or the end of the main image, when a phone appends more).
bool jpegHasItsEnd(std::int64_t size, const ReadAt &read)
{
    if (read(0, 2) != "\xFF\xD8")
        return false;
    std::int64_t pos = 2;
    std::int64_t scan = -1;
    while (pos + 4 <= size) {
        const std::string head = read(pos, 4);
        if (head.size() < 4 || byteAt(head, 0) != 0xFF)
            return false;
        const unsigned marker = byteAt(head, 1);
        if (marker == 0xFF) { // fill byte before a marker
            pos += 1;
            continue;
        }
        if (marker == 0xD9 || marker == 0x00)
            return false; // ends before any image data
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            pos += 2;
            continue;
        }
        const std::int64_t length = static_cast<std::int64_t>(byteAt(head, 2) << 8 | byteAt(head, 3));
        if (length < 2)
            return false;
        pos += 2 + length;
        if (marker == 0xDA) {
            scan = pos;
            break;
        }
    }
    if (scan < 0 || scan > size)
        return false;
    char previous = 0;
    for (std::int64_t at = scan; at < size; at += kScanBlock) {
        const std::string block = read(at, std::min(kScanBlock, size - at));
        if (block.empty())
            return false;
        if (previous == '\xFF' && block[0] == '\xD9')
            return true;
        if (block.find("\xFF\xD9") != std::string::npos)
            return true;
        previous = block.back();
    }
    return false;
}

} // namespace

bool hasItsEnd(const std::string &mime, std::int64_t size, const ReadAt &read)
{
    if (mime == "image/jpeg")
        return jpegHasItsEnd(size, read);
    if (mime == "image/png") // the IEND chunk, always last and always the same 12 bytes
        return size >= 12 && read(size - 12, 12) == std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
    if (mime == "application/pdf") { // "%%EOF" within its last kilobyte, as PDF readers look for it
        const std::int64_t tail = std::min<std::int64_t>(size, 1024);
        return read(size - tail, tail).find("%%EOF") != std::string::npos;
    }
    return true;
}

bool hasItsEnd(const std::string &mime, std::string_view bytes)
{
    const auto size = static_cast<std::int64_t>(bytes.size());
    return hasItsEnd(mime, size, [bytes, size](std::int64_t offset, std::int64_t length) {
        if (offset < 0 || offset >= size)
            return std::string();
        return std::string(
            bytes.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(std::min(length, size - offset))));
    });
}

} // namespace kyodo
