// Previews of JPEG photos made without Qt, for files the engine attaches by
// their path (kyodoctl attach): the same preview the app makes
// (app/photoprep.cpp): at most 256 px each way, upright by the photo's EXIF
// orientation, JPEG at quality 80, stored and synced with the record, so a
// list on another device shows it before the photo is fetched.
//
// libjpeg-turbo (Debian's libjpeg62-turbo) decodes: it scales by 1/2, 1/4 or
// 1/8 while decoding, so a 12-megapixel photo costs a fraction of a full
// decode. The bytes are hostile (any file a person picks): a file that does
// not decode, a colour model it cannot turn into RGB, more than 120
// megapixels or more than 256 MB of decoder memory gives no preview, and
// the file is attached without one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyodo {

inline constexpr int kThumbnailSide = 256;

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb; // width * height * 3, row by row
};

// Decoded, made smaller by the decoder while the long side stays at least
// `atLeastSide` (0: full size).
std::optional<RgbImage> decodeJpeg(std::string_view jpeg, int atLeastSide = 0);
std::optional<std::string> encodeJpeg(const RgbImage &image, int quality);
std::optional<std::string> jpegThumbnail(std::string_view jpeg, int side = kThumbnailSide);

} // namespace kyodo
