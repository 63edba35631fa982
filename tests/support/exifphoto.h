// The head of a JPEG as a camera writes it, with an EXIF block holding the
// times a test chooses (tests of phototime.h and of attaching photos).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kyodo::test {

// `original`: DateTimeOriginal ("YYYY:MM:DD HH:MM:SS", empty: none);
// `offset`: OffsetTimeOriginal (empty: none); `fileTime`: IFD0 DateTime;
// `orientation`: IFD0 Orientation (0: none).
std::string jpegWithExif(bool littleEndian, const std::string &original, const std::string &offset = {},
                         const std::string &fileTime = "2019:01:01 00:00:00", int orientation = 0);

// A JPEG whose EXIF holds where it was taken (a GPS block with the date
// `gpsDate`, "YYYY:MM:DD") and when (IFD0 DateTime `fileTime`).
std::string jpegWithLocation(const std::string &gpsDate, const std::string &fileTime);

// One PNG chunk of `type` holding `data`; its CRC is left zero (Kyodo
// never checks it; a decoder given such a chunk may refuse the file).
std::string pngChunk(const std::string &type, const std::string &data);

// A PNG whose eXIf chunk holds the same EXIF as jpegWithLocation's (its
// other chunks are a picture's in shape, not one that decodes).
std::string pngWithLocation(const std::string &gpsDate, const std::string &fileTime);

// A JPEG of exactly `size` bytes (at least 26): a head, random image data
// (the same for the same seed), its end. What a photo is to the engine.
std::string jpegOfSize(std::size_t size, std::uint64_t seed);

} // namespace kyodo::test
