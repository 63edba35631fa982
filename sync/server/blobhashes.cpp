#include "blobhashes.h"

#include <algorithm>

namespace kyodo::server {

namespace {

// Whether the running hash took exactly the chunks the store holds first.
bool coversPrefixOf(const std::vector<std::string> &covered, const RunningBlobHashes::ChunkHashes &held)
{
    for (std::size_t i = 0; i < covered.size(); ++i) {
        const auto it = held.find(static_cast<std::int64_t>(i));
        if (it == held.end() || it->second != covered[i])
            return false;
    }
    return true;
}

} // namespace

std::optional<RunningBlobHashes::Running> RunningBlobHashes::take(const std::string &sha256, const ChunkHashes &held)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_running.find(sha256);
    if (it == m_running.end())
        return std::nullopt;
    std::optional<Running> out;
    if (coversPrefixOf(it->second.covered, held))
        out = std::move(it->second);
    m_running.erase(it);
    return out;
}

void RunningBlobHashes::put(const std::string &sha256, Running running)
{
    std::lock_guard lock(m_mutex);
    running.used = ++m_clock;
    if (m_running.size() >= m_capacity && !m_running.count(sha256)) {
        // The least recently advanced goes: an upload abandoned half-way.
        const auto oldest = std::min_element(m_running.begin(), m_running.end(), [](const auto &a, const auto &b) {
            return a.second.used < b.second.used;
        });
        m_running.erase(oldest);
    }
    m_running[sha256] = std::move(running);
}

void RunningBlobHashes::stored(const std::string &sha256, const ChunkHashes &held, std::int64_t index,
                               std::string_view bytes)
{
    std::optional<Running> running = take(sha256, held);
    if (!running) {
        if (index != 0)
            return; // out of order with nothing before it: the last chunk reads back
        running.emplace();
    }
    if (static_cast<std::int64_t>(running->covered.size()) != index) {
        put(sha256, std::move(*running)); // not the next one: a later chunk, read back at the end
        return;
    }
    running->hash->add(bytes);
    running->covered.push_back(held.at(index));
    put(sha256, std::move(*running));
}

std::optional<std::string> RunningBlobHashes::whole(const std::string &sha256, const ChunkHashes &held,
                                                    std::int64_t chunks, std::int64_t index, std::string_view bytes,
                                                    const LoadChunk &load)
{
    std::optional<Running> running = take(sha256, held);
    if (!running)
        running.emplace();
    for (auto i = static_cast<std::int64_t>(running->covered.size()); i < chunks; ++i) {
        if (i == index) {
            running->hash->add(bytes);
            continue;
        }
        const std::optional<std::string> chunk = load(i);
        if (!chunk)
            return std::nullopt;
        running->hash->add(*chunk);
    }
    return running->hash->finishHex();
}

void RunningBlobHashes::forget(const std::string &sha256)
{
    std::lock_guard lock(m_mutex);
    m_running.erase(sha256);
}

} // namespace kyodo::server
