// kyodo-server's settings from three places, in this order of precedence:
// the command line, then the environment (KYODO_SERVER_<KEY>, e.g.
// KYODO_SERVER_LISTEN), then a configuration file (--config FILE, else
// $KYODO_SERVER_CONFIG, else
// /etc/kyodo/server.conf when it exists). Every setting of the command line
// has a key of the same name without the dashes (`threads = 64` for
// --threads 64). The file is lines of `key = value`; `#` starts a comment.
// Each value is checked where it was written, so an error names the file and
// line, the variable, or the option, and the key.
//
// What the command line says about one admin action (--role, --scope, --user,
// --record, --limit, --all) is not a setting and has no key.
#pragma once

#include "cmdline.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kyodo::server {

inline constexpr const char *kDefaultConfigFile = "/etc/kyodo/server.conf";

// Why `value` is not right for the setting `key` (one of settingKeys()), or
// std::nullopt when it is.
std::optional<std::string> checkSetting(std::string_view key, std::string_view value);

// The keys a configuration file may hold, in the order of the documentation.
const std::vector<std::string> &settingKeys();

// Reads a configuration file's settings into `cl` where the command line did
// not give them, then the environment's over the file's. `getenv` is the
// environment (a test seam). Returns the error to show ("FILE:LINE: key: …"),
// or "" when everything is right. A missing default file is no error; a
// missing --config file is.
std::string applySettings(CommandLine &cl, const std::function<const char *(const char *)> &getenv);

} // namespace kyodo::server
