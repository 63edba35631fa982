// Whether the engine accepts a plugin's schema.json: valid JSON, naming the
// plugin's own Id, valid by the engine's schema rules, and holding every
// record type the plugin's metadata claims. The accepted schemas are kept,
// so forms work before the first sign-in brings the server's.
#pragma once

#include "pluginmanager.h"
#include "schema.h"

namespace Kyodo {

class PluginSchemaCheck {
public:
    std::optional<PluginError> operator()(const PluginSpec &spec, const QByteArray &schemaJson);
    kyodo::SchemaSet takeAccepted() { return std::move(m_accepted); }

private:
    kyodo::SchemaSet m_accepted;
};

} // namespace Kyodo
