// Four bytes of a file read as a number, in the order the format writes it
// (PNG big-endian, RIFF and TIFF-II little-endian). The caller checks that
// four bytes are there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kyodo {

inline std::uint32_t bigEndian32(std::string_view s, std::size_t at)
{
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
        v = v << 8 | static_cast<unsigned char>(s[at + i]);
    return v;
}

inline std::uint32_t littleEndian32(std::string_view s, std::size_t at)
{
    std::uint32_t v = 0;
    for (std::size_t i = 4; i-- > 0;)
        v = v << 8 | static_cast<unsigned char>(s[at + i]);
    return v;
}

} // namespace kyodo
