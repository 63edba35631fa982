// A record as the engine sees it: {id, type, scope, fields} plus its causal
// length `cl` (odd = live, even = deleted). The canonical document of a record
// is what gets hashed for checksums and what travels on the wire, so client
// and server can compare replicas byte for byte.
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kyodo {

using json = nlohmann::json;

struct Record {
    std::string id;
    std::string type;
    std::string scope;
    std::int64_t cl = 1;
    json fields = json::object();

    bool deleted() const { return cl % 2 == 0; }
};

// Canonical JSON: keys sorted, no insignificant whitespace, UTF-8 as is;
// byte for byte nlohmann's dump() (whose std::map keeps keys sorted).
// Invalid UTF-8 throws json::type_error, as dump() does.
std::string canonicalJson(const json &value);
void appendCanonicalJson(std::string &out, const json &value);

json recordToDoc(const Record &record);
std::string canonicalDoc(const Record &record);
Result<Record> recordFromDoc(const json &doc);

} // namespace kyodo
