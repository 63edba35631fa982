// Finds, checks, orders, loads and shuts down the ordinance-area plugins.
// A plugin with bad metadata, a missing dependency, a dependency cycle, a
// library that fails to load or a schema the engine rejects is marked failed
// with its reason; every other plugin runs.
#pragma once

#include "pluginspec.h"

#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace Kyodo {

class PluginManager {
public:
    // The schema check: an empty error when the engine accepts the plugin's schema.json.
    using SchemaCheck = std::function<std::optional<PluginError>(const PluginSpec &, const QByteArray &schemaJson)>;

    PluginManager() = default;
    ~PluginManager();
    PluginManager(const PluginManager &) = delete;

    // Where plugins live: the build tree when run from it, else the installed
    // directory, plus every directory in KYODO_PLUGIN_PATH.
    static QStringList defaultSearchPaths();

    // Reads the metadata of every plugin library in `paths` (nothing is loaded).
    void readSpecs(const QStringList &paths);
    // Adds a spec made elsewhere (tests, metadata files).
    void addSpec(std::unique_ptr<PluginSpec> spec);
    // Checks dependencies (missing, too old, cycles) and fixes the load order.
    void resolve();
    // Loads, schema-checks and initializes the resolved plugins in order, then
    // calls extensionsInitialized() in reverse order.
    void loadAll(PluginContext &context, const SchemaCheck &schemaCheck);
    // aboutToShutdown() in reverse load order.
    void shutdown();

    const std::vector<std::unique_ptr<PluginSpec>> &specs() const { return m_specs; }
    // The running plugins, dependencies first.
    QList<PluginSpec *> running() const;
    PluginSpec *spec(const QString &id) const;

private:
    bool visit(PluginSpec *spec, QList<PluginSpec *> &path);
    void failDependents();

    std::vector<std::unique_ptr<PluginSpec>> m_specs;
    QList<PluginSpec *> m_order;
    bool m_shutDown = false;
};

} // namespace Kyodo
