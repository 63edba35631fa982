// What happens to a file between the user picking it and the BlobStore:
// a photo is turned upright, made no longer than the long side the user
// chose (Preferences, 2048 px by default) and encoded again as JPEG, which
// leaves its EXIF behind (the place it was taken among it) — unless its
// field keeps the location, when the original bytes go as they are. Every
// image and PDF gets a small JPEG preview (≤ 256 px) that travels with the
// record, so a list shows thumbnails before any photo is fetched.
#pragma once

#include "jpegthumb.h"

#include <QByteArray>
#include <QImage>
#include <QImageReader>
#include <QString>

namespace Kyodo {

inline constexpr int kDefaultPhotoLongSide = 2048;
using kyodo::kThumbnailSide; // the same previews as a photo attached by path (jpegthumb.h)

struct PreparedFile {
    QByteArray bytes; // what is stored and sent
    QString name;     // the name shown (".jpg" when encoded again)
    QString mime;
    QByteArray thumbnail; // JPEG, empty when none could be made
    bool changed = false; // bytes differ from the file's
};

// `mime` as the engine found it (attach.h mediaTypeOf). A file that is not
// an image or a PDF comes back as it is, without a preview.
PreparedFile prepareFile(const QByteArray &bytes, const QString &name, const QString &mime, int longSide,
                         bool keepLocation);

// What `reader` reads of `bytes` (the file it reads), turned upright by the
// file's EXIF Orientation: a portrait photo stays upright without its EXIF.
QImage readUpright(QImageReader &reader, const QByteArray &bytes);

// The preview of an image: at most `side` pixels each way, JPEG.
QByteArray thumbnailJpeg(const QImage &image, int side = kThumbnailSide);

} // namespace Kyodo
