// The error body every endpoint answers with (PROTOCOL.md "Common"):
// {"error": {"code", "message" (Japanese), "message_en"}}.
#pragma once

#include "errorcodes.h"
#include "result.h"

#include <nlohmann/json.hpp>

namespace kyodo::server {

inline nlohmann::json errorJson(const Error &e)
{
    return {{"error", {{"code", e.code}, {"message", e.messageJa}, {"message_en", e.messageEn}}}};
}

inline Error unavailable() { return registeredError("unavailable"); }

} // namespace kyodo::server
