#include "pluginspec.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Kyodo {

std::unique_ptr<PluginSpec> PluginSpec::fromLibrary(const QString &path)
{
    std::unique_ptr<PluginSpec> spec(new PluginSpec);
    spec->m_location = path;
    spec->m_loader = std::make_unique<QPluginLoader>(path);
    const QJsonObject all = spec->m_loader->metaData();
    if (all.isEmpty()) {
        spec->setError(
            QStringLiteral("プラグインの情報を読めません（Qt プラグインではないか、壊れています）: %1").arg(path),
            QStringLiteral("Cannot read the plugin's metadata (not a Qt plugin, or damaged): %1").arg(path));
        return spec;
    }
    if (all.value(QLatin1String("IID")).toString() != QLatin1String(KyodoFeaturePlugin_iid)) {
        spec->setError(QStringLiteral("Kyodo のプラグインではありません（IID %1）")
                           .arg(all.value(QLatin1String("IID")).toString()),
                       QStringLiteral("Not a Kyodo plugin (IID %1)").arg(all.value(QLatin1String("IID")).toString()));
        return spec;
    }
    spec->readMetaData(all.value(QLatin1String("MetaData")).toObject());
    return spec;
}

std::unique_ptr<PluginSpec> PluginSpec::fromMetaData(const QJsonObject &metaData, const QString &origin)
{
    std::unique_ptr<PluginSpec> spec(new PluginSpec);
    spec->m_location = origin;
    spec->readMetaData(metaData);
    return spec;
}

std::unique_ptr<PluginSpec> PluginSpec::fromJsonText(const QByteArray &text, const QString &origin)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        std::unique_ptr<PluginSpec> spec(new PluginSpec);
        spec->m_location = origin;
        const QString why =
            error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not an object");
        spec->setError(
            QStringLiteral("プラグイン情報の JSON が正しくありません（%1 文字目: %2）").arg(error.offset).arg(why),
            QStringLiteral("The plugin metadata is not valid JSON (at character %1: %2)").arg(error.offset).arg(why));
        return spec;
    }
    return fromMetaData(doc.object(), origin);
}

bool PluginSpec::readName(const QJsonObject &metaData, const QString &key, QString &ja, QString &en)
{
    const QJsonObject names = metaData.value(key).toObject();
    ja = names.value(QLatin1String("ja")).toString();
    en = names.value(QLatin1String("en")).toString();
    if (ja.isEmpty() || en.isEmpty()) {
        setError(QStringLiteral("プラグイン情報の \"%1\" には日本語（ja）と英語（en）の両方が必要です").arg(key),
                 QStringLiteral("Plugin metadata \"%1\" needs both a Japanese (ja) and an English (en) text").arg(key));
        return false;
    }
    return true;
}

void PluginSpec::readMetaData(const QJsonObject &md)
{
    if (md.isEmpty()) {
        setError(QStringLiteral("プラグイン情報（MetaData）がありません"),
                 QStringLiteral("The plugin has no metadata"));
        return;
    }
    // Anchored whole: "$" alone would also match before a final newline.
    static const QRegularExpression idPattern(QRegularExpression::anchoredPattern(QStringLiteral("[a-z][a-z0-9_]*")));
    const QJsonValue id = md.value(QLatin1String("Id"));
    if (!id.isString() || !idPattern.match(id.toString()).hasMatch()) {
        setError(QStringLiteral("\"Id\" がないか正しくありません（英小文字・数字・_ のみ）"),
                 QStringLiteral("\"Id\" is missing or invalid (lowercase letters, digits and _ only)"));
        return;
    }
    m_id = id.toString();
    m_version = md.value(QLatin1String("Version")).toString();
    if (!isValidVersion(m_version)) {
        setError(QStringLiteral("\"Version\" がないか正しくありません（例: 1.0.0）"),
                 QStringLiteral("\"Version\" is missing or invalid (e.g. 1.0.0)"));
        return;
    }
    m_compatVersion = md.value(QLatin1String("CompatVersion")).toString(m_version);
    if (!isValidVersion(m_compatVersion) || compareVersions(m_compatVersion, m_version) > 0) {
        setError(QStringLiteral("\"CompatVersion\" が正しくありません（Version 以下の版番号）"),
                 QStringLiteral("\"CompatVersion\" is invalid (a version not above Version)"));
        return;
    }
    if (!readName(md, QStringLiteral("Name"), m_nameJa, m_nameEn) ||
        !readName(md, QStringLiteral("Article"), m_articleJa, m_articleEn))
        return;
    const QJsonValue types = md.value(QLatin1String("RecordTypes"));
    if (!types.isArray()) {
        setError(QStringLiteral("\"RecordTypes\" は記録種別の配列である必要があります"),
                 QStringLiteral("\"RecordTypes\" must be an array of record types"));
        return;
    }
    for (const QJsonValue &t : types.toArray()) {
        const QString type = t.toString();
        if (!type.startsWith(m_id + QLatin1Char('.'))) {
            setError(QStringLiteral("記録種別 \"%1\" は \"%2.\" で始まる必要があります").arg(type, m_id),
                     QStringLiteral("Record type \"%1\" must start with \"%2.\"").arg(type, m_id));
            return;
        }
        m_recordTypes << type;
    }
    const QJsonValue deps = md.value(QLatin1String("Dependencies"));
    if (!deps.isUndefined() && !deps.isArray()) {
        setError(QStringLiteral("\"Dependencies\" は配列である必要があります"),
                 QStringLiteral("\"Dependencies\" must be an array"));
        return;
    }
    for (const QJsonValue &d : deps.toArray()) {
        const QJsonObject o = d.toObject();
        Dependency dep;
        dep.id = o.value(QLatin1String("Id")).toString();
        dep.version = o.value(QLatin1String("Version")).toString();
        const QString type = o.value(QLatin1String("Type")).toString(QStringLiteral("required"));
        if (dep.id.isEmpty() || !isValidVersion(dep.version) ||
            (type != QLatin1String("required") && type != QLatin1String("optional"))) {
            setError(QStringLiteral("依存関係の指定が正しくありません（Id、Version、Type は required か optional）"),
                     QStringLiteral("A dependency is invalid (needs Id, Version, and Type required or optional)"));
            return;
        }
        dep.required = type == QLatin1String("required");
        m_dependencies << dep;
    }
    m_state = State::Read;
}

void PluginSpec::setError(const QString &ja, const QString &en)
{
    m_errorJa = ja;
    m_errorEn = en;
}

QString PluginSpec::stateName() const
{
    switch (m_state) {
    case State::Invalid: return QStringLiteral("invalid");
    case State::Read: return QStringLiteral("read");
    case State::Resolved: return QStringLiteral("resolved");
    case State::Loaded: return QStringLiteral("loaded");
    case State::Initialized: return QStringLiteral("initialized");
    case State::Running: return QStringLiteral("running");
    case State::Stopped: return QStringLiteral("stopped");
    }
    return {};
}

bool PluginSpec::provides(const QString &id, const QString &version) const
{
    return id == m_id && compareVersions(m_compatVersion, version) <= 0 && compareVersions(version, m_version) <= 0;
}

IFeaturePlugin *PluginSpec::load()
{
    if (!m_loader) {
        setError(QStringLiteral("ライブラリの場所がありません"), QStringLiteral("No library to load"));
        return nullptr;
    }
    QObject *instance = m_loader->instance();
    if (!instance) {
        setError(QStringLiteral("ライブラリを読み込めません: %1").arg(m_loader->errorString()),
                 QStringLiteral("Cannot load the library: %1").arg(m_loader->errorString()));
        return nullptr;
    }
    m_plugin = qobject_cast<IFeaturePlugin *>(instance);
    if (!m_plugin) {
        setError(QStringLiteral("IFeaturePlugin を実装していません"),
                 QStringLiteral("Does not implement IFeaturePlugin"));
        return nullptr;
    }
    return m_plugin;
}

bool PluginSpec::isValidVersion(const QString &v)
{
    // Anchored whole (no final newline), each part a number that fits in an int.
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9]{1,9}(\\.[0-9]{1,9}){0,2}")));
    return pattern.match(v).hasMatch();
}

int PluginSpec::compareVersions(const QString &a, const QString &b)
{
    const QStringList pa = a.split(QLatin1Char('.')), pb = b.split(QLatin1Char('.'));
    for (int i = 0; i < 3; ++i) {
        const int x = i < pa.size() ? pa[i].toInt() : 0;
        const int y = i < pb.size() ? pb[i].toInt() : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

} // namespace Kyodo
