// /v1/push bodies through the server's streaming parser: the bytes go to a
// kyodo::server::PushStream exactly as HttpApi::push hands it the request
// body, and each mutation it parses is prepared by the real
// PushService::prepare (validation, canonical document, checksum) of an
// admin caller, against the real plugin schemas. The writer's side is played
// by draining header() and next() until the stream ends or fails.
#include "fuzzschemas.h"
#include "pushservice.h"
#include "pushstream.h"
#include "sqlitestore.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kyodo;
using namespace kyodo::server;

namespace {

struct Server {
    // prepare() never touches the store; the service only needs one to exist.
    SqliteStore store{":memory:"};
    PushService service{store, fuzz::pluginSchemas()};
    Caller admin{"fuzz-admin", Role::Admin, {}};
};

Server &theServer()
{
    static Server s;
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Server &s = theServer();
    const std::string_view body(reinterpret_cast<const char *>(data), size);
    PushStream stream(body, [&s](Mutation m) { return s.service.prepare(s.admin, std::move(m)); });
    if (!stream.header())
        return 0;
    for (std::size_t n = 0;; ++n) {
        auto next = stream.next();
        if (!next || !*next)
            break;
        if (n >= kMaxMutationsPerPush)
            __builtin_trap(); // the stream must refuse the 1,001st mutation
    }
    return 0;
}
