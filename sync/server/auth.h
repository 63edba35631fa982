// Who may do what (DESIGN.md §3 "Auth"). Passwords are stored only as
// PBKDF2-SHA256 hashes (`pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`),
// device tokens only as their SHA-256. The server decides every scope from
// the token, for pull and push alike; a role limits which scope kinds a
// user can be granted, so a misconfigured grant fails loudly at `user grant`.
#pragma once

#include "loginguard.h"
#include "result.h"
#include "store.h"

#include <chrono>
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
// Reading reaches further: staff (the city clerk compiling the yearly report)
// may be given every ward, the city, the committee and the groups to read.
Status grantFits(Role role, const std::string &scope, GrantAccess access = GrantAccess::Write);

// The authenticated caller of one request.
struct Caller {
    Caller() = default;
    Caller(std::string user, Role role, std::vector<std::string> scopes, std::string tokenHash = {},
           std::string boundClient = {}, std::vector<std::string> readScopes = {})
        : user(std::move(user)),
          role(role),
          scopes(std::move(scopes)),
          readScopes(std::move(readScopes)),
          tokenHash(std::move(tokenHash)),
          boundClient(std::move(boundClient))
    {}

    std::string user;
    Role role = Role::Staff;
    std::vector<std::string> scopes;     // grants to read and write; an admin may use every scope
    std::vector<std::string> readScopes; // grants to read only
    std::string tokenHash;               // the device token it came with ("" for in-process callers)
    std::string boundClient;             // the client id that token is bound to ("": not yet)
    std::string peer;                    // the client address of this request, for the audit log

    bool admin() const { return role == Role::Admin; }
    // Pull, report, history and references: every grant.
    bool mayRead(const std::string &scope) const;
    // Every change (create, edit, delete, move, resolve): grants to write only.
    bool mayWrite(const std::string &scope) const;
    bool readOnly(const std::string &scope) const { return mayRead(scope) && !mayWrite(scope); }
};

// How long a device token lives (DESIGN.md §3 "Auth"). A device in use
// renews its token silently before the end; one left unused for `idle` is
// refused, as is every token after `lifetime`.
struct TokenPolicy {
    std::chrono::seconds lifetime{90 * 24 * 3600};
    std::chrono::seconds idle{30 * 24 * 3600};
    std::chrono::seconds renewBefore{30 * 24 * 3600}; // renewal offered this long before the end
};

struct LoginResult {
    std::string token;
    Caller caller;
    std::int64_t expiresAt = 0;  // Unix seconds
    std::int64_t renewAfter = 0; // Unix seconds: the device asks for a new token from then on
};

// A token bound to another device, a device ordered to delete its replica,
// a token past its time: each a 401 with its own code and words.
Error tokenExpired();
Error deviceWipe();
Error tokenBoundElsewhere();

// Seconds since the Unix epoch, as the store keeps times.
std::int64_t unixNow();

class Auth {
public:
    explicit Auth(Store &store, LoginPolicy policy = {}, TokenPolicy tokens = {})
        : m_store(store), m_policy(policy), m_tokens(tokens)
    {}

    // Checks the password and issues a new device token. Errors: unauthorized,
    // account_locked (after policy.lockAfter failures in a row, for policy.lockFor).
    Result<LoginResult> login(const std::string &user, const std::string &password, const std::string &device,
                              const std::string &clientId = {});
    // Seconds the account stays locked (0: not locked, or no such account).
    std::int64_t lockedFor(const std::string &user);
    // Resolves a bearer token; unknown, revoked, or disabled user → unauthorized;
    // past its time → token_expired; marked for wipe → device_wipe. Notes its
    // use (to the hour) and, at a renewed token's first use, revokes the old one.
    Result<Caller> authenticate(const std::string &token);
    // A token used with `clientId` is bound to it at first use; another client
    // id is refused (token_bound_elsewhere).
    Status bindDevice(const Caller &caller, const std::string &clientId);
    // A new token for the caller's device (bound to `clientId` when given, for
    // a device that had to take a new client id). The old one stays valid
    // until the new one is first used, so a lost answer locks nobody out.
    Result<LoginResult> renew(const Caller &caller, const std::string &clientId);
    // Ends the caller's token on the server (sign-out).
    Status logout(const Caller &caller);

private:
    // Counts a wrong password against an existing account; locks it at the limit.
    void recordFailure(const std::string &user);
    // Issues and stores a token for `caller` on `device`.
    LoginResult issue(StoreTx &tx, Caller caller, const std::string &device, const std::string &clientId,
                      const std::string &replaces);

    Store &m_store;
    LoginPolicy m_policy;
    TokenPolicy m_tokens;
};

Error unauthorized();

} // namespace kyodo::server
