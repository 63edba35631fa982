// Runs the network side of the app on its own thread: sign-in and sync, each
// through the Qt-free engine with the worker's own replica connection, so
// the GUI never waits on the network.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>

#include <memory>

namespace kyodo {
class Replica;
}

namespace Kyodo {

struct SyncOutcome {
    bool ok = false;
    bool signedOut = false; // the server no longer accepts the token
    QString errorCode;
    QString messageJa;
    QString messageEn;
    QString detail; // for the log and the bar's "details", never the message
    qint64 pushed = 0;
    qint64 pulled = 0;
    qint64 conflicts = 0;
    qint64 rejected = 0;
    qint64 handedToAdmin = 0;      // unapplied changes of a revoked scope, kept on the server
    qint64 purgedDrafts = 0;       // drafts gone with a revoked scope
    qint64 resentAfterRestore = 0; // changes a server restored from a backup had lost, sent again
};

class SyncWorker : public QObject {
    Q_OBJECT
public:
    explicit SyncWorker(QString replicaPath);
    ~SyncWorker() override;

public slots:
    void sync();
    void signIn(const QString &url, const QString &caFile, const QString &user, const QString &password,
                const QString &device);
    // Ends on the server a token this device has already forgotten (sign-out).
    void endToken(const QString &url, const QString &caFile, const QString &token);
    // The server's history of one record (every user's changes).
    void fetchHistory(const QString &recordId);

signals:
    void progress(const QString &phase, qint64 done, qint64 total);
    void syncFinished(const Kyodo::SyncOutcome &outcome);
    void signInFinished(const Kyodo::SyncOutcome &outcome);
    void endTokenFinished(const Kyodo::SyncOutcome &outcome);
    // `entries` as the server sent them (QVariantMaps), or `error` in the user's words.
    void historyFetched(const QString &recordId, const QVariantList &entries, const QString &errorJa,
                        const QString &errorEn);

private:
    kyodo::Replica *replica(SyncOutcome &outcome);

    QString m_path;
    std::unique_ptr<kyodo::Replica> m_replica;
};

} // namespace Kyodo

Q_DECLARE_METATYPE(Kyodo::SyncOutcome)
