// /v1/pull request bodies, read as HttpApi::pull reads them: the nesting
// check (kyodo::jsonNestingWithin), json::parse without exceptions, "must be
// an object" (HttpApi::body), then the real pullRequestFromJson.
#include "jsondepth.h"
#include "pullservice.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kyodo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    if (!jsonNestingWithin(text))
        return 0;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return 0;
    auto request = server::pullRequestFromJson(j);
    if (!request)
        return 0;
    // What the service relies on: a bounded positive limit, no negative cursor.
    if (request->limit < 1 || request->limit > kMaxPullLimit)
        __builtin_trap();
    for (const auto &[scope, cursor] : request->cursors)
        if (cursor < 0)
            __builtin_trap();
    return 0;
}
