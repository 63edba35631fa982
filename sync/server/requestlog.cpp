#include "requestlog.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace kyodo::server {

namespace {

std::string nowIso()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

} // namespace

// httplib hands over the path decoded: "%0A" is a newline by now.
std::string logValue(const std::string &v)
{
    if (v.empty())
        return "-";
    const bool plain = std::all_of(
        v.begin(), v.end(), [](unsigned char c) { return c > 0x20 && c != 0x7f && c != '"' && c != '\\' && c != '='; });
    if (plain)
        return v;
    std::string out = "\"";
    for (const unsigned char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

void logRequest(const std::string &method, const std::string &path, int status, double ms, const std::string &user,
                const std::string &peer, std::size_t bytes)
{
    const std::string line = "ts=" + nowIso() + " method=" + logValue(method) + " path=" + logValue(path) +
                             " status=" + std::to_string(status) + " ms=" + std::to_string(ms) +
                             " user=" + logValue(user) + " peer=" + logValue(peer) + " bytes=" + std::to_string(bytes) +
                             "\n";
    std::fputs(line.c_str(), stderr); // one write per line keeps lines whole across threads
}

} // namespace kyodo::server
