#include "requiredwork.h"

#include "attachment.h"
#include "chunkfiles.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <sys/resource.h>

namespace kyodo::bench {

namespace {

constexpr std::int64_t kChunk = 1024 * 1024;

double cpuSeconds()
{
    rusage use{};
    ::getrusage(RUSAGE_SELF, &use);
    const auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(use.ru_utime) + seconds(use.ru_stime);
}

std::string randomChunk()
{
    std::mt19937_64 rng(11);
    std::string out(static_cast<std::size_t>(kChunk), '\0');
    for (std::size_t i = 0; i + 8 <= out.size(); i += 8) {
        const std::uint64_t v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

// CPU milliseconds per MiB of `chunks` rounds of `work`; `wall` gets the seconds it took.
template <typename F>
double msPerMib(std::int64_t chunks, F &&work, double *wall = nullptr)
{
    const double cpu0 = cpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < chunks; ++i)
        work(i);
    if (wall)
        *wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return 1000.0 * (cpuSeconds() - cpu0) / static_cast<double>(chunks);
}

void sealedCost(const std::string &folder, std::int64_t chunks, const std::string &chunk, RequiredWork &out)
{
    ChunkFiles files(folder);
    const ChunkSeal seal = ChunkSeal::fresh();
    double wall = 0;
    out.sealedWriteMsPerMib = msPerMib(
        chunks,
        [&](std::int64_t i) {
            if (!files.write(seal, i, chunk, false).ok())
                throw std::runtime_error("a chunk file could not be written in " + folder);
        },
        &wall);
    out.sealedWriteMbps = static_cast<double>(chunks * kChunk) / 1e6 / wall;
    out.sealedReadMsPerMib = msPerMib(chunks, [&](std::int64_t i) {
        auto back = files.read(seal, i);
        if (!back.ok() || back->size() != chunk.size())
            throw std::runtime_error("a chunk file did not read back in " + folder);
    });
}

} // namespace

RequiredWork measureRequiredWork(const std::string &folder, std::int64_t chunks)
{
    namespace fs = std::filesystem;
    fs::create_directories(folder);
    const std::string chunk = randomChunk();
    RequiredWork out;
    std::size_t sink = 0;
    double wall = 0;
    out.sha256MsPerMib = msPerMib(
        std::min<std::int64_t>(chunks, 128), [&](std::int64_t) { sink += sha256Hex(chunk).size(); }, &wall);
    out.sha256Mbps = static_cast<double>(std::min<std::int64_t>(chunks, 128) * kChunk) / 1e6 / wall;
    if (sink == 0)
        throw std::runtime_error("SHA-256 gave nothing");
    sealedCost(folder + "/chunks", chunks, chunk, out);
    fs::remove_all(folder);
    return out;
}

} // namespace kyodo::bench
