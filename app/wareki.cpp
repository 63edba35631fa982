#include "wareki.h"

#include "language.h"

namespace Kyodo {

int fiscalYearOf(const QDate &date)
{
    return date.month() >= 4 ? date.year() : date.year() - 1;
}

QString fiscalYearLabel(int fy)
{
    QString ja;
    if (fy >= 2019)
        ja = fy == 2019 ? QStringLiteral("令和元年度") : QStringLiteral("令和%1年度").arg(fy - 2018);
    else if (fy >= 1989)
        ja = fy == 1989 ? QStringLiteral("平成元年度") : QStringLiteral("平成%1年度").arg(fy - 1988);
    else
        ja = QStringLiteral("%1年度").arg(fy);
    return localized(ja, QStringLiteral("FY%1").arg(fy));
}

} // namespace Kyodo
