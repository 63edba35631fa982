// Runs the network side of the app on its own thread: sign-in and sync, each
// through the Qt-free engine with the worker's own replica connection, so
// the GUI never waits on the network.
#pragma once

#include <QObject>
#include <QString>

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
    qint64 pushed = 0;
    qint64 pulled = 0;
    qint64 conflicts = 0;
    qint64 rejected = 0;
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

signals:
    void progress(const QString &phase, qint64 done, qint64 total);
    void syncFinished(const Kyodo::SyncOutcome &outcome);
    void signInFinished(const Kyodo::SyncOutcome &outcome);
    void endTokenFinished(const Kyodo::SyncOutcome &outcome);

private:
    kyodo::Replica *replica(SyncOutcome &outcome);

    QString m_path;
    std::unique_ptr<kyodo::Replica> m_replica;
};

} // namespace Kyodo

Q_DECLARE_METATYPE(Kyodo::SyncOutcome)
