#include "blobimageprovider.h"

#include "blobstore.h"
#include "pdfpages.h"
#include "photoprep.h"

#include <QBuffer>
#include <QImageReader>

namespace Kyodo {

BlobImageProvider::BlobImageProvider(QString replicaPath)
    : QQuickImageProvider(QQuickImageProvider::Image), m_path(std::move(replicaPath))
{}

BlobImageProvider::~BlobImageProvider() = default;

void BlobImageProvider::forget()
{
    QMutexLocker lock(&m_mutex);
    m_lastSha.clear();
    m_lastBytes.clear();
}

QByteArray BlobImageProvider::bytesOf(const QString &sha256)
{
    QMutexLocker lock(&m_mutex);
    if (!m_blobs) {
        auto opened = kyodo::BlobStore::openBeside(m_path.toStdString());
        if (!opened)
            return {};
        m_blobs = std::move(opened.value());
    }
    const std::string sha = sha256.toStdString();
    if (sha256 == m_lastSha && stillHeld(sha))
        return m_lastBytes;
    // Whatever was kept goes first: a file that cannot be read now leaves no copy behind.
    m_lastSha.clear();
    m_lastBytes.clear();
    auto bytes = m_blobs->read(sha);
    if (!bytes)
        return {};
    QByteArray out(bytes->data(), static_cast<qsizetype>(bytes->size()));
    m_lastSha = sha256;
    m_lastBytes = out;
    return out;
}

bool BlobImageProvider::stillHeld(const std::string &sha256)
{
    // On QML's image loader thread: a database error is "not held", never a throw.
    try {
        const auto held = m_blobs->state(sha256);
        return held && held->complete;
    } catch (const std::exception &) {
        return false;
    }
}

QImage BlobImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const QStringList parts = id.split(QLatin1Char('/'));
    const QByteArray bytes = bytesOf(parts.value(0));
    QImage image;
    const int longSide = std::max(requestedSize.width(), requestedSize.height());
    if (parts.size() == 3 && parts[1] == QLatin1String("page")) {
        image = pdfPage(bytes, parts[2].toInt(), longSide > 0 ? longSide : 1600);
    } else {
        QBuffer buffer;
        buffer.setData(bytes);
        QImageReader reader(&buffer);
        // Only ever smaller: a thumbnail cell asks for its own size.
        const QSize box(requestedSize.width() > 0 ? requestedSize.width() : 1 << 20,
                        requestedSize.height() > 0 ? requestedSize.height() : 1 << 20);
        const QSize full = reader.size();
        if (longSide > 0 && full.isValid() && (full.width() > box.width() || full.height() > box.height()))
            reader.setScaledSize(full.scaled(box, Qt::KeepAspectRatio));
        image = readUpright(reader, bytes);
    }
    if (size)
        *size = image.size();
    return image;
}

} // namespace Kyodo
