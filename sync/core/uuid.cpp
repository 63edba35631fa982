#include "uuid.h"

#include "hlc.h"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace kyodo {

namespace {
std::function<std::uint64_t()> &randomOverride()
{
    static std::function<std::uint64_t()> next;
    return next;
}
} // namespace

void overrideUuidRandomness(std::function<std::uint64_t()> next) { randomOverride() = std::move(next); }

std::string newUuidV7At(std::uint64_t ms)
{
    std::array<unsigned char, 16> b{};
    if (const auto &next = randomOverride()) {
        for (size_t i = 0; i < b.size(); i += 8) {
            const std::uint64_t v = next();
            for (size_t k = 0; k < 8; ++k)
                b[i + k] = static_cast<unsigned char>(v >> (8 * k));
        }
    } else if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::string newUuidV7() { return newUuidV7At(HybridClock::systemMillis()); }

bool isUuid(const std::string &t)
{
    if (t.size() != 36)
        return false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace kyodo
