#include "serverconfig.h"

#include "protocol.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace kyodo::server {

namespace {

enum class Kind { Text, Flag, Count, Listen };

struct Setting {
    const char *key;
    Kind kind;
    long long min = 0, max = 0; // for Count
    const char *what;           // for messages: what the value is
};

const Setting kSettings[] = {
    {"db", Kind::Text, 0, 0, "a SQLite file or postgresql://USER@HOST:PORT/DB"},
    {"listen", Kind::Listen, 0, 0, "HOST:PORT"},
    {"cert", Kind::Text, 0, 0, "the TLS certificate file (PEM)"},
    {"key", Kind::Text, 0, 0, "the TLS key file (PEM)"},
    {"plain-http", Kind::Flag, 0, 0, "true or false (loopback only, behind a proxy)"},
    {"schemas", Kind::Text, 0, 0, "the directory of the plugins' schemas"},
    {"max-body", Kind::Count, 1, 1LL << 40, "a number of bytes"},
    {"db-pool", Kind::Count, 1, 1000, "a number of database connections (1 to 1000)"},
    {"threads", Kind::Count, 1, 10000, "a number of worker threads (1 to 10000)"},
    {"max-conn-per-client", Kind::Count, 0, 100000, "a number of connections (0: no cap)"},
    {"request-timeout", Kind::Count, 1, 3600, "a number of seconds (1 to 3600)"},
    {"metrics-listen", Kind::Listen, 0, 0, "HOST:PORT on loopback"},
    {"min-protocol", Kind::Count, 1, kProtocolVersion, "a wire format version this server speaks (see /v1/health)"},
    {"blob-reserve-mb", Kind::Count, 0, 1LL << 30, "a number of MiB kept free for records (0: none)"},
};

const Setting *findSetting(std::string_view key)
{
    for (const Setting &s : kSettings)
        if (key == s.key)
            return &s;
    return nullptr;
}

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

std::optional<bool> parseFlag(std::string_view v)
{
    if (v == "true" || v == "yes" || v == "on" || v == "1")
        return true;
    if (v == "false" || v == "no" || v == "off" || v == "0")
        return false;
    return std::nullopt;
}

std::string knownKeys()
{
    std::string out;
    for (const Setting &s : kSettings)
        out += (out.empty() ? "" : ", ") + std::string(s.key);
    return out;
}

// A value from the file or the environment, as the command line holds it
// (a flag that is false is left out).
void put(CommandLine &cl, const Setting &s, const std::string &value)
{
    if (s.kind == Kind::Flag) {
        if (*parseFlag(value))
            cl.opt["--" + std::string(s.key)] = {""};
        return;
    }
    cl.opt["--" + std::string(s.key)] = {value};
}

std::string envName(const char *key)
{
    std::string name = "KYODO_SERVER_";
    for (const char *p = key; *p; ++p)
        name += *p == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    return name;
}

} // namespace

const std::vector<std::string> &settingKeys()
{
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (const Setting &s : kSettings)
            k.emplace_back(s.key);
        return k;
    }();
    return keys;
}

std::optional<std::string> checkSetting(std::string_view key, std::string_view value)
{
    const Setting *s = findSetting(key);
    if (!s)
        return "unknown key (known: " + knownKeys() + ")";
    const auto wrong = [&] { return "'" + std::string(value) + "' is not " + s->what; };
    switch (s->kind) {
    case Kind::Text:
        if (value.empty())
            return "needs " + std::string(s->what);
        return std::nullopt;
    case Kind::Flag: return parseFlag(value) ? std::nullopt : std::optional(wrong());
    case Kind::Count: {
        long long v = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || end != value.data() + value.size() || v < s->min || v > s->max)
            return wrong();
        return std::nullopt;
    }
    case Kind::Listen: {
        const auto colon = value.rfind(':');
        int port = -1;
        if (colon == std::string_view::npos || colon == 0)
            return wrong();
        const auto [end, ec] = std::from_chars(value.data() + colon + 1, value.data() + value.size(), port);
        if (ec != std::errc() || end != value.data() + value.size() || port < 0 || port > 65535)
            return wrong();
        return std::nullopt;
    }
    }
    return std::nullopt;
}

std::string applySettings(CommandLine &cl, const std::function<const char *(const char *)> &getenv)
{
    // What the command line gave stays; check it like the rest.
    for (const Setting &s : kSettings) {
        const std::string option = "--" + std::string(s.key);
        if (!cl.has(option) || s.kind == Kind::Flag)
            continue;
        if (auto why = checkSetting(s.key, cl.value(option)))
            return option + ": " + *why;
    }
    const std::set<std::string> fromCommandLine = [&] {
        std::set<std::string> given;
        for (const auto &[option, values] : cl.opt)
            given.insert(option);
        return given;
    }();
    const auto unset = [&](const Setting &s) { return !fromCommandLine.count("--" + std::string(s.key)); };

    // The file.
    std::string path;
    bool required = true;
    if (cl.has("--config"))
        path = cl.value("--config");
    else if (const char *env = getenv("KYODO_SERVER_CONFIG"); env && *env)
        path = env;
    else {
        path = kDefaultConfigFile;
        required = false;
    }
    std::error_code missing;
    const bool skip = !required && !std::filesystem::exists(path, missing);
    std::ifstream in;
    if (!skip) {
        in.open(path);
        if (!in)
            return path + ": cannot read the configuration file";
    }
    if (!skip) {
        std::string line;
        std::set<std::string> seen;
        for (int number = 1; std::getline(in, line); ++number) {
            std::string_view text = line;
            if (const auto hash = text.find('#'); hash != std::string_view::npos)
                text = text.substr(0, hash);
            text = trim(text);
            if (text.empty())
                continue;
            const std::string where = path + ":" + std::to_string(number) + ": ";
            const auto eq = text.find('=');
            if (eq == std::string_view::npos)
                return where + "expected 'key = value', found '" + std::string(text) + "'";
            const std::string key(trim(text.substr(0, eq)));
            const std::string value(trim(text.substr(eq + 1)));
            if (auto why = checkSetting(key, value))
                return where + key + ": " + *why;
            if (!seen.insert(key).second)
                return where + key + ": given twice";
            if (unset(*findSetting(key)))
                put(cl, *findSetting(key), value);
        }
    }

    // The environment, over the file.
    for (const Setting &s : kSettings) {
        const std::string name = envName(s.key);
        const char *value = getenv(name.c_str());
        if (!value || !*value || !unset(s)) // set but empty: as if unset
            continue;
        if (auto why = checkSetting(s.key, value))
            return name + ": " + *why;
        cl.opt.erase("--" + std::string(s.key));
        put(cl, s, value);
    }
    return {};
}

} // namespace kyodo::server
