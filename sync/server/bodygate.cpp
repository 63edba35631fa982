#include "bodygate.h"

#include "attachment.h"
#include "errorcodes.h"
#include "messages.h"

#include <algorithm>
#include <cctype>

namespace kyodo::server {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trimmed(const std::string &s)
{
    const auto first = s.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// A Content-Length as HTTP writes it: decimal digits only, no sign, no spaces.
std::optional<std::size_t> parseLength(const std::string &text)
{
    if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), ::isdigit))
        return std::nullopt;
    return static_cast<std::size_t>(std::stoull(text));
}

// A Content-Type without its parameters (charset), in lower case.
std::string mediaType(const std::string &contentType)
{
    return trimmed(lower(contentType.substr(0, contentType.find(';'))));
}

// POST /v1/blobs/<sha256>/chunks/<i>: the rest of the path is checked by the route.
bool isChunkUpload(const std::string &path)
{
    return path.starts_with("/v1/blobs/") && path.find("/chunks/") != std::string::npos;
}

// The status is the registry's for the code (errorcodes.h).
Refusal refusal(Error e)
{
    const int status = httpStatusOf(e);
    return {status, std::move(e)};
}

} // namespace

std::optional<Refusal> refuseBeforeBody(const RequestHead &head, std::size_t maxBody)
{
    if (!head.transferEncoding.empty())
        return refusal(errorOf(Msg::ChunkedBodyRefused));
    const std::string encoding = lower(head.contentEncoding);
    if (!encoding.empty() && encoding != "identity")
        return refusal(errorOf(Msg::CompressedBodyRefused, {head.contentEncoding}));
    std::optional<std::size_t> length = std::size_t(0);
    if (head.hasContentLength) {
        length = parseLength(head.contentLength);
        if (!length)
            return refusal(errorOf(Msg::MalformedContentLength));
    }
    // The API has GETs and POSTs only; httplib would read the body of any
    // other method before a handler could say so.
    if (head.method != "GET" && head.method != "HEAD" && head.method != "POST")
        return refusal(registeredError("method_not_allowed"));
    if (head.method != "POST") {
        if (*length > 0)
            return refusal(errorOf(Msg::MethodTakesNoBody));
        return std::nullopt;
    }
    // A POST to a blob but not to one of its chunks is never taken: the
    // route's own 404 or 405 is answered from the head (httpapi), not a
    // complaint about the body's type or length.
    if (head.path.starts_with("/v1/blobs/") && !isChunkUpload(head.path))
        return std::nullopt;
    if (!head.hasContentLength)
        return refusal(registeredError("length_required"));
    if (isChunkUpload(head.path)) {
        // The one body that is not JSON: an attachment's chunk, its bytes as they are.
        if (*length > static_cast<std::size_t>(kBlobChunkSize))
            return refusal(errorOf(Msg::ChunkTooLarge, {kBlobChunkSize}));
        if (*length > 0 && mediaType(head.contentType) != "application/octet-stream")
            return refusal(errorOf(Msg::ChunkNotBytes));
        return std::nullopt;
    }
    const std::size_t limit = head.path == "/v1/login" ? std::min(maxBody, kMaxLoginBody) : maxBody;
    if (*length > limit)
        return refusal(errorOf(Msg::BodyTooLarge, {limit}));
    if (*length > 0) {
        // "application/json" with parameters (charset) or none.
        if (mediaType(head.contentType) != "application/json")
            return refusal(registeredError("unsupported_media_type"));
    }
    return std::nullopt;
}

} // namespace kyodo::server
