#include "requiredwork.h"

#include "benchreport.h"

#include "attachment.h"
#include "chunkfiles.h"
#include "exifphoto.h"
#include "sqlitestore.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

namespace kyodo::bench {

namespace {

// CPU milliseconds per MiB of `chunks` rounds of `work`; `wall` gets the seconds it took.
template <typename F>
double msPerMib(std::int64_t chunks, F &&work, double *wall = nullptr)
{
    const double cpu0 = thisProcessCpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < chunks; ++i)
        work(i);
    if (wall)
        *wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return 1000.0 * (thisProcessCpuSeconds() - cpu0) / static_cast<double>(chunks);
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
    out.sealedWriteMbps = static_cast<double>(chunks * kBlobChunkSize) / 1e6 / wall;
    out.sealedReadMsPerMib = msPerMib(chunks, [&](std::int64_t i) {
        auto back = files.read(seal, i);
        if (!back.ok() || back->size() != chunk.size())
            throw std::runtime_error("a chunk file did not read back in " + folder);
    });
}

void storeCost(const std::string &folder, std::int64_t chunks, const std::string &chunk, RequiredWork &out)
{
    std::filesystem::create_directories(folder);
    const std::string path = folder + "/store.db";
    const std::string sha256 = sha256Hex(chunk + "whole"); // a blob's name; the store does not check it
    const std::string hash = sha256Hex(chunk);
    const std::int64_t size = chunks * kBlobChunkSize;
    const std::string uploader = "bench";
    // Opened before the clock (the schema's migrations are no chunk's cost)
    // and closed inside it: the close runs the last checkpoint, which copies
    // into the database what the checkpoint thread had not yet.
    auto store = std::make_unique<server::SqliteStore>(path);
    const double cpu0 = thisProcessCpuSeconds();
    for (std::int64_t i = 0; i < chunks; ++i) {
        auto tx = store->beginWrite();
        tx->ensureBlob(sha256, 0);
        tx->saveBlobPart(sha256, uploader, size, i, hash, chunk, 0);
        tx->commit();
    }
    store.reset();
    out.storeWriteMsPerMib = 1000.0 * (thisProcessCpuSeconds() - cpu0) / static_cast<double>(chunks);

    server::SqliteStore reopened(path);
    out.storeReadMsPerMib = msPerMib(chunks, [&](std::int64_t i) {
        const std::optional<std::string> back = reopened.beginRead()->loadBlobPart(sha256, uploader, i);
        if (!back || back->size() != chunk.size())
            throw std::runtime_error("a chunk did not read back from the store in " + folder);
    });
}

} // namespace

RequiredWork measureRequiredWork(const std::string &folder, std::int64_t chunks)
{
    namespace fs = std::filesystem;
    fs::create_directories(folder);
    const std::string chunk = test::jpegOfSize(static_cast<std::size_t>(kBlobChunkSize), 11);
    RequiredWork out;
    std::size_t sink = 0;
    double wall = 0;
    out.sha256MsPerMib = msPerMib(
        std::min<std::int64_t>(chunks, 128), [&](std::int64_t) { sink += sha256Hex(chunk).size(); }, &wall);
    out.sha256Mbps = static_cast<double>(std::min<std::int64_t>(chunks, 128) * kBlobChunkSize) / 1e6 / wall;
    if (sink == 0)
        throw std::runtime_error("SHA-256 gave nothing");
    sealedCost(folder + "/chunks", chunks, chunk, out);
    storeCost(folder + "/store", chunks, chunk, out);
    fs::remove_all(folder);
    return out;
}

} // namespace kyodo::bench
