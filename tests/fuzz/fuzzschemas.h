// The real plugin schemas (plugins/*/schema.json), loaded once per fuzzer
// process through the same SchemaSet::loadDirectory the server calls.
#pragma once

#include "schema.h"

#include <cstdio>
#include <cstdlib>

namespace kyodo::fuzz {

inline const SchemaSet &pluginSchemas()
{
    static const SchemaSet set = [] {
        auto loaded = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        if (!loaded) {
            std::fprintf(stderr, "fuzz: cannot load %s: %s\n", KYODO_SCHEMA_DIR, loaded.error().messageEn.c_str());
            std::abort();
        }
        return std::move(loaded.value());
    }();
    return set;
}

} // namespace kyodo::fuzz
