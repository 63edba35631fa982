// The app's plugin metadata (plugins/<area>/<area>.json, the "MetaData" a
// plugin library carries), read by Kyodo::PluginSpec: QJsonDocument parses
// the text and readMetaData checks every key (Id, Version, CompatVersion,
// Name, Article, RecordTypes, Dependencies) as PluginManager does before it
// loads a library. A spec that reads is then asked what the manager asks it
// while resolving dependencies. Needs no QCoreApplication.
#include "pluginspec.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstring>

using Kyodo::PluginSpec;

namespace {

bool only(const QString &text, const char *allowed)
{
    for (const QChar c : text)
        if (c.unicode() > 0x7f || !std::strchr(allowed, static_cast<char>(c.unicode())) || c.unicode() == 0)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto spec = PluginSpec::fromJsonText(text, QStringLiteral("fuzz.json"));
    if (spec->hasError()) {
        if (spec->state() != PluginSpec::State::Invalid || spec->errorEn().isEmpty())
            __builtin_trap(); // a broken plugin is marked, with its reason
        return 0;
    }
    if (spec->state() != PluginSpec::State::Read)
        __builtin_trap();
    // What readMetaData promises of a spec it accepts (its error messages
    // say so): an Id of lowercase letters, digits and _, dotted versions.
    if (!only(spec->id(), "abcdefghijklmnopqrstuvwxyz0123456789_") || !only(spec->version(), "0123456789.") ||
        !only(spec->compatVersion(), "0123456789."))
        __builtin_trap();
    // A plugin provides its own version and its compat version.
    if (!spec->provides(spec->id(), spec->version()) || !spec->provides(spec->id(), spec->compatVersion()))
        __builtin_trap();
    for (const PluginSpec::Dependency &d : spec->dependencies())
        (void)spec->provides(d.id, d.version);
    (void)spec->stateName();
    return 0;
}
