// The one registry of error codes (errorcodes.h): what the server answers,
// what kyodoctl exits with and when the app must sign in again, all read from
// the same row.
#include "errorcodes.h"

#include <gtest/gtest.h>

#include <set>

using namespace kyodo;

TEST(ErrorCodes, theProtocolStatusesComeFromTheRegistry)
{
    EXPECT_EQ(httpStatusOf(registeredError("previous_batch_missing")), 425);
    EXPECT_EQ(httpStatusOf(registeredError("client_reset")), 409);
    EXPECT_EQ(httpStatusOf(registeredError("too_many_mutations")), 429);
    EXPECT_EQ(httpStatusOf(registeredError("token_bound_elsewhere")), 401);
    EXPECT_EQ(httpStatusOf(registeredError("unavailable")), 503);
    EXPECT_EQ(httpStatusOf(registeredError("too_large")), 413);
    EXPECT_EQ(httpStatusOf(registeredError("length_required")), 411);
    EXPECT_EQ(httpStatusOf(registeredError("unsupported_media_type")), 415);
    // A plugin's own validation code is a refusal of bad input.
    EXPECT_EQ(httpStatusOf(Error{"plugin_specific", "ja", "en", {}, {}}), 400);
}

TEST(ErrorCodes, kyodoctlExitCodesByKind)
{
    EXPECT_EQ(exitCodeOf(registeredError("usage")), 2);
    EXPECT_EQ(exitCodeOf(registeredError("required")), 3);
    EXPECT_EQ(exitCodeOf(registeredError("bad_reference")), 3);
    EXPECT_EQ(exitCodeOf(registeredError("not_found")), 4);
    EXPECT_EQ(exitCodeOf(registeredError("offline")), 5);
    EXPECT_EQ(exitCodeOf(Error{"http_502", "ja", "en", {}, {}}), 5);
    EXPECT_EQ(exitCodeOf(registeredError("device_wipe")), 6);
    EXPECT_EQ(exitCodeOf(registeredError("too_many_attempts")), 6);
    EXPECT_EQ(exitCodeOf(registeredError("bad_json")), 1);
    EXPECT_EQ(exitCodeOf(Error{"http_404", "ja", "en", {}, {}}), 1);
}

TEST(ErrorCodes, onlyAnInvalidSignInSignsTheDeviceOut)
{
    for (const char *code : {"unauthorized", "token_expired", "token_bound_elsewhere", "device_wipe"})
        EXPECT_TRUE(signsOut(registeredError(code))) << code;
    for (const char *code : {"forbidden", "account_locked", "too_many_attempts", "unavailable", "not_found"})
        EXPECT_FALSE(signsOut(registeredError(code))) << code;
}

TEST(ErrorCodes, everyRegisteredCodeHasBothMessages)
{
    std::set<std::string_view> seen;
    for (const ErrorCodeInfo &info : allErrorCodes()) {
        EXPECT_TRUE(seen.insert(info.code).second) << "registered twice: " << info.code;
        const std::string code(info.code);
        const Error e = registeredError(code);
        EXPECT_EQ(e.code, code);
        EXPECT_FALSE(e.messageJa.empty()) << code;
        EXPECT_FALSE(e.messageEn.empty()) << code;
        EXPECT_NE(e.messageJa, e.messageEn) << code;
    }
    EXPECT_EQ(findErrorCode("no_such_code"), nullptr);
    EXPECT_EQ(registeredError("no_such_code", "why").detail, "why");
}
