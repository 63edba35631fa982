#include "checksum.h"

#include <openssl/sha.h>

#include <cstdio>

namespace kyodo {

std::uint64_t recordChecksum(std::string_view doc)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(doc.data()), doc.size(), digest);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | digest[i];
    return v;
}

std::string checksumHex(std::uint64_t sum)
{
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(sum));
    return out;
}

std::optional<std::uint64_t> parseChecksumHex(std::string_view hex)
{
    if (hex.size() != 16)
        return std::nullopt;
    std::uint64_t v = 0;
    for (char c : hex) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return std::nullopt;
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return v;
}

} // namespace kyodo
