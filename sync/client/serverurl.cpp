#include "serverurl.h"

#include "messages.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace kyodo {

namespace {

struct UrlFree {
    void operator()(CURLU *u) const { curl_url_cleanup(u); }
};

std::string part(CURLU *u, CURLUPart which)
{
    char *text = nullptr;
    if (curl_url_get(u, which, &text, 0) != CURLUE_OK || !text)
        return {};
    std::string out = text;
    curl_free(text);
    return out;
}

} // namespace

Result<ServerUrl> checkServerUrl(const std::string &url)
{
    std::unique_ptr<CURLU, UrlFree> u(curl_url());
    if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        return errorOf(Msg::UrlNotAUrl, {url});
    std::string scheme = part(u.get(), CURLUPART_SCHEME);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ServerUrl out{url, part(u.get(), CURLUPART_HOST), scheme == "https"};
    if (out.host.size() > 2 && out.host.front() == '[')
        out.host = out.host.substr(1, out.host.size() - 2);
    if (out.host.empty())
        return errorOf(Msg::UrlNoHost, {url});
    if (!part(u.get(), CURLUPART_USER).empty())
        return errorOf(Msg::UrlHasUserName, {url});
    if (scheme == "https")
        return out;
    if (scheme == "http" && isLoopbackHost(out.host))
        return out;
    if (scheme == "http")
        return errorOf(Msg::UrlPlainHttpNotLocal, {url});
    return errorOf(Msg::UrlNotHttps, {url});
}

} // namespace kyodo
