// Brute force against /v1/login (DESIGN.md §3 "Auth").
//
// Each try costs ~0.25 s of PBKDF2, so guessing is slow but parallel tries
// also burn the CPU every device needs for syncing. Three defences:
//  - throttling: too many failures for one account or from one client
//    address within a window answer 429 with Retry-After, before any hash;
//  - lockout: an account locks after repeated failures in a row (kept in the
//    store, so every server process sees it) until the time runs out or an
//    admin unlocks it (`kyodo-server user unlock NAME`);
//  - a bound on concurrent password hashing: past it a try waits briefly,
//    then answers 503 with Retry-After.
#pragma once

#include "result.h"

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>

namespace kyodo::server {

struct LoginPolicy {
    int accountFailures = 5;  // per account within `window`, then 429
    int addressFailures = 20; // per client address within `window`, then 429
    std::chrono::seconds window{15 * 60};
    int lockAfter = 10; // failures in a row lock the account
    std::chrono::seconds lockFor{30 * 60};
    int concurrentHashes = 2; // password hashes at once (this machine has 2 cores)
    std::chrono::milliseconds hashWait{5000};
};

// A refusal with the seconds after which a new try may succeed.
struct LoginRefusal {
    int status = 429;
    Error error;
    std::int64_t retryAfter = 1;
};

class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    explicit LoginThrottle(LoginPolicy policy = {}) : m_policy(policy), m_hashes(policy.concurrentHashes) {}

    // Before a try: refused when the account or the address failed too often lately.
    std::optional<LoginRefusal> check(const std::string &user, const std::string &address, Clock::time_point now);
    void failed(const std::string &user, const std::string &address, Clock::time_point now);
    void succeeded(const std::string &user);

    // Holds one of the hashing slots while a password is checked.
    class HashSlot {
    public:
        explicit HashSlot(std::counting_semaphore<> *s) : m_s(s) {}
        HashSlot(HashSlot &&o) noexcept : m_s(std::exchange(o.m_s, nullptr)) {}
        HashSlot(const HashSlot &) = delete;
        ~HashSlot()
        {
            if (m_s)
                m_s->release();
        }
        explicit operator bool() const { return m_s != nullptr; }

    private:
        std::counting_semaphore<> *m_s;
    };
    HashSlot acquireHashSlot();

    const LoginPolicy &policy() const { return m_policy; }

private:
    using Failures = std::deque<Clock::time_point>;
    // Seconds until the oldest failure in the window leaves it, when `f` is full.
    std::optional<std::int64_t> full(Failures &f, int limit, Clock::time_point now) const;
    void prune(Clock::time_point now);

    LoginPolicy m_policy;
    std::mutex m_mutex;
    std::map<std::string, Failures> m_byAccount;
    std::map<std::string, Failures> m_byAddress;
    std::counting_semaphore<> m_hashes;
};

Error accountLocked(std::int64_t seconds);

} // namespace kyodo::server
