// Password hashes, device tokens, and which scopes a role may be granted.
#include "serverfixture.h"

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

TEST(Auth, hashVerifiesOnlyTheRightPassword)
{
    const std::string h = hashPassword("正しいパスワード", 1000);
    EXPECT_EQ(h.rfind("pbkdf2-sha256$1000$", 0), 0u);
    EXPECT_TRUE(verifyPassword("正しいパスワード", h));
    EXPECT_FALSE(verifyPassword("wrong", h));
    EXPECT_FALSE(verifyPassword("正しいパスワード", "plain"));
    EXPECT_FALSE(verifyPassword("x", "pbkdf2-sha256$0$00$00"));
    EXPECT_NE(hashPassword("same", 1000), hashPassword("same", 1000)); // salted
}

TEST(Auth, defaultIterationsFollowOwasp2023)
{
    unsetenv("KYODO_PBKDF2_ITERATIONS");
    EXPECT_EQ(pbkdf2Iterations(), 600000);
    setenv("KYODO_PBKDF2_ITERATIONS", "1000", 1);
    EXPECT_EQ(pbkdf2Iterations(), 1000);
}

TEST(Auth, tokensAreRandomHexAndStoredHashed)
{
    const std::string t = newToken();
    EXPECT_EQ(t.size(), 64u);
    EXPECT_NE(t, newToken());
    EXPECT_EQ(tokenHash(t).size(), 64u);
    EXPECT_NE(tokenHash(t), t);
}

TEST(Auth, grantMustFitTheRole)
{
    EXPECT_TRUE(grantFits(Role::Staff, "ward:naka").ok());
    EXPECT_TRUE(grantFits(Role::Staff, "city").ok()); // 市民局 staff: contracts, the fund, training
    EXPECT_EQ(grantFits(Role::Staff, "committee").error().code, "grant_mismatch");
    EXPECT_TRUE(grantFits(Role::Supporter, "group:minato-npo").ok());
    EXPECT_FALSE(grantFits(Role::Supporter, "ward:naka").ok());
    EXPECT_TRUE(grantFits(Role::Committee, "committee").ok());
    EXPECT_FALSE(grantFits(Role::Committee, "city").ok());
    EXPECT_EQ(grantFits(Role::Staff, "ward:atlantis").error().code, "bad_scope");
    EXPECT_FALSE(grantFits(Role::Admin, "ward:naka").ok());
}

TEST(Auth, callerScopes)
{
    Caller s{"a", Role::Staff, {"ward:naka"}, {}, {}, {"ward:nishi"}};
    EXPECT_TRUE(s.mayWrite("ward:naka"));
    EXPECT_TRUE(s.mayRead("ward:naka"));
    EXPECT_FALSE(s.mayWrite("ward:nishi")); // granted for reading only
    EXPECT_TRUE(s.mayRead("ward:nishi"));
    EXPECT_TRUE(s.readOnly("ward:nishi"));
    EXPECT_FALSE(s.readOnly("ward:naka"));
    EXPECT_FALSE(s.mayRead("ward:kohoku"));
    Caller admin{"root", Role::Admin, {}};
    EXPECT_TRUE(admin.mayWrite("ward:nishi"));
    EXPECT_TRUE(admin.mayWrite("committee"));
    EXPECT_FALSE(admin.mayWrite("nonsense"));
    EXPECT_FALSE(admin.mayRead("nonsense"));
}

TEST(Auth, readGrantsReachFurtherThanWriteGrants)
{
    // The city clerk compiles the yearly report from every ward and the committee.
    EXPECT_FALSE(grantFits(Role::Staff, "committee").ok());
    EXPECT_TRUE(grantFits(Role::Staff, "committee", GrantAccess::Read).ok());
    EXPECT_TRUE(grantFits(Role::Staff, "ward:tsurumi", GrantAccess::Read).ok());
    EXPECT_TRUE(grantFits(Role::Committee, "city", GrantAccess::Read).ok());
    EXPECT_FALSE(grantFits(Role::Supporter, "ward:naka", GrantAccess::Read).ok());
    EXPECT_TRUE(grantFits(Role::Staff, "group:nohara", GrantAccess::Read).ok());
    EXPECT_FALSE(grantFits(Role::Staff, "group:nohara").ok());
    EXPECT_FALSE(grantFits(Role::Staff, "ward:atlantis", GrantAccess::Read).ok());
}

class AuthStoreTest : public StoreTest {
protected:
    Auth auth{store};

    void SetUp() override
    {
        StoreTest::SetUp();
        if (IsSkipped())
            return;
        setenv("KYODO_PBKDF2_ITERATIONS", "1000", 1);
        auto tx = store.beginWrite();
        tx->saveUser(UserRow{"alice", "staff", hashPassword("pw", 1000), false, {}});
        tx->addGrant("alice", "ward:naka");
        tx->commit();
    }
};

KYODO_INSTANTIATE_FOR_STORES(AuthStoreTest);

TEST_P(AuthStoreTest, loginIssuesATokenThatAuthenticates)
{
    auto login = auth.login("alice", "pw", "tablet-1");
    ASSERT_TRUE(login.ok());
    auto caller = auth.authenticate(login->token);
    ASSERT_TRUE(caller.ok());
    EXPECT_EQ(caller->user, "alice");
    EXPECT_EQ(caller->scopes, std::vector<std::string>{"ward:naka"});
    // Only the hash is stored.
    auto tx = store.beginRead();
    EXPECT_FALSE(tx->loadToken(login->token).has_value());
    EXPECT_TRUE(tx->loadToken(tokenHash(login->token)).has_value());
}

TEST_P(AuthStoreTest, readGrantsComeBackReadOnlyAndAGrantChangesItsAccess)
{
    {
        auto tx = store.beginWrite();
        tx->addGrant("alice", "ward:nishi", GrantAccess::Read);
        tx->commit();
    }
    auto login = auth.login("alice", "pw", "tablet-1");
    ASSERT_TRUE(login.ok());
    auto caller = auth.authenticate(login->token);
    ASSERT_TRUE(caller.ok());
    EXPECT_EQ(caller->scopes, std::vector<std::string>{"ward:naka"});
    EXPECT_EQ(caller->readScopes, std::vector<std::string>{"ward:nishi"});
    {
        auto tx = store.beginWrite();
        tx->addGrant("alice", "ward:nishi"); // now to write as well
        tx->addGrant("alice", "ward:naka", GrantAccess::Read);
        tx->commit();
    }
    auto tx = store.beginRead();
    auto user = tx->loadUser("alice");
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->scopes, std::vector<std::string>{"ward:nishi"});
    EXPECT_EQ(user->readScopes, std::vector<std::string>{"ward:naka"});
}

TEST_P(AuthStoreTest, wrongPasswordAndUnknownUserFail)
{
    EXPECT_EQ(auth.login("alice", "nope", "").error().code, "unauthorized");
    EXPECT_EQ(auth.login("mallory", "pw", "").error().code, "unauthorized");
}

TEST_P(AuthStoreTest, revokedTokenAndDisabledUserAreRefused)
{
    auto one = auth.login("alice", "pw", "a");
    auto two = auth.login("alice", "pw", "b");
    ASSERT_TRUE(one.ok() && two.ok());
    {
        auto tx = store.beginWrite();
        EXPECT_EQ(tx->revokeTokensByPrefix(tokenHash(one->token).substr(0, 12)), 1);
        tx->commit();
    }
    EXPECT_FALSE(auth.authenticate(one->token).ok());
    EXPECT_TRUE(auth.authenticate(two->token).ok());
    {
        auto tx = store.beginWrite();
        auto u = tx->loadUser("alice");
        u->disabled = true;
        tx->saveUser(*u);
        tx->commit();
    }
    EXPECT_FALSE(auth.authenticate(two->token).ok());
    EXPECT_FALSE(auth.login("alice", "pw", "c").ok());
}

namespace {

// Moves a token's clock: as if it were issued, or last used, `secondsAgo` ago.
void age(Store &store, const std::string &token, std::int64_t usedAgo, std::int64_t expiresIn)
{
    auto tx = store.beginWrite();
    auto t = tx->loadToken(tokenHash(token));
    ASSERT_TRUE(t.has_value());
    t->lastUsed = unixNow() - usedAgo;
    t->expires = unixNow() + expiresIn;
    tx->saveToken(*t);
    tx->commit();
}

} // namespace

// Issue 11, item 8: tokens end, by time and by the people who own them.
TEST_P(AuthStoreTest, aTokenExpiresAtItsEndAndWhenLeftUnused)
{
    TokenPolicy policy;
    Auth timed{store, LoginPolicy{}, policy};
    auto login = timed.login("alice", "pw", "tablet");
    ASSERT_TRUE(login.ok());
    EXPECT_EQ(login->expiresAt - unixNow(), policy.lifetime.count());
    EXPECT_EQ(login->expiresAt - login->renewAfter, policy.renewBefore.count());

    age(store, login->token, policy.idle.count() - 60, 3600); // used just within the idle time
    EXPECT_TRUE(timed.authenticate(login->token).ok());
    age(store, login->token, policy.idle.count() + 1, 3600); // left unused too long
    EXPECT_EQ(timed.authenticate(login->token).error().code, "token_expired");
    age(store, login->token, 0, -1); // in daily use, but past its end
    EXPECT_EQ(timed.authenticate(login->token).error().code, "token_expired");
}

TEST_P(AuthStoreTest, useRenewsTheIdleClockAnHourAtATime)
{
    auto login = auth.login("alice", "pw", "tablet");
    ASSERT_TRUE(login.ok());
    age(store, login->token, 7200, 3600);
    ASSERT_TRUE(auth.authenticate(login->token).ok());
    auto tx = store.beginRead();
    EXPECT_GE(tx->loadToken(tokenHash(login->token))->lastUsed, unixNow() - 5);
}

TEST_P(AuthStoreTest, aTokenIsBoundToItsDeviceAndEndsAtLogoutOrWipe)
{
    const std::string device = "0190b5a0-0000-7000-8000-00000000000a";
    auto login = auth.login("alice", "pw", "tablet", device);
    ASSERT_TRUE(login.ok());
    auto caller = auth.authenticate(login->token);
    ASSERT_TRUE(caller.ok());
    EXPECT_EQ(caller->boundClient, device);
    EXPECT_TRUE(auth.bindDevice(*caller, device).ok());
    EXPECT_EQ(auth.bindDevice(*caller, "0190b5a0-0000-7000-8000-00000000000b").error().code, "token_bound_elsewhere");

    // Unbound (an older device) it binds at its first use, then holds.
    auto loose = auth.login("alice", "pw", "old tablet");
    auto looseCaller = auth.authenticate(loose->token);
    ASSERT_TRUE(looseCaller.ok());
    EXPECT_TRUE(auth.bindDevice(*looseCaller, "0190b5a0-0000-7000-8000-00000000000c").ok());
    EXPECT_EQ(auth.bindDevice(*auth.authenticate(loose->token), "0190b5a0-0000-7000-8000-00000000000d").error().code,
              "token_bound_elsewhere");

    {
        auto tx = store.beginWrite();
        auto t = tx->loadToken(tokenHash(loose->token));
        t->wipe = true;
        tx->saveToken(*t);
        tx->commit();
    }
    EXPECT_EQ(auth.authenticate(loose->token).error().code, "device_wipe");

    ASSERT_TRUE(auth.logout(*caller).ok());
    EXPECT_EQ(auth.authenticate(login->token).error().code, "unauthorized");
}

// A token has one successor at a time, and signing out ends the renewal
// not used yet: a token cannot be multiplied into tokens that outlive it.
TEST_P(AuthStoreTest, aRenewalIsTheOnlySuccessorAndEndsWithTheSignOut)
{
    auto login = auth.login("alice", "pw", "tablet");
    ASSERT_TRUE(login.ok());
    auto caller = auth.authenticate(login->token);
    ASSERT_TRUE(caller.ok());
    auto first = auth.renew(*caller, "");
    auto second = auth.renew(*caller, ""); // the answer to the first was lost, say
    auto third = auth.renew(*caller, "");
    ASSERT_TRUE(first.ok() && second.ok() && third.ok());
    EXPECT_EQ(auth.authenticate(first->token).error().code, "unauthorized");
    EXPECT_EQ(auth.authenticate(second->token).error().code, "unauthorized");
    EXPECT_TRUE(auth.authenticate(login->token).ok()) << "the old token works until its renewal is used";

    // Signed out with the old token before the renewal was used: both end.
    ASSERT_TRUE(auth.logout(*caller).ok());
    EXPECT_EQ(auth.authenticate(login->token).error().code, "unauthorized");
    EXPECT_EQ(auth.authenticate(third->token).error().code, "unauthorized");

    // The usual way still holds: a renewal's first use ends the token it replaced.
    auto again = auth.login("alice", "pw", "tablet");
    auto renewed = auth.renew(*auth.authenticate(again->token), "");
    ASSERT_TRUE(renewed.ok());
    EXPECT_TRUE(auth.authenticate(renewed->token).ok());
    EXPECT_EQ(auth.authenticate(again->token).error().code, "unauthorized");
}
