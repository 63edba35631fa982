#include "syncworker.h"

#include "errorcodes.h"

#include "replica.h"
#include "syncengine.h"
#include "transport.h"

#include <QVariantMap>

namespace Kyodo {
namespace {

void setError(SyncOutcome &o, const kyodo::Error &e)
{
    o.ok = false;
    o.errorCode = QString::fromStdString(e.code);
    o.messageJa = QString::fromStdString(e.messageJa);
    o.messageEn = QString::fromStdString(e.messageEn);
    o.detail = QString::fromStdString(e.detail);
    if (!e.detail.empty())
        qWarning("sync: %s: %s", e.code.c_str(), e.detail.c_str());
    // The server no longer takes the token: sign in again (after a wipe, on an empty device).
    o.signedOut = kyodo::signsOut(e); // errorcodes.h: the sign-in is no longer valid
}

} // namespace

SyncWorker::SyncWorker(QString replicaPath) : m_path(std::move(replicaPath)) {}
SyncWorker::~SyncWorker() = default;

kyodo::Replica *SyncWorker::replica(SyncOutcome &outcome)
{
    if (!m_replica) {
        auto opened = kyodo::Replica::open(m_path.toStdString());
        if (!opened) {
            setError(outcome, opened.error());
            return nullptr;
        }
        m_replica = std::move(opened.value());
    }
    return m_replica.get();
}

void SyncWorker::sync()
{
    SyncOutcome outcome;
    kyodo::Replica *r = replica(outcome);
    if (r) {
        r->forgetCachedSchemas(); // the GUI connection may have stored newer ones
        const auto session = r->session();
        if (!session) {
            setError(outcome, kyodo::registeredError("not_signed_in"));
        } else {
            kyodo::TransportOptions options;
            options.baseUrl = session->url;
            options.caFile = session->caFile;
            options.token = session->token;
            options.maxAttempts = 3;
            kyodo::Transport transport(options);
            kyodo::SyncEngine engine(*r, transport);
            auto report = engine.sync([this](const kyodo::SyncProgress &p) {
                emit progress(QString::fromStdString(p.phase), p.done, p.total);
            });
            if (report) {
                outcome.ok = true;
                outcome.pushed = report->pushed;
                outcome.pulled = report->pulledRecords;
                outcome.conflicts = report->conflicts + report->pulledConflicts;
                outcome.rejected = report->rejected;
                outcome.handedToAdmin = report->purged.handedToAdmin + report->purged.discarded;
                outcome.purgedDrafts = report->purged.drafts;
                outcome.resentAfterRestore = report->resentAfterRestore;
            } else {
                setError(outcome, report.error());
            }
        }
    }
    emit syncFinished(outcome);
    if (r)
        (void)r->checkpointWal(); // after the bar says done: nobody waits on it
}

void SyncWorker::signIn(const QString &url, const QString &caFile, const QString &user, const QString &password,
                        const QString &device)
{
    SyncOutcome outcome;
    kyodo::Replica *r = replica(outcome);
    if (r) {
        kyodo::TransportOptions options;
        options.baseUrl = url.toStdString();
        options.caFile = caFile.toStdString();
        options.maxAttempts = 2;
        options.connectTimeoutMs = 5'000;
        kyodo::Transport transport(options);
        auto session = kyodo::SyncEngine::login(*r, transport, options.baseUrl, options.caFile, user.toStdString(),
                                                password.toStdString(), device.toStdString());
        if (session)
            outcome.ok = true;
        else
            setError(outcome, session.error());
    }
    emit signInFinished(outcome);
}

void SyncWorker::endToken(const QString &url, const QString &caFile, const QString &token)
{
    SyncOutcome outcome;
    kyodo::TransportOptions options;
    options.baseUrl = url.toStdString();
    options.caFile = caFile.toStdString();
    options.token = token.toStdString();
    options.maxAttempts = 2;
    options.connectTimeoutMs = 5'000;
    kyodo::Transport transport(options);
    if (kyodo::Status st = kyodo::SyncEngine::endToken(transport); st)
        outcome.ok = true;
    else
        setError(outcome, st.error());
    emit endTokenFinished(outcome);
}

void SyncWorker::fetchHistory(const QString &recordId)
{
    SyncOutcome outcome;
    kyodo::Replica *r = replica(outcome);
    const auto session = r ? r->session() : std::nullopt;
    if (!session || session->token.empty()) {
        emit historyFetched(recordId, {}, QStringLiteral("サインインしていません"), QStringLiteral("Not signed in"));
        return;
    }
    kyodo::TransportOptions options;
    options.baseUrl = session->url;
    options.caFile = session->caFile;
    options.token = session->token;
    options.maxAttempts = 2;
    options.connectTimeoutMs = 5'000;
    kyodo::Transport transport(options);
    kyodo::SyncEngine engine(*r, transport);
    auto entries = engine.history(recordId.toStdString());
    if (!entries) {
        emit historyFetched(recordId, {}, QString::fromStdString(entries.error().messageJa),
                            QString::fromStdString(entries.error().messageEn));
        return;
    }
    QVariantList out;
    for (const kyodo::json &e : *entries)
        out.append(QVariantMap{{QStringLiteral("at"), static_cast<qint64>(e.value("at", std::int64_t(0)))},
                               {QStringLiteral("user"), QString::fromStdString(e.value("user", ""))},
                               {QStringLiteral("device"), QString::fromStdString(e.value("device", ""))},
                               {QStringLiteral("action"), QString::fromStdString(e.value("action", ""))},
                               {QStringLiteral("outcome"), QString::fromStdString(e.value("outcome", ""))},
                               {QStringLiteral("fields"), QString::fromStdString(e.value("fields", ""))}});
    emit historyFetched(recordId, out, {}, {});
}

} // namespace Kyodo
