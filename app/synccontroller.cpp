#include "synccontroller.h"

#include "language.h"
#include "localstore.h"

#include <QCoreApplication>
#include <QNetworkInformation>

namespace Kyodo {
namespace {

// The server could not be reached at all (an answer, even an error, means online).
bool unreachable(const SyncOutcome &o)
{
    static const QStringList codes{QStringLiteral("offline"), QStringLiteral("network"), QStringLiteral("http_502"),
                                   QStringLiteral("http_503"), QStringLiteral("http_504")};
    return !o.ok && codes.contains(o.errorCode);
}

} // namespace

SyncController::SyncController(LocalStore &store, QObject *parent) : QObject(parent), m_store(store)
{
    qRegisterMetaType<Kyodo::SyncOutcome>();
    m_worker = new SyncWorker(store.path());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SyncController::startSync, m_worker, &SyncWorker::sync);
    connect(this, &SyncController::startSignIn, m_worker, &SyncWorker::signIn);
    connect(m_worker, &SyncWorker::progress, this, &SyncController::onProgress);
    connect(m_worker, &SyncWorker::syncFinished, this, &SyncController::onSyncFinished);
    connect(m_worker, &SyncWorker::signInFinished, this, &SyncController::onSignInFinished);
    connect(this, &SyncController::startEndToken, m_worker, &SyncWorker::endToken);
    connect(this, &SyncController::startFetchHistory, m_worker, &SyncWorker::fetchHistory);
    connect(m_worker, &SyncWorker::historyFetched, this, &SyncController::historyFetched);
    connect(m_worker, &SyncWorker::endTokenFinished, this, &SyncController::onEndTokenFinished);
    m_thread.setObjectName(QStringLiteral("kyodo-sync"));
    m_thread.start();

    qRegisterMetaType<Kyodo::FilesOutcome>();
    m_files = new BlobWorker(store.path());
    m_files->moveToThread(&m_filesThread);
    connect(&m_filesThread, &QThread::finished, m_files, &QObject::deleteLater);
    connect(this, &SyncController::startFiles, m_files, &BlobWorker::run);
    connect(m_files, &BlobWorker::progress, this, &SyncController::onFilesProgress);
    connect(m_files, &BlobWorker::finished, this, &SyncController::onFilesFinished);
    m_filesThread.setObjectName(QStringLiteral("kyodo-files"));
    m_filesThread.start();

    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncController::syncNow);
    m_afterSave.setSingleShot(true);
    connect(&m_afterSave, &QTimer::timeout, this, &SyncController::syncNow);
    // The state of the last run, until this run knows better: a device that
    // was online a minute ago says so, not オフライン / まだ同期していません.
    kyodo::Replica &r = store.replica();
    m_lastSuccess = QDateTime::fromString(QString::fromStdString(r.appSetting("last_sync_ok")), Qt::ISODate);
    m_online = r.appSetting("last_online") == "1";
    connect(&store, &LocalStore::changed, this, &SyncController::refreshPending);
    // Loading the platform's network information (a D-Bus round trip on Linux)
    // waits until the window is up; the offline retry covers the first seconds.
    QTimer::singleShot(2000, this, &SyncController::watchNetwork);
    refreshPending();
    schedule();
}

SyncController::~SyncController()
{
    if (m_files)
        m_files->requestStop(); // a long upload must not hold the app open
    m_thread.quit();
    m_filesThread.quit();
    m_thread.wait();
    m_filesThread.wait();
}

void SyncController::watchNetwork()
{
    // Where the platform reports reachability, a network coming back starts a
    // sync at once; elsewhere the offline retry timer notices within seconds.
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) {
                if (r == QNetworkInformation::Reachability::Online && m_autoSync)
                    syncNow();
            });
}

void SyncController::setAutoSync(bool on)
{
    if (m_autoSync == on)
        return;
    m_autoSync = on;
    schedule();
    emit stateChanged();
}

void SyncController::schedule()
{
    if (!m_autoSync) {
        // Both timers: a save seen while the controller was being set up (the
        // unsent changes of the last run) must not send anything either.
        m_timer.stop();
        m_afterSave.stop();
        return;
    }
    m_timer.start(m_online ? kIntervalMs : kRetryMs);
}

void SyncController::refreshPending()
{
    auto pending = m_store.replica().pendingCount();
    auto unsent = m_store.replica().countInState(kyodo::OutboxState::Saved);
    const qint64 n = pending ? *pending : m_pending;
    const qint64 u = unsent ? *unsent : m_unsent;
    if (n == m_pending && u == m_unsent)
        return;
    // A new save while online goes out in a moment, not at the next interval.
    if (u > m_unsent && m_online && m_autoSync && !m_syncing)
        m_afterSave.start(kAfterSaveMs);
    m_pending = n;
    m_unsent = u;
    emit stateChanged();
}

std::pair<qint64, qint64> SyncController::needsUser()
{
    kyodo::Replica &r = m_store.replica();
    auto conflicts = r.conflicts(true);
    auto rejected = r.countInState(kyodo::OutboxState::Rejected);
    return {conflicts ? static_cast<qint64>(conflicts->size()) : 0, rejected ? *rejected : 0};
}

void SyncController::rememberState()
{
    kyodo::Replica &r = m_store.replica();
    (void)r.setAppSetting("last_online", m_online ? "1" : "0"); // only what the bar shows at the next start
    if (m_lastSuccess.isValid())
        (void)r.setAppSetting("last_sync_ok", m_lastSuccess.toString(Qt::ISODate).toStdString());
}

QString SyncController::announcement() const
{
    QStringList parts;
    if (m_announceConflicts > 0)
        parts << QCoreApplication::translate("Kyodo", "新しい競合 %1 件").arg(m_announceConflicts);
    if (m_announceRejected > 0)
        parts << QCoreApplication::translate("Kyodo", "差し戻された変更 %1 件").arg(m_announceRejected);
    if (parts.isEmpty())
        return {};
    return QCoreApplication::translate("Kyodo", "%1があります").arg(parts.join(listSeparator()));
}

void SyncController::dismissAnnouncement()
{
    m_announceConflicts = m_announceRejected = 0;
    emit stateChanged();
}

void SyncController::syncNow()
{
    if (m_syncing) {
        m_again = true;
        return;
    }
    const auto session = m_store.replica().session();
    if (!session || session->token.empty()) {
        schedule();
        return;
    }
    m_afterSave.stop();
    m_needsUserBefore = needsUser();
    m_syncing = true;
    m_phase = QStringLiteral("push");
    m_done = m_total = 0;
    emit stateChanged();
    emit progressChanged();
    emit startSync();
}

void SyncController::signIn(const QString &url, const QString &caFile, const QString &user, const QString &password,
                            const QString &device)
{
    emit startSignIn(url, caFile, user, password, device);
}

void SyncController::endToken(const QString &url, const QString &caFile, const QString &token)
{
    emit startEndToken(url, caFile, token);
}

void SyncController::fetchHistory(const QString &recordId) { emit startFetchHistory(recordId); }

void SyncController::onEndTokenFinished(const SyncOutcome &outcome)
{
    if (outcome.ok)
        return;
    m_last = outcome;
    emit stateChanged();
}

void SyncController::onProgress(const QString &phase, qint64 done, qint64 total)
{
    m_phase = phase;
    m_done = done;
    m_total = total;
    emit progressChanged();
}

void SyncController::onSyncFinished(const SyncOutcome &outcome)
{
    m_syncing = false;
    m_last = outcome;
    m_online = !unreachable(outcome);
    if (outcome.ok) {
        m_lastSuccess = QDateTime::currentDateTime();
        // What this sync added to the user's work (a conflict reported by both
        // the push and the pull is one conflict).
        const auto now = needsUser();
        m_announceConflicts += std::max<qint64>(0, now.first - m_needsUserBefore.first);
        m_announceRejected += std::max<qint64>(0, now.second - m_needsUserBefore.second);
    }
    rememberState();
    m_phase = QStringLiteral("done");
    m_store.notifySessionChanged();
    if (outcome.errorCode == QLatin1String("device_wipe"))
        m_store.notifyChanged(); // the replica was emptied under every list
    refreshPending();
    emit stateChanged();
    emit progressChanged();
    emit syncFinished(outcome.ok);
    if (outcome.ok)
        syncFilesNow(); // the records are on the server: their files may follow
    if (m_again) {
        m_again = false;
        syncNow();
    } else {
        schedule();
    }
}

void SyncController::syncFilesNow()
{
    if (m_filesBusy) {
        m_filesAgain = true;
        return;
    }
    const auto session = m_store.replica().session();
    if (!session || session->token.empty())
        return;
    m_filesBusy = true;
    m_filesDirection.clear();
    m_filesPercent = 0;
    emit filesProgressChanged();
    emit startFiles();
}

void SyncController::onFilesProgress(const QString &direction, const QString &sha256, qint64 done, qint64 total)
{
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (percent == m_filesPercent && direction == m_filesDirection && sha256 == m_fileMoving)
        return; // a line per percent or file, not per chunk
    m_fileMoving = sha256;
    m_filesDirection = direction;
    m_filesPercent = percent;
    emit filesProgressChanged();
    emit filesChanged();
}

void SyncController::onFilesFinished(const FilesOutcome &outcome)
{
    m_filesBusy = false;
    m_filesError = outcome.ok ? QString() : localized(outcome.messageJa, outcome.messageEn);
    m_filesDirection.clear();
    m_fileMoving.clear();
    emit filesProgressChanged();
    emit filesChanged();
    if (m_filesAgain) {
        m_filesAgain = false;
        syncFilesNow();
    }
}

QString SyncController::filesStatus() const
{
    if (!m_filesBusy)
        return m_filesError.isEmpty()
                   ? QString()
                   : QCoreApplication::translate("Kyodo", "ファイルを送受信できませんでした: %1").arg(m_filesError);
    if (m_filesDirection == QLatin1String("upload"))
        return QCoreApplication::translate("Kyodo", "ファイル送信中 %1%").arg(m_filesPercent);
    if (m_filesDirection == QLatin1String("download"))
        return QCoreApplication::translate("Kyodo", "ファイル受信中 %1%").arg(m_filesPercent);
    return QCoreApplication::translate("Kyodo", "ファイルを確認中");
}

void SyncController::onSignInFinished(const SyncOutcome &outcome)
{
    m_online = !unreachable(outcome);
    m_last = outcome;
    m_store.notifySessionChanged();
    emit stateChanged();
    emit signInFinished(outcome.ok, outcome.ok ? QString() : lastError());
    if (outcome.ok)
        syncNow();
}

QString SyncController::lastError() const
{
    if (m_last.ok || m_last.errorCode.isEmpty())
        return {};
    return localized(m_last.messageJa, m_last.messageEn);
}

QString SyncController::lastSummary() const
{
    if (!m_last.ok)
        return {};
    QString summary = QCoreApplication::translate("Kyodo", "送信 %1 件・受信 %2 件・競合 %3 件・差し戻し %4 件")
                          .arg(m_last.pushed)
                          .arg(m_last.pulled)
                          .arg(m_last.conflicts)
                          .arg(m_last.rejected);
    // A scope was taken away: say where what the user typed there went.
    if (m_last.handedToAdmin > 0)
        summary +=
            QCoreApplication::translate("Kyodo", "。権限がなくなった担当の未反映の変更 %1 件を管理者に引き渡しました")
                .arg(m_last.handedToAdmin);
    // The server was restored from a backup: it lost nothing the user typed.
    if (m_last.resentAfterRestore > 0)
        summary += QCoreApplication::translate(
                       "Kyodo", "。サーバーがバックアップから復元されていたため、失われた変更 %1 件を送り直しました")
                       .arg(m_last.resentAfterRestore);
    if (m_last.purgedDrafts > 0)
        summary +=
            QCoreApplication::translate("Kyodo", "。その担当の下書き %1 件は削除されました").arg(m_last.purgedDrafts);
    return summary;
}

} // namespace Kyodo
