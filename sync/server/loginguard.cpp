#include "loginguard.h"

#include "messages.h"

#include <utility>

namespace kyodo::server {

namespace {

// The failure maps stay small: past this many keys, expired ones are dropped.
constexpr std::size_t kPruneAbove = 10'000;

std::int64_t minutes(std::int64_t seconds) { return (seconds + 59) / 60; }

} // namespace

Error accountLocked(std::int64_t seconds) { return errorOf(Msg::AccountLockedFor, {minutes(seconds)}); }

std::optional<std::int64_t> LoginThrottle::full(Failures &f, int limit, Clock::time_point now) const
{
    while (!f.empty() && now - f.front() >= m_policy.window)
        f.pop_front();
    if (static_cast<int>(f.size()) < limit)
        return std::nullopt;
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(f.front() + m_policy.window - now).count();
    return std::max<std::int64_t>(1, wait);
}

std::optional<LoginRefusal> LoginThrottle::check(const std::string &user, const std::string &address,
                                                 Clock::time_point now)
{
    std::lock_guard lock(m_mutex);
    std::optional<std::int64_t> wait;
    if (auto it = m_byAccount.find(user); it != m_byAccount.end())
        wait = full(it->second, m_policy.accountFailures, now);
    if (auto it = m_byAddress.find(address); !wait && it != m_byAddress.end())
        wait = full(it->second, m_policy.addressFailures, now);
    if (!wait)
        return std::nullopt;
    return LoginRefusal{429, errorOf(Msg::TooManyAttemptsWait, {minutes(*wait)}), *wait};
}

void LoginThrottle::failed(const std::string &user, const std::string &address, Clock::time_point now)
{
    std::lock_guard lock(m_mutex);
    if (m_byAccount.size() + m_byAddress.size() > kPruneAbove)
        prune(now);
    m_byAccount[user].push_back(now);
    m_byAddress[address].push_back(now);
}

void LoginThrottle::succeeded(const std::string &user)
{
    std::lock_guard lock(m_mutex);
    m_byAccount.erase(user);
}

void LoginThrottle::prune(Clock::time_point now)
{
    for (auto *map : {&m_byAccount, &m_byAddress}) {
        for (auto it = map->begin(); it != map->end();) {
            while (!it->second.empty() && now - it->second.front() >= m_policy.window)
                it->second.pop_front();
            it = it->second.empty() ? map->erase(it) : std::next(it);
        }
    }
}

LoginThrottle::HashSlot LoginThrottle::acquireHashSlot()
{
    if (m_hashes.try_acquire_for(m_policy.hashWait))
        return HashSlot(&m_hashes);
    return HashSlot(nullptr);
}

} // namespace kyodo::server
