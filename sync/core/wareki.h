// Fiscal years (年度, April–March) and their Japanese era labels, as the city
// writes them: FY2016 平成28年度, FY2019 令和元年度 (April 2019 is still 平成31
// until 30 April; the city names the whole year by the era of its end).
#pragma once

#include "result.h"

#include <string>

namespace kyodo {

// The fiscal year of "YYYY-MM-DD…" (a date or date-time); 0 when it is not one.
int fiscalYearOf(const std::string &isoDate);
// 平成28年度 / 令和元年度 / (before 1989) 1988年度.
std::string fiscalYearLabelJa(int fiscalYear);
std::string fiscalYearLabelEn(int fiscalYear); // FY2016
// What people type for a fiscal year: 2018, H30, 平成30, 平成30年度, R1, 令和元年度.
Result<int> parseFiscalYear(const std::string &text);

} // namespace kyodo
