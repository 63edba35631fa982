// Response compression, done by the server itself rather than cpp-httplib:
// Debian's httplib answers brotli at its slowest quality whenever a client
// offers it (16 s for one pull page, a denial of service waiting to happen),
// and gzips at the default level. Fast gzip (level 1) keeps most of the
// saving on a ward office's link for a fraction of the CPU.
#pragma once

#include <string>

namespace kyodo::server {

bool acceptsGzip(const std::string &acceptEncoding);
std::string gzipFast(const std::string &data);

} // namespace kyodo::server
