// Record validation against the real plugin schemas (plugins/*/schema.json,
// loaded once with SchemaSet::loadDirectory). The first byte picks the record
// type (in the order SchemaSet lists them: plugins by id, types as written)
// and the scope it is saved in; the rest is a JSON value read after the
// server's nesting check, and given as a whole record (validateRecord), as an
// edit's fields (validatePatch) and as what the editor saw (validateSeen).
#include "fuzzschemas.h"
#include "jsondepth.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace kyodo;

namespace {

const std::vector<std::string> &typeIds()
{
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto &[plugin, schema] : fuzz::pluginSchemas().plugins())
            for (const TypeDef &t : schema.types)
                out.push_back(t.id);
        return out;
    }();
    return ids;
}

// One scope of each kind, and a few that are not scopes at all.
const std::vector<std::string> kScopes = {"city",         "committee", "ward:kohoku", "group:nohara",
                                          "ward:nowhere", "",          "group:"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::vector<std::string> &types = typeIds();
    const std::string &type = types[data[0] % types.size()];
    const std::string &scope = kScopes[(data[0] / types.size()) % kScopes.size()];
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
    if (!jsonNestingWithin(text))
        return 0;
    const json value = json::parse(text, nullptr, false);
    if (value.is_discarded())
        return 0;

    const SchemaSet &set = fuzz::pluginSchemas();
    const Status record = set.validateRecord(type, scope, value);
    const Status patch = set.validatePatch(type, value);
    const Status seen = set.validateSeen(type, value);
    // A valid whole record is a valid patch, and whatever a patch may write
    // an editor may have seen.
    if ((record && !patch) || (patch && !seen))
        __builtin_trap();
    return 0;
}
