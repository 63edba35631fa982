// How deeply a JSON text nests, counted without parsing it.
//
// nlohmann/json parses iteratively, but copying, dumping and comparing a
// value recurse once per level: a 200 KB body of nested arrays overflows a
// thread's stack the first time such a value is copied. Every JSON text that
// comes from outside (a request body, a file to import) is checked against
// kMaxJsonDepth before it is parsed, and the streaming push parser counts the
// same levels as it goes. Nothing Kyodo exchanges nests deeper than a handful
// of levels (a push: body, mutations, mutation, fields, value).
#pragma once

#include <string_view>

namespace kyodo {

inline constexpr int kMaxJsonDepth = 32;

// True when no array or object in `text` is nested more than `limit` levels
// deep (brackets inside strings do not count). Malformed text is left for the
// parser to refuse; this only bounds the nesting.
bool jsonNestingWithin(std::string_view text, int limit = kMaxJsonDepth);

} // namespace kyodo
