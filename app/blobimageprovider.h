// image://kyodo-blob/<sha256> — a photo or preview from the device's
// encrypted BlobStore, decoded in memory (nothing decrypted is written to
// disk); image://kyodo-blob/<sha256>/page/<n> — page n (from 0) of a PDF.
// Has its own BlobStore handle: QML may ask from its image loader threads.
#pragma once

#include <QMutex>
#include <QQuickImageProvider>

#include <memory>

namespace kyodo {
class BlobStore;
}

namespace Kyodo {

class BlobImageProvider : public QQuickImageProvider {
public:
    static constexpr const char *kId = "kyodo-blob";
    explicit BlobImageProvider(QString replicaPath);
    ~BlobImageProvider() override;

    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
    // Drops the file kept for turning pages: after a sync (a scope revoked,
    // a remote wipe) or a sign-out, no decrypted copy stays in memory.
    void forget();

private:
    QByteArray bytesOf(const QString &sha256);
    // The kept file is served again only while the store still holds it.
    bool stillHeld(const std::string &sha256);

    QString m_path;
    QMutex m_mutex;
    std::unique_ptr<kyodo::BlobStore> m_blobs;
    QString m_lastSha; // the PDF whose pages are being turned
    QByteArray m_lastBytes;
};

} // namespace Kyodo
