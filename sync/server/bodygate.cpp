#include "bodygate.h"

#include "errorcodes.h"

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

// The status is the registry's for the code (errorcodes.h).
Refusal refusal(const char *code, const std::string &ja, const std::string &en)
{
    Error e = makeError(code, ja, en);
    return {httpStatusOf(e), std::move(e)};
}

} // namespace

std::optional<Refusal> refuseBeforeBody(const RequestHead &head, std::size_t maxBody)
{
    if (!head.transferEncoding.empty())
        return refusal("length_required",
                       "本文は長さ（Content-Length）を付けて送ってください。分割転送（chunked）は受け付けません",
                       "Send the body with a Content-Length; chunked transfer is not accepted");
    const std::string encoding = lower(head.contentEncoding);
    if (!encoding.empty() && encoding != "identity")
        return refusal("unsupported_encoding",
                       "圧縮された本文（Content-Encoding: " + head.contentEncoding + "）は受け付けません",
                       "Compressed request bodies (Content-Encoding: " + head.contentEncoding + ") are not accepted");
    std::optional<std::size_t> length = std::size_t(0);
    if (head.hasContentLength) {
        length = parseLength(head.contentLength);
        if (!length)
            return refusal("bad_request", "Content-Length が正しくありません", "Malformed Content-Length");
    }
    // The API has GETs and POSTs only; httplib would read the body of any
    // other method before a handler could say so.
    if (head.method != "GET" && head.method != "HEAD" && head.method != "POST")
        return refusal("method_not_allowed", "このURLではそのメソッドは使えません", "Method not allowed here");
    if (head.method != "POST") {
        if (*length > 0)
            return refusal("bad_request", "このメソッドに本文は付けられません", "This method takes no body");
        return std::nullopt;
    }
    if (!head.hasContentLength)
        return refusal("length_required", "本文の長さ（Content-Length）が必要です", "A Content-Length is required");
    const std::size_t limit = head.path == "/v1/login" ? std::min(maxBody, kMaxLoginBody) : maxBody;
    if (*length > limit)
        return refusal("too_large", "リクエストが大きすぎます（" + std::to_string(limit) + " バイトまで）",
                       "Request body too large (at most " + std::to_string(limit) + " bytes)");
    if (*length > 0) {
        // "application/json" with parameters (charset) or none.
        if (trimmed(lower(head.contentType.substr(0, head.contentType.find(';')))) != "application/json")
            return refusal("unsupported_media_type", "本文は JSON（Content-Type: application/json）で送ってください",
                           "Send the body as JSON (Content-Type: application/json)");
    }
    return std::nullopt;
}

} // namespace kyodo::server
