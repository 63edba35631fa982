// The error body every endpoint answers with (PROTOCOL.md "Common"):
// {"error": {"code", "message" (Japanese), "message_en"}}.
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

namespace kyodo::server {

inline nlohmann::json errorJson(const Error &e)
{
    return {{"error", {{"code", e.code}, {"message", e.messageJa}, {"message_en", e.messageEn}}}};
}

inline Error unavailable()
{
    return makeError("unavailable", "サーバーが一時的に利用できません。しばらくしてから再試行してください",
                     "The server is temporarily unavailable; retry later");
}

} // namespace kyodo::server
