#include "photoprep.h"

#include "pdfpages.h"
#include "phototime.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>
#include <QPainter>
#include <QTransform>

#include <string_view>

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

// `image` turned as EXIF Orientation `orientation` (1–8) says to view it:
// mirrored or flipped first, then a quarter turn clockwise (Qt's own order
// for its transformations).
QImage upright(const QImage &image, int orientation)
{
    const bool mirror = orientation == 2 || orientation == 3 || orientation == 7;
    const bool flip = orientation == 3 || orientation == 4 || orientation == 5;
    const bool quarter = orientation >= 5 && orientation <= 7;
    QImage out = mirror || flip ? image.mirrored(mirror, flip) : image;
    if (quarter)
        out = out.transformed(QTransform().rotate(90));
    if (orientation == 8)
        out = out.transformed(QTransform().rotate(270));
    return out;
}

} // namespace

QImage readUpright(QImageReader &reader, const QByteArray &bytes)
{
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    // Qt turns a JPEG by its EXIF; a PNG's eXIf or a WebP's EXIF chunk it
    // may not read, and would show (or make a JPEG of) the picture on its side.
    if (image.isNull() || reader.transformation() != QImageIOHandler::TransformationNone)
        return image;
    return upright(
        image, kyodo::photoOrientation(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))));
}

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
    const QImage image = readUpright(reader, bytes);
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
