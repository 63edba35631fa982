// One logfmt line per request on stderr (`ts= method= path= status= ms=
// user= peer= bytes=`). Every value that came from outside is escaped, so no
// request can write a line of its own into the log.
#pragma once

#include <cstddef>
#include <string>

namespace kyodo::server {

// A logfmt value: as it is when plain, else quoted with every control byte,
// quote and backslash escaped ("-" when empty).
std::string logValue(const std::string &value);

void logRequest(const std::string &method, const std::string &path, int status, double ms, const std::string &user,
                const std::string &peer, std::size_t bytes);

} // namespace kyodo::server
