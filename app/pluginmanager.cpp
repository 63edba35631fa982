#include "pluginmanager.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibrary>

namespace Kyodo {

PluginManager::~PluginManager() { shutdown(); }

QStringList PluginManager::defaultSearchPaths()
{
    QStringList paths;
    const QString appDir = QCoreApplication::applicationDirPath();
    // Run from the build tree: the plugins built next to it; else the installed ones.
    if (appDir.startsWith(QStringLiteral(KYODO_BUILD_DIR)))
        paths << QStringLiteral(KYODO_BUILD_PLUGIN_DIR);
    else
        paths << QStringLiteral(KYODO_INSTALL_PLUGIN_DIR);
    const QString extra = qEnvironmentVariable("KYODO_PLUGIN_PATH");
    for (const QString &dir : extra.split(QDir::listSeparator(), Qt::SkipEmptyParts))
        paths << dir;
    return paths;
}

void PluginManager::readSpecs(const QStringList &paths)
{
    for (const QString &path : paths) {
        const QDir dir(path);
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const QString full = dir.absoluteFilePath(file);
            if (QLibrary::isLibrary(full))
                addSpec(PluginSpec::fromLibrary(full));
        }
    }
}

void PluginManager::addSpec(std::unique_ptr<PluginSpec> spec)
{
    if (!spec->hasError() && this->spec(spec->id())) {
        spec->setError(QStringLiteral("同じ Id のプラグインが既にあります: %1").arg(spec->id()),
                       QStringLiteral("Another plugin already has the Id %1").arg(spec->id()));
        spec->setState(PluginSpec::State::Invalid);
    }
    m_specs.push_back(std::move(spec));
}

PluginSpec *PluginManager::spec(const QString &id) const
{
    for (const auto &s : m_specs)
        if (s->id() == id && s->state() != PluginSpec::State::Invalid)
            return s.get();
    return nullptr;
}

void PluginManager::resolve()
{
    for (const auto &s : m_specs) {
        if (s->hasError())
            continue;
        for (const auto &dep : s->dependencies()) {
            PluginSpec *target = spec(dep.id);
            if (!dep.required && !target)
                continue;
            if (!target || target->hasError()) {
                s->setError(QStringLiteral("必要なプラグイン %1（%2 以上）がありません").arg(dep.id, dep.version),
                            QStringLiteral("Required plugin %1 (version %2) is missing").arg(dep.id, dep.version));
                break;
            }
            if (!target->provides(dep.id, dep.version)) {
                s->setError(QStringLiteral("プラグイン %1 の版 %2 は必要な版 %3 と互換性がありません")
                                .arg(dep.id, target->version(), dep.version),
                            QStringLiteral("Plugin %1 version %2 is not compatible with the required version %3")
                                .arg(dep.id, target->version(), dep.version));
                break;
            }
        }
    }
    // Depth-first order; a plugin on a cycle fails with the cycle in its message.
    m_order.clear();
    for (const auto &s : m_specs) {
        QList<PluginSpec *> path;
        if (!s->hasError())
            visit(s.get(), path);
    }
    failDependents();
    for (PluginSpec *s : std::as_const(m_order))
        if (!s->hasError())
            s->setState(PluginSpec::State::Resolved);
}

bool PluginManager::visit(PluginSpec *s, QList<PluginSpec *> &path)
{
    if (m_order.contains(s))
        return !s->hasError();
    if (path.contains(s)) {
        QStringList names;
        for (qsizetype i = path.indexOf(s); i < path.size(); ++i)
            names << path[i]->id();
        names << s->id();
        const QString cycle = names.join(QStringLiteral(" → "));
        for (qsizetype i = path.indexOf(s); i < path.size(); ++i)
            path[i]->setError(QStringLiteral("依存関係が循環しています: %1").arg(cycle),
                              QStringLiteral("Dependency cycle: %1").arg(cycle));
        return false;
    }
    path << s;
    for (const auto &dep : s->dependencies()) {
        PluginSpec *target = spec(dep.id);
        if (target && !visit(target, path) && dep.required && !s->hasError())
            s->setError(QStringLiteral("依存するプラグイン %1 が使えません").arg(dep.id),
                        QStringLiteral("Plugin %1, which this one needs, is not available").arg(dep.id));
    }
    path.removeLast();
    m_order << s;
    return !s->hasError();
}

void PluginManager::failDependents()
{
    // A plugin whose required dependency failed (in any later step) fails too.
    bool changed = true;
    while (changed) {
        changed = false;
        for (PluginSpec *s : std::as_const(m_order)) {
            if (s->hasError())
                continue;
            for (const auto &dep : s->dependencies()) {
                PluginSpec *target = spec(dep.id);
                if (dep.required && target && target->hasError()) {
                    s->setError(QStringLiteral("依存するプラグイン %1 が使えません").arg(dep.id),
                                QStringLiteral("Plugin %1, which this one needs, is not available").arg(dep.id));
                    changed = true;
                    break;
                }
            }
        }
    }
}

void PluginManager::loadAll(PluginContext &context, const SchemaCheck &schemaCheck)
{
    for (PluginSpec *s : std::as_const(m_order)) {
        failDependents();
        if (s->hasError() || s->state() != PluginSpec::State::Resolved)
            continue;
        IFeaturePlugin *plugin = s->load();
        if (!plugin)
            continue;
        if (auto error = schemaCheck(*s, plugin->schemaJson())) {
            s->setError(error->messageJa, error->messageEn);
            continue;
        }
        s->setState(PluginSpec::State::Loaded);
        if (auto error = plugin->initialize(context)) {
            s->setError(QStringLiteral("初期化に失敗しました: %1").arg(error->messageJa),
                        QStringLiteral("Initialization failed: %1").arg(error->messageEn));
            continue;
        }
        s->setState(PluginSpec::State::Initialized);
    }
    failDependents();
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it) {
        PluginSpec *s = *it;
        if (s->hasError() || s->state() != PluginSpec::State::Initialized)
            continue;
        s->plugin()->extensionsInitialized();
        s->setState(PluginSpec::State::Running);
    }
}

void PluginManager::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it) {
        PluginSpec *s = *it;
        if (s->state() == PluginSpec::State::Running || s->state() == PluginSpec::State::Initialized) {
            s->plugin()->aboutToShutdown();
            s->setState(PluginSpec::State::Stopped);
        }
    }
}

QList<PluginSpec *> PluginManager::running() const
{
    QList<PluginSpec *> out;
    for (PluginSpec *s : m_order)
        if (s->state() == PluginSpec::State::Running && !s->hasError())
            out << s;
    return out;
}

} // namespace Kyodo
