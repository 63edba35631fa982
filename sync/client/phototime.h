// When a photo was taken, as the camera wrote it: EXIF DateTimeOriginal
// (else the IFD0 DateTime) of a JPEG (or of a PNG's eXIf chunk, a WebP's
// EXIF chunk), with OffsetTimeOriginal when the
// camera wrote one. A camera without an offset wrote its own clock's local
// time; Kyodo's devices are in Japan, so +09:00 is assumed. The file's
// modification time says when it was copied, not when it was taken.
//
// The bytes are hostile input (any file a person picks): every offset is
// checked against the bytes, and anything unexpected gives nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kyodo {

// "YYYY-MM-DDTHH:MM:SS+hh:mm", or nothing when the bytes say no time.
std::optional<std::string> photoTakenAt(std::string_view picture);

// How the camera was held (EXIF Orientation, 1–8: 1 upright, 6 turned a
// quarter clockwise to view, 3 upside down, 8 a quarter the other way, 2, 4,
// 5, 7 the same mirrored); 1 when the bytes do not say.
int photoOrientation(std::string_view picture);

// How many leading bytes of a file photoTakenAt needs at most (the EXIF
// segment comes first in a JPEG and is at most 64 KiB; a PNG or WebP whose
// EXIF chunk lies after more of the picture than this says no time).
inline constexpr std::size_t kPhotoTimeHeadBytes = 128 * 1024;

} // namespace kyodo
