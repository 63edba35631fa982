#include "exifphoto.h"

#include <cstdint>
#include <random>
#include <vector>

namespace kyodo::test {

namespace {

struct Tag {
    std::uint16_t id;
    std::uint16_t type; // 2 ASCII, 3 SHORT, 4 LONG
    std::string ascii;  // ASCII value (with its NUL)
    std::uint32_t value = 0;
};

// A TIFF block writer: IFD0, optionally pointing at an Exif IFD.
class TiffWriter {
public:
    explicit TiffWriter(bool little) : m_little(little) {}

    // `exif`: the block IFD0 points to with `pointer` (0x8769 Exif, 0x8825 GPS).
    std::string build(const std::vector<Tag> &ifd0, const std::vector<Tag> &exif, std::uint16_t pointer = 0x8769)
    {
        m_out = m_little ? std::string("II") : std::string("MM");
        put16(42);
        put32(8);
        std::vector<Tag> first = ifd0;
        const bool withExif = !exif.empty();
        if (withExif)
            first.push_back({pointer, 4, {}, 0}); // patched below
        const std::size_t ifd0At = m_out.size();
        const std::size_t exifAt = ifd0At + ifdSize(first);
        if (withExif)
            first.back().value = static_cast<std::uint32_t>(exifAt);
        writeIfd(first, ifd0At);
        if (withExif)
            writeIfd(exif, exifAt);
        return m_out;
    }

private:
    static std::size_t ifdSize(const std::vector<Tag> &tags)
    {
        std::size_t n = 2 + tags.size() * 12 + 4;
        for (const Tag &t : tags)
            if (t.type == 2 && t.ascii.size() > 4)
                n += t.ascii.size();
        return n;
    }
    void writeIfd(const std::vector<Tag> &tags, std::size_t at)
    {
        m_out.resize(at);
        std::size_t data = at + 2 + tags.size() * 12 + 4;
        std::string extra;
        put16(static_cast<std::uint16_t>(tags.size()));
        for (const Tag &t : tags) {
            put16(t.id);
            put16(t.type);
            put32(t.type == 2 ? static_cast<std::uint32_t>(t.ascii.size()) : 1);
            if (t.type == 2 && t.ascii.size() > 4) {
                put32(static_cast<std::uint32_t>(data + extra.size()));
                extra += t.ascii;
            } else if (t.type == 2) {
                m_out += t.ascii + std::string(4 - t.ascii.size(), '\0');
            } else if (t.type == 3) {
                put16(static_cast<std::uint16_t>(t.value));
                put16(0);
            } else {
                put32(t.value);
            }
        }
        put32(0);
        m_out += extra;
    }
    void put16(std::uint16_t v)
    {
        const char a = static_cast<char>(v & 0xff), b = static_cast<char>(v >> 8);
        m_out += m_little ? std::string{a, b} : std::string{b, a};
    }
    void put32(std::uint32_t v)
    {
        const auto lo = static_cast<std::uint16_t>(v & 0xffff), hi = static_cast<std::uint16_t>(v >> 16);
        if (m_little) {
            put16(lo);
            put16(hi);
        } else {
            put16(hi);
            put16(lo);
        }
    }

    bool m_little;
    std::string m_out;
};

std::string ascii(const std::string &s) { return s + std::string(1, '\0'); }

// A JPEG head: SOI, an APP0, the APP1 EXIF segment, then the image data.
std::string jpegWith(const std::string &tiff)
{
    const std::string app1 = std::string("Exif\0\0", 6) + tiff;
    const auto len = static_cast<std::uint16_t>(app1.size() + 2);
    std::string out = "\xFF\xD8";
    out += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    out += "\xFF\xE1";
    out += static_cast<char>(len >> 8);
    out += static_cast<char>(len & 0xff);
    out += app1;
    out += std::string("\xFF\xDA\x00\x02", 4) + std::string(64, '\x55') + "\xFF\xD9";
    return out;
}

} // namespace

std::string jpegWithExif(bool littleEndian, const std::string &original, const std::string &offset,
                         const std::string &fileTime, int orientation)
{
    std::vector<Tag> exif;
    if (!original.empty())
        exif.push_back({0x9003, 2, ascii(original)});
    if (!offset.empty())
        exif.push_back({0x9011, 2, ascii(offset)});
    std::vector<Tag> ifd0;
    if (orientation != 0)
        ifd0.push_back({0x0112, 3, {}, static_cast<std::uint32_t>(orientation)});
    ifd0.push_back({0x0132, 2, ascii(fileTime)});
    return jpegWith(TiffWriter(littleEndian).build(ifd0, exif));
}

std::string jpegWithLocation(const std::string &gpsDate, const std::string &fileTime)
{
    const std::vector<Tag> gps = {{0x0001, 2, ascii("N")}, {0x001D, 2, ascii(gpsDate)}};
    return jpegWith(TiffWriter(true).build({{0x0132, 2, ascii(fileTime)}}, gps, 0x8825));
}

std::string pngChunk(const std::string &type, const std::string &data)
{
    const auto n = static_cast<std::uint32_t>(data.size());
    return std::string{static_cast<char>(n >> 24), static_cast<char>(n >> 16 & 0xff), static_cast<char>(n >> 8 & 0xff),
                       static_cast<char>(n & 0xff)} +
           type + data + std::string(4, '\0');
}

std::string pngWithLocation(const std::string &gpsDate, const std::string &fileTime)
{
    const std::string jpeg = jpegWithLocation(gpsDate, fileTime);
    const std::size_t tiffAt = jpeg.find(std::string("Exif\0\0", 6)) + 6;
    const std::string tiff = jpeg.substr(tiffAt, jpeg.find("\xFF\xDA") - tiffAt);
    return std::string("\x89PNG\r\n\x1A\n", 8) +
           pngChunk("IHDR", std::string("\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 13)) + pngChunk("eXIf", tiff) +
           pngChunk("IDAT", "pixels") + std::string("\0\0\0\0IEND\xAE\x42\x60\x82", 12);
}

std::string jpegOfSize(std::size_t size, std::uint64_t seed)
{
    const std::string head("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                           "\xFF\xDA\x00\x02",
                           24);
    const std::string end = "\xFF\xD9";
    std::string out = head;
    std::mt19937_64 rng(seed);
    const std::size_t data = size > head.size() + end.size() ? size - head.size() - end.size() : 0;
    out.resize(head.size() + data);
    for (std::size_t i = head.size(); i < out.size(); i += 8) {
        std::uint64_t v = rng();
        for (std::size_t b = 0; b < 8 && i + b < out.size(); ++b, v >>= 8)
            out[i + b] = static_cast<char>((v & 0xff) == 0xff ? 0xfe : v & 0xff); // no marker inside the data
    }
    return out + end;
}

} // namespace kyodo::test
