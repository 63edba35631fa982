#include "encodingprobe.h"

#include <curl/curl.h>

#include <chrono>

namespace kyodo::bench {

namespace {

size_t discard(char *, size_t size, size_t count, void *) { return size * count; }

} // namespace

std::vector<EncodingTiming> probeEncodings(const std::string &url, const std::string &caFile, const std::string &token,
                                           const std::string &body)
{
    std::vector<EncodingTiming> out;
    for (const char *encoding : {"br", "gzip", "identity"}) {
        CURL *curl = curl_easy_init();
        if (!curl)
            return out;
        curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, encoding);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 300'000L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        EncodingTiming t;
        t.encoding = encoding;
        const auto t0 = std::chrono::steady_clock::now();
        if (curl_easy_perform(curl) == CURLE_OK) {
            t.ms = 1000.0 * std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            curl_off_t wire = 0;
            curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &wire);
            t.wireBytes = static_cast<double>(wire);
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.status);
        }
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        out.push_back(t);
    }
    return out;
}

} // namespace kyodo::bench
