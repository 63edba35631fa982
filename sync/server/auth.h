// Who may do what (DESIGN.md §3 "Auth"). Passwords are stored only as
// PBKDF2-SHA256 hashes (`pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`),
// device tokens only as their SHA-256. The server decides every scope from
// the token, for pull and push alike; a role limits which scope kinds a
// user can be granted, so a misconfigured grant fails loudly at `user grant`.
#pragma once

#include "loginguard.h"
#include "result.h"
#include "store.h"

#include <string>
#include <vector>

namespace kyodo::server {

// OWASP 2023 recommendation for PBKDF2-HMAC-SHA256.
inline constexpr int kDefaultPbkdf2Iterations = 600000;

// Iterations for new hashes: kDefaultPbkdf2Iterations unless the env var
// KYODO_PBKDF2_ITERATIONS is set — TEST ONLY, it keeps test suites fast.
int pbkdf2Iterations();
std::string hashPassword(const std::string &password, int iterations = pbkdf2Iterations());
bool verifyPassword(const std::string &password, const std::string &stored);

std::string newToken();                          // 32 random bytes, hex
std::string tokenHash(const std::string &token); // SHA-256 hex

enum class Role { Staff, Supporter, Committee, Admin };
std::optional<Role> parseRole(const std::string &name);
const char *roleName(Role role);
// A grant of `scope` fits the role: staff → ward:, supporter → group:, committee → committee.
Status grantFits(Role role, const std::string &scope);

// The authenticated caller of one request.
struct Caller {
    std::string user;
    Role role = Role::Staff;
    std::vector<std::string> scopes; // grants; an admin may use every scope

    bool admin() const { return role == Role::Admin; }
    bool mayAccess(const std::string &scope) const;
};

struct LoginResult {
    std::string token;
    Caller caller;
};

// Seconds since the Unix epoch, as the store keeps times.
std::int64_t unixNow();

class Auth {
public:
    explicit Auth(Store &store, LoginPolicy policy = {}) : m_store(store), m_policy(policy) {}

    // Checks the password and issues a new device token. Errors: unauthorized,
    // account_locked (after policy.lockAfter failures in a row, for policy.lockFor).
    Result<LoginResult> login(const std::string &user, const std::string &password, const std::string &device);
    // Seconds the account stays locked (0: not locked, or no such account).
    std::int64_t lockedFor(const std::string &user);
    // Resolves a bearer token; unknown, revoked, or disabled user → unauthorized.
    Result<Caller> authenticate(const std::string &token);

private:
    // Counts a wrong password against an existing account; locks it at the limit.
    void recordFailure(const std::string &user);

    Store &m_store;
    LoginPolicy m_policy;
};

Error unauthorized();

} // namespace kyodo::server
