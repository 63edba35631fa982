#include "appservices.h"

#include "blobimageprovider.h"

#include "language.h"
#include "localstore.h"
#include "pluginmanager.h"
#include "reportengine.h"
#include "synccontroller.h"
#include "yearlyreport.h"

#include <QDir>
#include <QStandardPaths>

namespace Kyodo {

namespace {
// The engine property that carries the app an engine shows (attachTo).
constexpr const char *kEngineApp = "kyodoApp";
} // namespace

AppServices::AppServices(LocalStore &store, SyncController &sync, PluginManager &plugins, QObject *parent)
    : QObject(parent),
      m_store(store),
      m_sync(sync),
      m_pluginManager(plugins),
      m_pluginModel(plugins),
      m_session(store, sync),
      m_preferences(store),
      m_records(store, m_session),
      m_attachments(store, sync, m_records, m_preferences)
{
    m_records.setFileCheck([this](const std::string &type, const kyodo::json &fields, const kyodo::json &before) {
        return m_attachments.newFilesAreHere(type, fields, before);
    });
    // What the side bar offers follows the user's access and language.
    connect(&m_session, &SessionService::accessChanged, this, &AppServices::refreshAreas);
    connect(&m_preferences, &Preferences::languageChanged, this, &AppServices::refreshAreas);
    connect(&store, &LocalStore::changed, this, &AppServices::refreshCounts);
    connect(&m_records, &RecordService::draftsChanged, this, &AppServices::refreshCounts);
    refreshCounts();
}

AppServices::~AppServices() = default;

void AppServices::attachTo(QQmlEngine &engine)
{
    engine.setProperty(kEngineApp, QVariant::fromValue(static_cast<QObject *>(this)));
    m_preferences.addEngine(engine);
    // Photos and PDF pages from the encrypted blob store (the engine owns the provider).
    if (!engine.imageProvider(QLatin1String(BlobImageProvider::kId))) {
        auto *blobImages = new BlobImageProvider(m_store.path());
        connect(&m_store, &LocalStore::sessionChanged, blobImages, &BlobImageProvider::forget);
        engine.addImageProvider(QLatin1String(BlobImageProvider::kId), blobImages);
    }
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
}

AppServices *AppServices::of(const QObject *qmlObject)
{
    const QQmlEngine *engine = qmlObject ? qmlEngine(qmlObject) : nullptr;
    return engine ? qobject_cast<AppServices *>(engine->property(kEngineApp).value<QObject *>()) : nullptr;
}

AppServices *AppServices::create(QQmlEngine *engine, QJSEngine *)
{
    auto *app = engine ? qobject_cast<AppServices *>(engine->property(kEngineApp).value<QObject *>()) : nullptr;
    if (!app)
        qCritical("Kyodo.App: this engine shows no app (AppServices::attachTo was not called)");
    return app;
}

void AppServices::refreshAreas()
{
    m_pluginModel.refresh();
    QVariantList areas;
    for (PluginSpec *spec : m_pluginManager.running()) {
        QVariantMap area;
        area.insert(QStringLiteral("id"), spec->id());
        area.insert(QStringLiteral("name"), localized(spec->nameJa(), spec->nameEn()));
        area.insert(QStringLiteral("article"), localized(spec->articleJa(), spec->articleEn()));
        // Only what the user's scopes let them keep: a committee member sees
        // the committee, not a ward's quick consultation page that would end
        // at "nowhere to save it". Lists show wherever the user may read (a
        // city clerk reads every ward's records for the yearly report).
        // Signed out (first run), everything shows.
        const auto writable = [this](const QString &type) {
            return !m_session.signedIn() || type.isEmpty() || !m_records.scopesFor(type).isEmpty();
        };
        const auto readable = [this](const QString &type) {
            return !m_session.signedIn() || m_records.readableAnywhere(type);
        };
        QVariantList pages;
        for (const PluginPage &p : spec->plugin()->pages())
            if (writable(p.recordType))
                pages << QVariantMap{{QStringLiteral("id"), p.id},
                                     {QStringLiteral("title"), localized(p.titleJa, p.titleEn)},
                                     {QStringLiteral("url"), p.url},
                                     {QStringLiteral("recordType"), p.recordType}};
        area.insert(QStringLiteral("pages"), pages);
        QVariantList types;
        for (const QString &t : spec->recordTypes())
            if (readable(t))
                types << QVariantMap{{QStringLiteral("id"), t}, {QStringLiteral("label"), m_records.typeLabel(t)}};
        if (pages.isEmpty() && types.isEmpty())
            continue;
        area.insert(QStringLiteral("types"), types);
        areas << area;
    }
    m_areas = areas;
    emit areasChanged();
}

void AppServices::refreshCounts()
{
    kyodo::Replica &r = m_store.replica();
    auto conflicts = r.conflicts(true);
    auto rejected = r.countInState(kyodo::OutboxState::Rejected);
    auto drafts = r.drafts();
    const int c = conflicts ? static_cast<int>(conflicts->size()) : m_conflicts;
    const int attention = rejected ? static_cast<int>(*rejected) : m_attention;
    const int d = drafts ? static_cast<int>(drafts->size()) : m_drafts;
    if (c != m_conflicts || attention != m_attention || d != m_drafts) {
        m_conflicts = c;
        m_attention = attention;
        m_drafts = d;
        emit countsChanged();
    }
}

QVariantList AppServices::reports()
{
    QVariantList out;
    kyodo::ReportEngine engine(m_store.replica());
    for (const kyodo::ReportDef *def : engine.reports())
        out << QVariantMap{{QStringLiteral("id"), fromStd(def->id)},
                           {QStringLiteral("label"),
                            (def->section.empty() ? QString() : fromStd(def->section) + QStringLiteral("　")) +
                                localized(fromStd(def->labelJa), fromStd(def->labelEn))}};
    return out;
}

QVariantMap AppServices::exportYearlyReport(int fromFiscalYear, int toFiscalYear, const QString &requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QDir().mkpath(dir);
        path =
            QDir(dir).filePath(QStringLiteral("kyodo-yearly-report-%1-%2.pdf").arg(fromFiscalYear).arg(toFiscalYear));
    }
    const YearlyReportOutcome outcome = writeYearlyReportPdf(m_store.replica(), path, fromFiscalYear, toFiscalYear);
    if (!outcome.error.isEmpty())
        return {{QStringLiteral("error"), outcome.error}};
    return {{QStringLiteral("path"), outcome.path}};
}

} // namespace Kyodo
