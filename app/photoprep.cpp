#include "photoprep.h"

#include "pdfpages.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>

namespace Kyodo {

namespace {

QByteArray jpeg(const QImage &image, int quality)
{
    // JPEG has no transparency: what was transparent shows on white.
    QImage flat(image.size(), QImage::Format_RGB32);
    flat.fill(Qt::white);
    QPainter(&flat).drawImage(0, 0, image);
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    flat.save(&buffer, "JPEG", quality);
    return out;
}

} // namespace

QByteArray thumbnailJpeg(const QImage &image, int side)
{
    if (image.isNull())
        return {};
    const QImage small = image.width() > side || image.height() > side
                             ? image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                             : image;
    return jpeg(small, 80);
}

PreparedFile prepareFile(const QByteArray &bytes, const QString &name, const QString &mime, int longSide,
                         bool keepLocation)
{
    PreparedFile out{bytes, name, mime, {}, false};
    if (mime == QLatin1String("application/pdf")) {
        out.thumbnail = thumbnailJpeg(pdfPage(bytes, 0, kThumbnailSide));
        return out;
    }
    if (!mime.startsWith(QLatin1String("image/")))
        return out;
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    reader.setAutoTransform(true); // a portrait photo stays upright without its EXIF
    const QImage image = reader.read();
    if (image.isNull())
        return out; // the engine decides whether an unreadable "image" may go
    out.thumbnail = thumbnailJpeg(image);
    if (keepLocation)
        return out; // the field wants where it was taken: the original, EXIF and all
    const bool tooLarge = longSide > 0 && std::max(image.width(), image.height()) > longSide;
    const QImage sized =
        tooLarge ? image.scaled(longSide, longSide, Qt::KeepAspectRatio, Qt::SmoothTransformation) : image;
    out.bytes = jpeg(sized, 88);
    out.mime = QStringLiteral("image/jpeg");
    const QFileInfo info(name);
    out.name = info.completeBaseName() + QStringLiteral(".jpg");
    out.changed = true;
    return out;
}

} // namespace Kyodo
