// Fiscal years (年度, April–March) and their wareki labels: FY2018 → 平成30年度,
// FY2019 → 令和元年度 (the city labels the whole year by the era of its end).
#pragma once

#include <QDate>
#include <QString>

namespace Kyodo {

int fiscalYearOf(const QDate &date);
QString fiscalYearLabel(int fiscalYear); // in the user's language

} // namespace Kyodo
