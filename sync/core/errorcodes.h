// One registry of the error codes Kyodo gives (Error::code): for each, what
// the server answers a request refused with it (HTTP status), what kyodoctl
// exits with, whether the app must sign in again, and its message when
// nothing more specific is said. The server (httpapi, pushservice), kyodoctl
// and the app's sync read it here instead of keeping their own lists.
//
// Codes not in the registry (a plugin's own validation codes) are refusals of
// bad input: HTTP 400, exit status 1. Transport errors "http_<status>" for an
// answer the client could not read are looked up by their status class.
#pragma once

#include "result.h"

#include <span>
#include <string_view>

namespace kyodo {

// kyodoctl's exit statuses (README "kyodoctl"), by kind of failure.
enum class ExitCode : int {
    Failed = 1,      // anything else
    Usage = 2,       // wrong command line
    Invalid = 3,     // the data was refused: validation, state of the record
    NotFound = 4,    // no such record, change or endpoint
    Unreachable = 5, // offline, TLS, the server unavailable
    Denied = 6,      // not signed in, expired, revoked, locked out, not allowed
};

struct ErrorCodeInfo {
    std::string_view code;
    int httpStatus; // the server's answer to a request refused with it
    ExitCode exit;
    bool signsOut; // the device's sign-in is no longer valid: sign in again
    std::string_view messageJa;
    std::string_view messageEn;
};

// Every row, in the registry's order (for tests and documentation).
std::span<const ErrorCodeInfo> allErrorCodes();

// The registry's row for `code`, or nullptr.
const ErrorCodeInfo *findErrorCode(std::string_view code);

int httpStatusOf(const Error &e);
int exitCodeOf(const Error &e);
bool signsOut(const Error &e);

// An error with the registry's message for `code` (which must be registered),
// and `detail` for logs.
Error registeredError(std::string_view code, std::string detail = {});

} // namespace kyodo
