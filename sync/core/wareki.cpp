#include "wareki.h"

#include <cctype>

namespace kyodo {

int fiscalYearOf(const std::string &d)
{
    if (d.size() < 7 || d[4] != '-')
        return 0;
    for (int i : {0, 1, 2, 3, 5, 6})
        if (!std::isdigit(static_cast<unsigned char>(d[static_cast<size_t>(i)])))
            return 0;
    const int year = std::stoi(d.substr(0, 4));
    const int month = std::stoi(d.substr(5, 2));
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
    return std::to_string(fy) + "年度";
}

std::string fiscalYearLabelEn(int fy)
{
    return "FY" + std::to_string(fy);
}

Result<int> parseFiscalYear(const std::string &raw)
{
    auto bad = [&raw] {
        return makeError("bad_fiscal_year", "年度 \"" + raw + "\" を読めません（例: 2018、H30、平成30、R1、令和元）",
                         "Cannot read the fiscal year \"" + raw + "\" (e.g. 2018, H30, 平成30, R1, 令和元)");
    };
    std::string s = raw;
    for (const char *suffix : {"年度", "年", "FY", "fy"})
        if (s.size() > std::string(suffix).size() && s.rfind(suffix) == s.size() - std::string(suffix).size())
            s.erase(s.size() - std::string(suffix).size());
    if (s.rfind("FY", 0) == 0 || s.rfind("fy", 0) == 0)
        s.erase(0, 2);
    int first = 0;
    for (const auto &[prefix, start] : {std::pair<std::string, int>{"平成", 1989}, {"令和", 2019}, {"H", 1989},
                                        {"h", 1989}, {"R", 2019}, {"r", 2019}})
        if (s.rfind(prefix, 0) == 0) {
            first = start;
            s.erase(0, prefix.size());
            break;
        }
    if (s == "元")
        s = "1";
    if (s.empty() || s.size() > 4)
        return bad();
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return bad();
    const int n = std::stoi(s);
    if (first)
        return n >= 1 ? first + n - 1 : Result<int>(bad());
    // Two digits without an era: the city's tables write 平成 years that way (28年度).
    if (s.size() <= 2)
        return 1988 + n;
    return n;
}

} // namespace kyodo
