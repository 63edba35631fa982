#include "auth.h"

#include "errorcodes.h"

#include "messages.h"
#include "scope.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace kyodo::server {

namespace {

std::string toHex(const unsigned char *data, std::size_t n)
{
    static const char digits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xf];
    }
    return out;
}

bool fromHex(const std::string &hex, std::vector<unsigned char> &out)
{
    if (hex.size() % 2)
        return false;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out.push_back(static_cast<unsigned char>(hi * 16 + lo));
    }
    return true;
}

std::vector<unsigned char> randomBytes(std::size_t n)
{
    std::vector<unsigned char> b(n);
    if (RAND_bytes(b.data(), static_cast<int>(n)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return b;
}

std::vector<unsigned char> pbkdf2(const std::string &password, const std::vector<unsigned char> &salt, int iterations)
{
    std::vector<unsigned char> out(32);
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(out.size()),
                          out.data()) != 1)
        throw std::runtime_error("PKCS5_PBKDF2_HMAC failed");
    return out;
}

} // namespace

int pbkdf2Iterations()
{
    if (const char *env = std::getenv("KYODO_PBKDF2_ITERATIONS")) {
        int n = std::atoi(env);
        if (n >= 1)
            return n;
    }
    return kDefaultPbkdf2Iterations;
}

std::string hashPassword(const std::string &password, int iterations)
{
    const auto salt = randomBytes(16);
    const auto hash = pbkdf2(password, salt, iterations);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + toHex(salt.data(), salt.size()) + "$" +
           toHex(hash.data(), hash.size());
}

bool verifyPassword(const std::string &password, const std::string &stored)
{
    // pbkdf2-sha256$<iterations>$<salt>$<hash>
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t pos; (pos = stored.find('$', start)) != std::string::npos; start = pos + 1)
        parts.push_back(stored.substr(start, pos - start));
    parts.push_back(stored.substr(start));
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256")
        return false;
    const int iterations = std::atoi(parts[1].c_str());
    std::vector<unsigned char> salt, expected;
    if (iterations < 1 || !fromHex(parts[2], salt) || !fromHex(parts[3], expected) || expected.empty())
        return false;
    std::vector<unsigned char> actual(expected.size());
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(actual.size()),
                          actual.data()) != 1)
        return false;
    return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

std::string newToken()
{
    const auto b = randomBytes(32);
    return toHex(b.data(), b.size());
}

std::string tokenHash(const std::string &token)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(token.data()), token.size(), digest);
    return toHex(digest, sizeof digest);
}

const char *roleName(Role role)
{
    switch (role) {
    case Role::Staff: return "staff";
    case Role::Supporter: return "supporter";
    case Role::Committee: return "committee";
    case Role::Admin: return "admin";
    }
    return "?";
}

std::optional<Role> parseRole(const std::string &name)
{
    for (Role r : {Role::Staff, Role::Supporter, Role::Committee, Role::Admin})
        if (name == roleName(r))
            return r;
    return std::nullopt;
}

Status grantFits(Role role, const std::string &scope, GrantAccess access)
{
    auto kind = scopeKind(scope);
    if (!kind)
        return kind.error();
    // Staff work in a ward (区民活動支援センター, 地域振興課) or for the city
    // (市民局: contracts, the fund, training); supporters with their groups.
    // 市民局 compiles the yearly report from every ward's, the committee's and
    // the accompanied groups' records, so staff may read those; committee
    // members read the city's.
    const bool read = access == GrantAccess::Read;
    std::vector<std::string> want;
    switch (role) {
    case Role::Staff:
        want = read ? std::vector<std::string>{"ward", "city", "committee", "group"}
                    : std::vector<std::string>{"ward", "city"};
        break;
    case Role::Supporter: want = {"group"}; break;
    case Role::Committee:
        want = read ? std::vector<std::string>{"committee", "city"} : std::vector<std::string>{"committee"};
        break;
    case Role::Admin: return errorOf(Msg::AdminNeedsNoGrant);
    }
    if (std::find(want.begin(), want.end(), *kind) == want.end()) {
        std::string kinds;
        for (const auto &k : want)
            kinds += (kinds.empty() ? "" : " / ") + k;
        return errorOf(Msg::GrantKindMismatch, {roleName(role), scope, kinds});
    }
    return {};
}

bool Caller::mayWrite(const std::string &scope) const
{
    if (admin())
        return scopeKind(scope).ok();
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool Caller::mayRead(const std::string &scope) const
{
    return mayWrite(scope) || std::find(readScopes.begin(), readScopes.end(), scope) != readScopes.end();
}

Error unauthorized() { return registeredError("unauthorized"); }

Error tokenExpired() { return registeredError("token_expired"); }

Error deviceWipe() { return registeredError("device_wipe"); }

Error tokenBoundElsewhere() { return registeredError("token_bound_elsewhere"); }

Result<LoginResult> Auth::login(const std::string &user, const std::string &password, const std::string &device,
                                const std::string &clientId)
{
    std::optional<UserRow> row;
    {
        auto tx = m_store.beginRead();
        row = tx->loadUser(user);
    }
    if (row && row->lockedUntil > unixNow())
        return accountLocked(row->lockedUntil - unixNow());
    // Unknown users still pay for one hash so timing does not reveal which names exist.
    static const std::string dummy = hashPassword("dummy", pbkdf2Iterations());
    const bool ok = verifyPassword(password, row ? row->passwordHash : dummy);
    if (row && !ok)
        recordFailure(user);
    if (!row || !ok || row->disabled)
        return unauthorized();
    auto role = parseRole(row->role);
    if (!role)
        return unauthorized();
    auto tx = m_store.beginWrite();
    LoginResult out = issue(*tx, Caller{row->name, *role, row->scopes, {}, {}, row->readScopes}, device, clientId, {});
    if (row->failedLogins != 0) {
        if (auto fresh = tx->loadUser(user)) {
            fresh->failedLogins = 0;
            tx->saveUser(*fresh);
        }
    }
    tx->commit();
    return out;
}

void Auth::recordFailure(const std::string &user)
{
    auto tx = m_store.beginWrite();
    auto row = tx->loadUser(user); // again, inside the writer: tries in parallel all count
    if (!row)
        return;
    if (++row->failedLogins >= m_policy.lockAfter) {
        row->failedLogins = 0;
        row->lockedUntil = unixNow() + m_policy.lockFor.count();
        tx->appendAudit(
            {0, unixNow(), user, "", "", "lockout", "locked", "", "", "until " + std::to_string(row->lockedUntil)});
    }
    tx->saveUser(*row);
    tx->commit();
}

std::int64_t Auth::lockedFor(const std::string &user)
{
    auto tx = m_store.beginRead();
    auto row = tx->loadUser(user);
    return row ? std::max<std::int64_t>(0, row->lockedUntil - unixNow()) : 0;
}

std::int64_t unixNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

LoginResult Auth::issue(StoreTx &tx, Caller caller, const std::string &device, const std::string &clientId,
                        const std::string &replaces)
{
    LoginResult out;
    out.token = newToken();
    const std::int64_t now = unixNow();
    out.expiresAt = now + m_tokens.lifetime.count();
    out.renewAfter = out.expiresAt - std::min(m_tokens.renewBefore, m_tokens.lifetime).count();
    caller.tokenHash = tokenHash(out.token);
    caller.boundClient = clientId;
    tx.insertToken(
        TokenRow{caller.tokenHash, caller.user, device, now, false, now, out.expiresAt, clientId, false, replaces});
    out.caller = std::move(caller);
    return out;
}

Result<Caller> Auth::authenticate(const std::string &token)
{
    if (token.size() != 64)
        return unauthorized();
    const std::string hash = tokenHash(token);
    std::optional<TokenRow> t;
    std::optional<UserRow> u;
    {
        auto tx = m_store.beginRead();
        t = tx->loadToken(hash);
        if (t && !t->revoked)
            u = tx->loadUser(t->user);
    }
    if (!t || t->revoked)
        return unauthorized();
    if (t->wipe)
        return deviceWipe();
    const std::int64_t now = unixNow();
    // Tokens from before expiry existed count from their creation.
    const std::int64_t expires = t->expires > 0 ? t->expires : t->created + m_tokens.lifetime.count();
    const std::int64_t lastUsed = t->lastUsed > 0 ? t->lastUsed : t->created;
    if (now >= expires || now - lastUsed >= m_tokens.idle.count())
        return tokenExpired();
    if (!u || u->disabled)
        return unauthorized();
    auto role = parseRole(u->role);
    if (!role)
        return unauthorized();
    // Use is noted to the hour (one write per device and hour, not per
    // request); a renewed token's first use ends the token it replaced.
    const bool firstUseOfRenewal = !t->replaces.empty() && t->lastUsed <= t->created;
    if (now - t->lastUsed >= 3600 || firstUseOfRenewal) {
        auto tx = m_store.beginWrite();
        if (auto fresh = tx->loadToken(hash)) {
            if (firstUseOfRenewal) {
                if (auto old = tx->loadToken(fresh->replaces)) {
                    old->revoked = true;
                    tx->saveToken(*old);
                }
            }
            fresh->lastUsed = std::max(now, fresh->created + 1);
            tx->saveToken(*fresh);
            tx->commit();
        }
    }
    return Caller{u->name, *role, u->scopes, hash, t->clientId, u->readScopes};
}

Status Auth::bindDevice(const Caller &caller, const std::string &clientId)
{
    if (caller.tokenHash.empty() || caller.boundClient == clientId)
        return {};
    if (!caller.boundClient.empty())
        return tokenBoundElsewhere();
    auto tx = m_store.beginWrite();
    auto t = tx->loadToken(caller.tokenHash);
    if (!t)
        return unauthorized();
    if (!t->clientId.empty() && t->clientId != clientId)
        return tokenBoundElsewhere(); // bound by a request in parallel
    t->clientId = clientId;
    tx->saveToken(*t);
    tx->commit();
    return {};
}

Result<LoginResult> Auth::renew(const Caller &caller, const std::string &clientId)
{
    auto tx = m_store.beginWrite();
    auto t = tx->loadToken(caller.tokenHash);
    if (!t || t->revoked)
        return unauthorized();
    // One successor at a time: renewing again (the answer to the last renewal
    // was lost) ends the renewal not used yet, so a token cannot be
    // multiplied into many that outlive it.
    tx->revokeRenewalsOf(t->hash);
    LoginResult out = issue(*tx, caller, t->device, clientId.empty() ? t->clientId : clientId, t->hash);
    tx->commit();
    return out;
}

Status Auth::logout(const Caller &caller)
{
    auto tx = m_store.beginWrite();
    auto t = tx->loadToken(caller.tokenHash);
    if (!t)
        return unauthorized();
    t->revoked = true;
    tx->saveToken(*t);
    tx->revokeRenewalsOf(t->hash); // a renewal not used yet would outlive the sign-out
    tx->commit();
    return {};
}

} // namespace kyodo::server
