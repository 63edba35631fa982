// One plugin as the app knows it: its metadata, read through
// QPluginLoader::metaData() before the library is loaded, its state, and the
// reason it failed, if it did. Nothing here throws: a broken plugin carries
// its error (in Japanese and English) and is skipped; the others run.
//
// States:  Invalid ──(metadata ok)──▶ Read ──(dependencies ok)──▶ Resolved
//          ──(library loaded, schema accepted)──▶ Loaded ──initialize()──▶ Initialized
//          ──extensionsInitialized()──▶ Running ──aboutToShutdown()──▶ Stopped
// Any step may instead set the error; the state then stays where it was.
#pragma once

#include "pluginapi/ifeatureplugin.h"

#include <QJsonObject>
#include <QList>
#include <QPluginLoader>
#include <QString>
#include <QStringList>

#include <memory>

namespace Kyodo {

class PluginSpec {
public:
    enum class State { Invalid, Read, Resolved, Loaded, Initialized, Running, Stopped };

    struct Dependency {
        QString id;
        QString version;
        bool required = true;
    };

    // Reads the metadata of the library at `path` without loading it.
    static std::unique_ptr<PluginSpec> fromLibrary(const QString &path);
    // The same checks on metadata given directly (the "MetaData" object).
    static std::unique_ptr<PluginSpec> fromMetaData(const QJsonObject &metaData, const QString &origin);
    // And on metadata as JSON text, for a broken file a plugin author hands in.
    static std::unique_ptr<PluginSpec> fromJsonText(const QByteArray &text, const QString &origin);

    QString id() const { return m_id; }
    QString version() const { return m_version; }
    QString compatVersion() const { return m_compatVersion; }
    QString nameJa() const { return m_nameJa; }
    QString nameEn() const { return m_nameEn; }
    QString articleJa() const { return m_articleJa; }
    QString articleEn() const { return m_articleEn; }
    QStringList recordTypes() const { return m_recordTypes; }
    const QList<Dependency> &dependencies() const { return m_dependencies; }
    QString location() const { return m_location; }

    State state() const { return m_state; }
    QString stateName() const;
    bool hasError() const { return !m_errorJa.isEmpty(); }
    QString errorJa() const { return m_errorJa; }
    QString errorEn() const { return m_errorEn; }
    void setError(const QString &ja, const QString &en);
    void setState(State state) { m_state = state; }

    // This plugin can stand in for a dependency on `version` (CompatVersion ≤ version ≤ Version).
    bool provides(const QString &id, const QString &version) const;

    // Loads the library and casts it to the plugin interface; sets the error on failure.
    IFeaturePlugin *load();
    IFeaturePlugin *plugin() const { return m_plugin; }

    // Orders dotted version strings (1.2.3): -1, 0 or 1.
    static int compareVersions(const QString &a, const QString &b);
    static bool isValidVersion(const QString &v);

private:
    PluginSpec() = default;
    void readMetaData(const QJsonObject &metaData);
    bool readName(const QJsonObject &metaData, const QString &key, QString &ja, QString &en);

    QString m_id, m_version, m_compatVersion, m_nameJa, m_nameEn, m_articleJa, m_articleEn;
    QStringList m_recordTypes;
    QList<Dependency> m_dependencies;
    QString m_location;
    State m_state = State::Invalid;
    QString m_errorJa, m_errorEn;
    std::unique_ptr<QPluginLoader> m_loader;
    IFeaturePlugin *m_plugin = nullptr;
};

} // namespace Kyodo
