#include "wareki.h"

#include "messages.h"
#include "textfold.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace kyodo {

namespace {

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
long daysFromCivil(long y, long m, long d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(long z, long &y, long &m, long &d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    y = yoe + era * 400 + (m <= 2);
}

bool digitsAt(const std::string &s, size_t at, size_t n)
{
    if (s.size() < at + n)
        return false;
    for (size_t i = at; i < at + n; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
    return true;
}

int number(const std::string &s, size_t at, size_t n) { return std::stoi(s.substr(at, n)); }

} // namespace

std::string inTokyo(const std::string &d)
{
    // YYYY-MM-DDTHH:MM[:SS[.fff]] then Z, ±HH:MM or ±HHMM; anything else is left as written.
    if (!digitsAt(d, 0, 4) || d.size() < 17 || d[4] != '-' || !digitsAt(d, 5, 2) || d[7] != '-' || !digitsAt(d, 8, 2) ||
        (d[10] != 'T' && d[10] != ' ') || !digitsAt(d, 11, 2) || d[13] != ':' || !digitsAt(d, 14, 2))
        return d;
    size_t at = 16;
    if (at < d.size() && d[at] == ':' && digitsAt(d, at + 1, 2))
        at += 3;
    if (at < d.size() && d[at] == '.')
        for (++at; at < d.size() && std::isdigit(static_cast<unsigned char>(d[at]));)
            ++at;
    const std::string zone = d.substr(at);
    int offsetMinutes = 0;
    if (zone == "Z" || zone == "z") {
        offsetMinutes = 0;
    } else if ((zone.size() == 6 && zone[3] == ':' && digitsAt(zone, 1, 2) && digitsAt(zone, 4, 2)) ||
               (zone.size() == 5 && digitsAt(zone, 1, 4))) {
        if (zone[0] != '+' && zone[0] != '-')
            return d;
        offsetMinutes = number(zone, 1, 2) * 60 + number(zone, zone.size() - 2, 2);
        if (zone[0] == '-')
            offsetMinutes = -offsetMinutes;
    } else {
        return d; // no offset: already the time on the clocks where it was written (Japan)
    }
    // Japan has kept UTC+9 without summer time since 1952.
    long minutes = daysFromCivil(number(d, 0, 4), number(d, 5, 2), number(d, 8, 2)) * 1440 + number(d, 11, 2) * 60 +
                   number(d, 14, 2) - offsetMinutes + 9 * 60;
    long days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
    minutes -= days * 1440;
    long y, m, day;
    civilFromDays(days, y, m, day);
    char out[80]; // room for any long, so the compiler sees nothing cut
    std::snprintf(out, sizeof out, "%04ld-%02ld-%02ldT%02ld:%02ld", y, m, day, minutes / 60, minutes % 60);
    return out;
}

int fiscalYearOf(const std::string &written)
{
    const std::string d = inTokyo(written);
    // Four digits of year as written; five once a time at the end of 9999
    // in a zone west of Japan has become January 10000 here (still FY9999).
    const std::size_t dash = d.find('-');
    if (dash == std::string::npos || dash < 4 || dash > 5 || d.size() < dash + 3 || !digitsAt(d, 0, dash) ||
        !digitsAt(d, dash + 1, 2))
        return 0;
    const int year = std::stoi(d.substr(0, dash));
    if (dash == 5 && year != 10000)
        return 0;
    const int month = std::stoi(d.substr(dash + 1, 2));
    return month >= 4 ? year : year - 1;
}

std::string fiscalYearLabelJa(int fy)
{
    auto era = [fy](const char *name, int first) {
        const int n = fy - first + 1;
        return std::string(name) + (n == 1 ? std::string("元") : std::to_string(n)) + "年度";
    };
    if (fy >= 2019)
        return era("令和", 2019);
    if (fy >= 1989)
        return era("平成", 1989);
    // FY1926 began in 大正 and 昭和64 lasted a week of January: 昭和 fiscal years are 2 to 63.
    if (fy >= 1927)
        return era("昭和", 1926);
    return std::to_string(fy) + "年度";
}

std::string fiscalYearLabelEn(int fy) { return "FY" + std::to_string(fy); }

int currentFiscalYear()
{
    const std::time_t now = std::time(nullptr) + 9 * 3600; // Japan
    std::tm t{};
    gmtime_r(&now, &t);
    return t.tm_mon + 1 >= 4 ? t.tm_year + 1900 : t.tm_year + 1899;
}

Result<int> parseFiscalYear(const std::string &raw, int current)
{
    auto bad = [&raw] { return errorOf(Msg::UnreadableFiscalYear, {raw}); };
    // As a clerk types it: full-width digits and letters, spaces anywhere (H28 年度).
    std::string s;
    for (char c : foldForComparison(raw))
        if (!std::isspace(static_cast<unsigned char>(c)))
            s += c;
    for (const char *suffix : {"年度", "年", "FY", "fy"})
        if (s.size() > std::string(suffix).size() && s.rfind(suffix) == s.size() - std::string(suffix).size())
            s.erase(s.size() - std::string(suffix).size());
    if (s.rfind("FY", 0) == 0 || s.rfind("fy", 0) == 0)
        s.erase(0, 2);
    int first = 0;
    for (const auto &[prefix, start] : {std::pair<std::string, int>{"平成", 1989},
                                        {"令和", 2019},
                                        {"昭和", 1926},
                                        {"S", 1926},
                                        {"s", 1926},
                                        {"H", 1989},
                                        {"h", 1989},
                                        {"R", 2019},
                                        {"r", 2019}})
        if (s.rfind(prefix, 0) == 0) {
            first = start;
            s.erase(0, prefix.size());
            break;
        }
    if (s == "元")
        s = "1";
    if (s.empty() || s.size() > 4 || s.size() == 3)
        return bad();
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return bad();
    const int n = std::stoi(s);
    if (first == 1989)
        return n >= 1 && n <= 31 ? first + n - 1 : Result<int>(bad());
    if (first == 1926)
        return n >= 2 && n <= 63 ? first + n - 1 : Result<int>(bad());
    if (first)
        return n >= 1 ? first + n - 1 : Result<int>(bad());
    // A year of four digits is a Western one, from the first of an era this
    // reads (明治, 1868): "0000" is no year, not "from the beginning".
    if (s.size() == 4)
        return n >= 1868 ? Result<int>(n) : Result<int>(bad());
    // A year without an era: the city's tables write 平成 years that way
    // (28年度). It may also be a 令和 year up to next year's; when both
    // readings are possible, the clerk says which.
    if (current == 0)
        current = currentFiscalYear();
    const bool heisei = n >= 1 && n <= 31;
    const bool reiwa = n >= 1 && 2018 + n <= current + 1;
    if (heisei && reiwa)
        return errorOf(Msg::AmbiguousFiscalYear, {raw, n, 1988 + n, 2018 + n});
    if (heisei)
        return 1988 + n;
    if (reiwa)
        return 2018 + n;
    return bad();
}

} // namespace kyodo
