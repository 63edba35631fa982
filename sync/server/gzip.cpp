#include "gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace kyodo::server {

bool acceptsGzip(const std::string &acceptEncoding) { return acceptEncoding.find("gzip") != std::string::npos; }

std::string gzipFast(const std::string &data)
{
    z_stream z{};
    // 15 + 16: a gzip wrapper rather than raw zlib.
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&z, static_cast<uLong>(data.size())));
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        throw std::runtime_error("deflate failed");
    out.resize(z.total_out);
    return out;
}

} // namespace kyodo::server
