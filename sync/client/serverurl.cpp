#include "serverurl.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace kyodo {

namespace {

Error refused(const std::string &url, const std::string &ja, const std::string &en)
{
    return makeError("insecure_url", "サーバーの URL「" + url + "」は使えません: " + ja,
                     "The server URL '" + url + "' cannot be used: " + en);
}

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
        return refused(url, "URL として読めません（例: https://kyodo.example.jp）",
                       "it is not a URL (for example https://kyodo.example.jp)");
    std::string scheme = part(u.get(), CURLUPART_SCHEME);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ServerUrl out{url, part(u.get(), CURLUPART_HOST), scheme == "https"};
    if (out.host.size() > 2 && out.host.front() == '[')
        out.host = out.host.substr(1, out.host.size() - 2);
    if (out.host.empty())
        return refused(url, "ホスト名がありません", "it names no host");
    if (!part(u.get(), CURLUPART_USER).empty())
        return refused(url, "URL に利用者名を含めることはできません", "it must not carry a user name");
    if (scheme == "https")
        return out;
    if (scheme == "http" && isLoopbackHost(out.host))
        return out;
    if (scheme == "http")
        return refused(
            url,
            "暗号化されない http はこの端末内（127.0.0.1 など）のサーバーにだけ使えます。https:// で始めてください",
            "unencrypted http is only for a server on this machine (127.0.0.1 and the like); use https://");
    return refused(url, "https:// で始めてください", "it must start with https://");
}

} // namespace kyodo
