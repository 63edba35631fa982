#include "phototime.h"

#include "byteorder.h"
#include "schema.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace kyodo {

namespace {

// A TIFF block (the inside of the EXIF segment) read with its byte order.
class Tiff {
public:
    explicit Tiff(std::string_view bytes) : m_bytes(bytes) {}

    bool readHeader(std::uint32_t &firstIfd)
    {
        if (m_bytes.size() < 8)
            return false;
        if (m_bytes.substr(0, 2) == "II")
            m_little = true;
        else if (m_bytes.substr(0, 2) == "MM")
            m_little = false;
        else
            return false;
        return u16(2) == 42 && (firstIfd = u32(4), true);
    }

    // The value of `tag` in the IFD at `ifd`: its type, count and where its
    // value lies (inline in the entry when it fits in four bytes).
    struct Entry {
        std::uint16_t type = 0;
        std::uint32_t count = 0;
        std::size_t valueAt = 0;
    };
    std::optional<Entry> find(std::uint32_t ifd, std::uint16_t tag) const
    {
        if (ifd > m_bytes.size() || m_bytes.size() - ifd < 2)
            return std::nullopt;
        const std::uint16_t entries = u16(ifd);
        if (entries > (m_bytes.size() - ifd - 2) / 12)
            return std::nullopt;
        for (std::uint16_t i = 0; i < entries; ++i) {
            const std::size_t at = ifd + 2 + std::size_t{i} * 12;
            if (u16(at) != tag)
                continue;
            Entry e{u16(at + 2), u32(at + 4), at + 8};
            // ASCII, SHORT, LONG, IFD (an offset, as LONG)
            const std::size_t unit = e.type == 2 ? 1 : e.type == 3 ? 2 : e.type == 4 || e.type == 13 ? 4 : 0;
            if (unit == 0 || e.count > m_bytes.size() / unit)
                return std::nullopt;
            if (unit * e.count > 4)
                e.valueAt = u32(at + 8);
            if (e.valueAt > m_bytes.size() || m_bytes.size() - e.valueAt < unit * e.count)
                return std::nullopt;
            return e;
        }
        return std::nullopt;
    }

    std::optional<std::string> text(std::uint32_t ifd, std::uint16_t tag) const
    {
        const auto e = find(ifd, tag);
        if (!e || e->type != 2)
            return std::nullopt;
        std::string_view s = m_bytes.substr(e->valueAt, e->count);
        if (const auto nul = s.find('\0'); nul != std::string_view::npos)
            s = s.substr(0, nul);
        return std::string(s);
    }

    std::optional<std::uint16_t> shortValue(std::uint32_t ifd, std::uint16_t tag) const
    {
        const auto e = find(ifd, tag);
        if (!e || e->type != 3 || e->count != 1)
            return std::nullopt;
        return u16(e->valueAt);
    }

    std::optional<std::uint32_t> offset(std::uint32_t ifd, std::uint16_t tag) const
    {
        const auto e = find(ifd, tag);
        if (!e || (e->type != 4 && e->type != 13) || e->count != 1)
            return std::nullopt;
        return u32(e->valueAt);
    }

private:
    std::uint16_t u16(std::size_t at) const
    {
        const auto b = [&](std::size_t i) {
            return static_cast<std::uint16_t>(static_cast<unsigned char>(m_bytes[at + i]));
        };
        return m_little ? static_cast<std::uint16_t>(b(0) | b(1) << 8) : static_cast<std::uint16_t>(b(0) << 8 | b(1));
    }
    std::uint32_t u32(std::size_t at) const
    {
        const auto lo = u16(at + (m_little ? 0 : 2)), hi = u16(at + (m_little ? 2 : 0));
        return static_cast<std::uint32_t>(hi) << 16 | lo;
    }

    std::string_view m_bytes;
    bool m_little = true;
};

// Some writers put JPEG's "Exif\0\0" before the TIFF block of a PNG or WebP too.
std::string_view withoutExifMark(std::string_view block)
{
    const std::string_view mark("Exif\0\0", 6);
    return block.starts_with(mark) ? block.substr(mark.size()) : block;
}

// The TIFF block of a PNG's eXIf chunk, or empty.
std::string_view pngExifBlock(std::string_view png)
{
    std::size_t at = 8; // the signature
    while (at + 12 <= png.size()) {
        const std::uint32_t length = bigEndian32(png, at);
        if (length > png.size() - at - 12)
            return {};
        const std::string_view type = png.substr(at + 4, 4);
        if (type == "eXIf")
            return withoutExifMark(png.substr(at + 8, length));
        if (type == "IEND")
            return {};
        at += 12 + static_cast<std::size_t>(length);
    }
    return {};
}

// The TIFF block of a WebP's EXIF chunk, or empty.
std::string_view webpExifBlock(std::string_view webp)
{
    std::size_t at = 12; // "RIFF", its size, "WEBP"
    while (at + 8 <= webp.size()) {
        const std::uint32_t length = littleEndian32(webp, at + 4);
        if (length > webp.size() - at - 8)
            return {};
        if (webp.substr(at, 4) == "EXIF")
            return withoutExifMark(webp.substr(at + 8, length));
        at += 8 + static_cast<std::size_t>(length) + (length & 1);
    }
    return {};
}

// The EXIF segment's TIFF block of a JPEG, or empty.
std::string_view jpegExifBlock(std::string_view jpeg)
{
    if (jpeg.size() < 4 || static_cast<unsigned char>(jpeg[0]) != 0xFF || static_cast<unsigned char>(jpeg[1]) != 0xD8)
        return {};
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF) {
        const auto marker = static_cast<unsigned char>(jpeg[at + 1]);
        if (marker == 0xDA || marker == 0xD9) // the image data, or its end: no EXIF before it
            return {};
        const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(jpeg[at + 2])) << 8 |
                                   static_cast<unsigned char>(jpeg[at + 3]);
        if (length < 2 || at + 2 + length > jpeg.size())
            return {};
        const std::string_view body = jpeg.substr(at + 4, length - 2);
        if (marker == 0xE1 && body.substr(0, 6) == std::string_view("Exif\0\0", 6))
            return body.substr(6);
        at += 2 + length;
    }
    return {};
}

// The TIFF block of a JPEG, PNG or WebP, or empty.
std::string_view exifBlock(std::string_view picture)
{
    if (picture.starts_with("\x89PNG\r\n\x1A\n"))
        return pngExifBlock(picture);
    if (picture.size() >= 12 && picture.starts_with("RIFF") && picture.substr(8, 4) == "WEBP")
        return webpExifBlock(picture);
    return jpegExifBlock(picture);
}

bool digitsAt(std::string_view s, std::initializer_list<std::size_t> at)
{
    for (std::size_t i : at)
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

// "YYYY:MM:DD HH:MM:SS" (a zero date means the camera did not know).
std::optional<std::string> isoFromExif(const std::string &t)
{
    if (t.size() != 19 || t[4] != ':' || t[7] != ':' || t[10] != ' ' || t[13] != ':' || t[16] != ':' ||
        !digitsAt(t, {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) || t.substr(0, 4) == "0000")
        return std::nullopt;
    const int month = std::stoi(t.substr(5, 2)), day = std::stoi(t.substr(8, 2));
    const int hour = std::stoi(t.substr(11, 2)), minute = std::stoi(t.substr(14, 2)),
              second = std::stoi(t.substr(17, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    return t.substr(0, 4) + "-" + t.substr(5, 2) + "-" + t.substr(8, 2) + "T" + t.substr(11);
}

// "+hh:mm" / "-hh:mm" as EXIF 2.31 writes it.
bool offsetText(const std::string &o)
{
    return o.size() == 6 && (o[0] == '+' || o[0] == '-') && o[3] == ':' && digitsAt(o, {1, 2, 4, 5}) &&
           std::stoi(o.substr(1, 2)) <= 14 && std::stoi(o.substr(4, 2)) <= 59;
}

} // namespace

std::optional<std::string> photoTakenAt(std::string_view picture)
{
    Tiff tiff(exifBlock(picture));
    std::uint32_t ifd0 = 0;
    if (!tiff.readHeader(ifd0))
        return std::nullopt;
    std::optional<std::string> when, offset;
    if (const auto exifIfd = tiff.offset(ifd0, 0x8769)) {
        when = tiff.text(*exifIfd, 0x9003);   // DateTimeOriginal
        offset = tiff.text(*exifIfd, 0x9011); // OffsetTimeOriginal
    }
    if (!when || !isoFromExif(*when))
        when = tiff.text(ifd0, 0x0132); // DateTime: when the file was last written by the camera
    const auto iso = when ? isoFromExif(*when) : std::nullopt;
    if (!iso)
        return std::nullopt;
    const std::string out = *iso + (offset && offsetText(*offset) ? *offset : std::string("+09:00"));
    // Only a time a record's datetime field takes (no 31 February).
    FieldDef asDateTime;
    asDateTime.type = FieldType::DateTime;
    if (!validateFieldValue(asDateTime, json(out)))
        return std::nullopt;
    return out;
}

int photoOrientation(std::string_view picture)
{
    Tiff tiff(exifBlock(picture));
    std::uint32_t ifd0 = 0;
    if (!tiff.readHeader(ifd0))
        return 1;
    const auto o = tiff.shortValue(ifd0, 0x0112); // Orientation
    return o && *o >= 1 && *o <= 8 ? *o : 1;
}

} // namespace kyodo
