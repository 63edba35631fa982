// One plugin schema document (what plugins/<area>/schema.json holds), parsed
// as SchemaSet::loadDirectory parses each file (json::parse without
// exceptions, then SchemaSet::add). A schema that loads is then used the way
// the server and the devices use it: served and read back
// (toJson → SchemaSet::fromJson, as GET /v1/schemas and a device do), and
// every type asked to validate an empty record and an empty patch.
#include "schema.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kyodo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const json file = json::parse(text, nullptr, false);
    if (file.is_discarded())
        return 0;
    SchemaSet set;
    if (!set.add(file, "fuzz/schema.json"))
        return 0;

    auto served = SchemaSet::fromJson(set.toJson());
    if (!served)
        __builtin_trap(); // a schema the server loaded must load on a device
    for (const auto &[plugin, schema] : served->plugins())
        for (const TypeDef &t : schema.types) {
            for (const std::string &kind : t.scopeKinds)
                (void)served->validateRecord(t.id,
                                             kind == "ward"    ? "ward:kohoku"
                                             : kind == "group" ? "group:g"
                                                               : kind,
                                             json::object());
            (void)served->validatePatch(t.id, json::object());
        }
    (void)set.reports();
    return 0;
}
