// Diagnosis for the report: the same request sent with libcurl three times,
// each accepting only one response encoding (br, gzip, identity), so the cost
// of the server's response compression shows up separately from everything
// else. Only for idempotent requests (a pull, or a push replayed with cseqs
// the server already answered).
#pragma once

#include <string>
#include <vector>

namespace kyodo::bench {

struct EncodingTiming {
    std::string encoding;
    double ms = 0;
    double wireBytes = 0; // bytes as received, before decoding
    long status = 0;
};

std::vector<EncodingTiming> probeEncodings(const std::string &url, const std::string &caFile, const std::string &token,
                                           const std::string &body);

} // namespace kyodo::bench
