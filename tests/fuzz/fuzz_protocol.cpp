// The wire types of core/protocol.h: each input is one JSON document, read
// after the server's nesting check (jsonNestingWithin, then json::parse
// without exceptions), and given to mutationFromJson, resultFromJson and
// conflictFromJson. A mutation that parses must survive the trip a device
// makes with it: mutationToJson on the device, mutationFromJson on the server.
#include "jsondepth.h"
#include "protocol.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kyodo;

namespace {

bool same(const Mutation &a, const Mutation &b)
{
    return a.cseq == b.cseq && a.mid == b.mid && a.op == b.op && a.record == b.record && a.type == b.type &&
           a.scope == b.scope && a.schemaVersion == b.schemaVersion && a.fields == b.fields && a.base == b.base &&
           a.prev == b.prev && a.baseCl == b.baseCl && a.baseRev == b.baseRev && a.hlc == b.hlc &&
           a.conflict == b.conflict && a.take == b.take;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    if (!jsonNestingWithin(text))
        return 0;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return 0;

    if (auto m = mutationFromJson(j)) {
        auto again = mutationFromJson(mutationToJson(*m));
        if (!again || !same(*m, *again))
            __builtin_trap();
    }
    if (auto r = resultFromJson(j))
        (void)resultToJson(*r).dump();
    if (auto c = conflictFromJson(j))
        (void)conflictToJson(*c).dump();
    return 0;
}
