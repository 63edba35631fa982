// PDF pages as images (poppler-qt6): the viewer shows every page of a
// meeting paper, and a PDF attached here gets its first page as preview.
#pragma once

#include <QByteArray>
#include <QImage>

namespace Kyodo {

int pdfPageCount(const QByteArray &pdf); // 0 when it cannot be read
// Page `index` (from 0) fitted within `longSide` pixels; null when unreadable.
QImage pdfPage(const QByteArray &pdf, int index, int longSide);

} // namespace Kyodo
