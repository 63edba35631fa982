#include "pdfpages.h"

#include <poppler-qt6.h>

#include <algorithm>

namespace Kyodo {

int pdfPageCount(const QByteArray &pdf)
{
    const auto doc = Poppler::Document::loadFromData(pdf);
    return doc && !doc->isLocked() ? doc->numPages() : 0;
}

QImage pdfPage(const QByteArray &pdf, int index, int longSide)
{
    const auto doc = Poppler::Document::loadFromData(pdf);
    if (!doc || doc->isLocked() || index < 0 || index >= doc->numPages())
        return {};
    doc->setRenderHint(Poppler::Document::Antialiasing);
    doc->setRenderHint(Poppler::Document::TextAntialiasing);
    const auto page = doc->page(index);
    if (!page)
        return {};
    const QSizeF points = page->pageSizeF(); // 1/72 inch
    const double longest = std::max(points.width(), points.height());
    const double dpi = longest > 0 ? std::clamp(72.0 * longSide / longest, 18.0, 300.0) : 72.0;
    return page->renderToImage(dpi, dpi);
}

} // namespace Kyodo
