// Scopes are the unit of access and replication: ward:<romaji>, group:<id>,
// committee, city (DESIGN.md §2).
#pragma once

#include "result.h"

#include <string>
#include <vector>

namespace kyodo {

struct Ward {
    const char *romaji;
    const char *ja;
};

const std::vector<Ward> &wards();
const Ward *findWard(const std::string &romaji);

// "ward", "group", "committee" or "city"; an error for anything else.
Result<std::string> scopeKind(const std::string &scope);

} // namespace kyodo
