// Fiscal years (年度, April–March) and their Japanese era labels, as the city
// writes them: FY2016 平成28年度, FY2019 令和元年度 (April 2019 is still 平成31
// until 30 April; the city names the whole year by the era of its end).
#pragma once

#include "result.h"

#include <string>

namespace kyodo {

// A date-time written with an offset (…Z, …+09:00, …-05:00) as the clocks in
// Japan showed it ("YYYY-MM-DDTHH:MM"); anything else as written (a time
// without an offset is already Japan's, a date has no hour).
std::string inTokyo(const std::string &isoDateTime);
// The fiscal year of "YYYY-MM-DD…" (a date or date-time), decided in Japan:
// 2019-03-31T16:30:00Z is 1 April 01:30 JST, FY2019. 0 when it is not a date.
int fiscalYearOf(const std::string &isoDate);
int currentFiscalYear(); // today's, in Japan
// 平成28年度 / 令和元年度 / (before 1989) 1988年度.
std::string fiscalYearLabelJa(int fiscalYear);
std::string fiscalYearLabelEn(int fiscalYear); // FY2016
// What people type for a fiscal year: 2018, H30, 平成30, 平成30年度, R1,
// 令和元年度, H28 年度, full-width digits. A bare 7年度 that could be 平成7 or
// 令和7 (a 令和 year up to next year) is refused with both readings named.
// `current` is this fiscal year (0: today's).
Result<int> parseFiscalYear(const std::string &text, int current = 0);

} // namespace kyodo
