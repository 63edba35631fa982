// Turns command-line `field=value` words into typed JSON by the record type's
// schema, so `participants=12` becomes a number and `cost=12,000` a yen amount.
#pragma once

#include "result.h"
#include "schema.h"

#include <string>
#include <vector>

namespace kyodo {

Result<json> parseFieldArgs(const TypeDef *type, const std::vector<std::string> &words);
Result<json> parseFieldValue(const FieldDef *def, const std::string &text);

} // namespace kyodo
