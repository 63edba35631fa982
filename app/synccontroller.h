// What the sync bar shows and what starts a sync. The work runs on a worker
// thread (SyncWorker); this object lives on the GUI thread and only holds
// state for QML: online or not, progress, pending count, last success, the
// last error in plain words. It syncs every few minutes, soon after the
// network comes back, and when asked.
//
//   idle ──syncNow / timer / network back──▶ syncing ──finished──▶ idle
//   (a request while syncing is remembered and runs right after)
//
// The files (photos, papers) move after each successful record sync on a
// second worker thread (BlobWorker) with its own connections, so a record
// saved during a long upload still syncs at once:
//
//   idle ──records synced / syncFilesNow──▶ moving files ──finished──▶ idle
#pragma once

#include "blobworker.h"
#include "syncworker.h"

#include <QDateTime>
#include <QObject>
#include <QQmlEngine>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace Kyodo {

class LocalStore;

class SyncController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App.sync")
    Q_PROPERTY(bool online READ online NOTIFY stateChanged)
    Q_PROPERTY(bool syncing READ syncing NOTIFY stateChanged)
    Q_PROPERTY(QString phase READ phase NOTIFY progressChanged)
    Q_PROPERTY(qint64 done READ done NOTIFY progressChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY progressChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY stateChanged)
    // Of the pending: never sent (未送信), and sent with no answer yet (送信済み).
    Q_PROPERTY(qint64 unsentCount READ unsentCount NOTIFY stateChanged)
    Q_PROPERTY(qint64 awaitingCount READ awaitingCount NOTIFY stateChanged)
    // Whether a sync has ever finished here (else the bar says so rather than guessing).
    Q_PROPERTY(bool everSynced READ everSynced NOTIFY stateChanged)
    Q_PROPERTY(QString lastErrorDetail READ lastErrorDetail NOTIFY stateChanged)
    // What the last sync brought that needs the user: new conflicts, returned changes ("" when none).
    Q_PROPERTY(QString announcement READ announcement NOTIFY stateChanged)
    Q_PROPERTY(bool announcementIsConflict READ announcementIsConflict NOTIFY stateChanged)
    Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY stateChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY stateChanged)
    Q_PROPERTY(QString lastSummary READ lastSummary NOTIFY stateChanged)
    Q_PROPERTY(bool autoSync READ autoSync WRITE setAutoSync NOTIFY stateChanged)
    // The file queue: whether files are moving, which way (upload | download),
    // how far over the round (0–100), and in words (ファイル送信中 40%).
    Q_PROPERTY(bool filesBusy READ filesBusy NOTIFY filesProgressChanged)
    Q_PROPERTY(QString filesDirection READ filesDirection NOTIFY filesProgressChanged)
    Q_PROPERTY(int filesPercent READ filesPercent NOTIFY filesProgressChanged)
    Q_PROPERTY(QString filesStatus READ filesStatus NOTIFY filesProgressChanged)
public:
    SyncController(LocalStore &store, QObject *parent = nullptr);
    ~SyncController() override;

    bool online() const { return m_online; }
    bool syncing() const { return m_syncing; }
    QString phase() const { return m_phase; }
    qint64 done() const { return m_done; }
    qint64 total() const { return m_total; }
    int pendingCount() const { return static_cast<int>(std::min<qint64>(m_pending, INT_MAX)); }
    qint64 unsentCount() const { return m_unsent; }
    qint64 awaitingCount() const { return m_pending - m_unsent; }
    bool everSynced() const { return m_lastSuccess.isValid(); }
    QString lastErrorDetail() const { return m_last.ok ? QString() : m_last.detail; }
    QString announcement() const;
    bool announcementIsConflict() const { return m_announceConflicts > 0; }
    Q_INVOKABLE void dismissAnnouncement();
    QDateTime lastSuccess() const { return m_lastSuccess; }
    QString lastError() const;
    QString lastSummary() const;
    bool autoSync() const { return m_autoSync; }
    void setAutoSync(bool on);

    Q_INVOKABLE void syncNow();
    // One round of the file queue now (a file opened that is not here yet).
    Q_INVOKABLE void syncFilesNow();
    bool filesBusy() const { return m_filesBusy; }
    // The file being sent or fetched at this moment ("" when none).
    QString fileMoving() const { return m_fileMoving; }
    QString filesDirection() const { return m_filesDirection; }
    int filesPercent() const { return m_filesPercent; }
    QString filesStatus() const;
    void signIn(const QString &url, const QString &caFile, const QString &user, const QString &password,
                const QString &device);
    // Ends on the server a token the device has already forgotten; an
    // unreachable server shows as the last error (the data stays either way).
    void endToken(const QString &url, const QString &caFile, const QString &token);
    // Asks the server for a record's history; historyFetched answers.
    Q_INVOKABLE void fetchHistory(const QString &recordId);
    // Re-reads the pending count (after a save on the GUI thread).
    void refreshPending();

    static constexpr int kIntervalMs = 3 * 60 * 1000; // while online
    static constexpr int kRetryMs = 20 * 1000;        // while offline: notices the network coming back
    static constexpr int kAfterSaveMs = 2 * 1000;     // a save is sent this soon (more saves in between wait with it)

signals:
    void stateChanged();
    void progressChanged();
    void filesProgressChanged();
    // Some file moved on (a chunk, or a round ended): attachment states follow.
    void filesChanged();
    void syncFinished(bool ok);
    void signInFinished(bool ok, const QString &message);
    void historyFetched(const QString &recordId, const QVariantList &entries, const QString &errorJa,
                        const QString &errorEn);

    // To the worker thread.
    void startSync();
    void startSignIn(const QString &url, const QString &caFile, const QString &user, const QString &password,
                     const QString &device);
    void startEndToken(const QString &url, const QString &caFile, const QString &token);
    void startFetchHistory(const QString &recordId);
    void startFiles();

private:
    void onProgress(const QString &phase, qint64 done, qint64 total);
    void onSyncFinished(const SyncOutcome &outcome);
    void onSignInFinished(const SyncOutcome &outcome);
    void onEndTokenFinished(const SyncOutcome &outcome);
    void onFilesProgress(const QString &direction, const QString &sha256, qint64 done, qint64 total);
    void onFilesFinished(const FilesOutcome &outcome);
    void watchNetwork();
    void schedule();
    void rememberState();
    // Open conflicts and returned changes on this device now.
    std::pair<qint64, qint64> needsUser();

    LocalStore &m_store;
    QThread m_thread;
    SyncWorker *m_worker = nullptr;
    QThread m_filesThread;
    BlobWorker *m_files = nullptr;
    bool m_filesBusy = false, m_filesAgain = false;
    QString m_fileMoving;
    QString m_filesDirection;
    int m_filesPercent = 0;
    QString m_filesError;
    QTimer m_timer;
    QTimer m_afterSave;
    bool m_online = false;
    bool m_syncing = false;
    bool m_again = false;
    bool m_autoSync = true;
    QString m_phase;
    qint64 m_done = 0, m_total = 0, m_pending = 0, m_unsent = 0;
    qint64 m_announceConflicts = 0, m_announceRejected = 0;
    std::pair<qint64, qint64> m_needsUserBefore;
    QDateTime m_lastSuccess;
    SyncOutcome m_last;
};

} // namespace Kyodo
