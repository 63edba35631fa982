// The file queue of the app (blobsync.h) on a thread of its own, with its own
// replica connection, blob store handle and HTTP connection: a round that
// uploads a 20 MB photo never holds the record sync, so a note saved during
// the upload still goes out at once (SyncWorker runs on another thread).
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace kyodo {
class BlobStore;
class Replica;
} // namespace kyodo

namespace Kyodo {

struct FilesOutcome {
    bool ok = false;
    QString messageJa, messageEn;
    qint64 uploaded = 0, downloaded = 0, waiting = 0;
};

class BlobWorker : public QObject {
    Q_OBJECT
public:
    explicit BlobWorker(QString replicaPath);
    ~BlobWorker() override;

    // From the GUI thread as the app closes: a round under way ends after
    // the chunks already travelling (the next start resumes from there).
    void requestStop() { m_stop = true; }

public slots:
    void run();

signals:
    // direction: upload | download; bytes over the whole round.
    void progress(const QString &direction, const QString &sha256, qint64 done, qint64 total);
    void finished(const Kyodo::FilesOutcome &outcome);

private:
    bool open(FilesOutcome &outcome);

    QString m_path;
    std::atomic<bool> m_stop{false};
    std::unique_ptr<kyodo::Replica> m_replica;
    std::unique_ptr<kyodo::BlobStore> m_blobs;
};

} // namespace Kyodo

Q_DECLARE_METATYPE(Kyodo::FilesOutcome)
