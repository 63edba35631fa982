// How a report reads outside the app: aligned text (Japanese counted as two
// columns wide), CSV for spreadsheets, JSON for scripts.
#include "reportengine.h"

#include "messages.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <sstream>
#include <string_view>

namespace kyodo {
namespace {

// Terminal columns of UTF-8 text: East Asian wide characters take two.
size_t displayWidth(const std::string &s)
{
    size_t width = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
        for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
        width += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                                   (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6)))
                     ? 2
                     : 1;
        i += static_cast<size_t>(len);
    }
    return width;
}

// A cell as a terminal shows it: a record's line break or tab reads as a
// space, and what would act on the terminal or the order of what it shows
// (an escape sequence, a right-to-left override, a zero-width character, a
// byte that is not UTF-8) as U+FFFD, so no cell can move, recolour or
// reverse the table around it.
std::string terminalCell(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t at = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c == '\n' || c == '\r' || c == '\t') {
            out += ' ';
            continue;
        }
        const std::int8_t kind = c < 0 ? static_cast<std::int8_t>(U_CONTROL_CHAR) : u_charType(c);
        if (kind == U_CONTROL_CHAR || kind == U_FORMAT_CHAR || kind == U_LINE_SEPARATOR ||
            kind == U_PARAGRAPH_SEPARATOR) {
            out += "\xEF\xBF\xBD";
            continue;
        }
        out.append(text, static_cast<std::size_t>(at), static_cast<std::size_t>(i - at));
    }
    return out;
}

std::string withSeparators(std::int64_t n)
{
    // The magnitude unsigned: -n would overflow for the smallest int64.
    const std::uint64_t magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    const std::string digits = std::to_string(magnitude);
    std::string out = n < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

// A text cell. One that begins as a formula would (= + - @, a tab or CR)
// is a formula to a spreadsheet that opens the file: a record's text could
// run one there. It gets a leading apostrophe, which a spreadsheet shows as
// text and hides.
std::string csvField(const std::string &text)
{
    const std::string s =
        !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos ? "'" + text : text;
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<std::string> header(const ReportTable &t, bool english)
{
    std::vector<std::string> h;
    for (const auto &g : t.def.groups)
        h.push_back(english ? g.labelEn : g.labelJa);
    for (const auto &c : t.def.columns)
        h.push_back(english ? c.labelEn : c.labelJa);
    return h;
}

} // namespace

std::string reportCellText(const ReportColumn &c, std::int64_t value, const std::string &text, bool english)
{
    if (c.isText())
        return text.empty() || value <= 1 ? text : textOf(Txt::TextAndMore, {text}).in(english);
    return c.unit == "yen" ? textOf(Txt::AmountInYen, {withSeparators(value)}).in(english) : withSeparators(value);
}

std::string reportAsText(const ReportTable &t, bool english)
{
    std::vector<std::vector<std::string>> lines{header(t, english)};
    auto addRow = [&](std::vector<std::string> keys, const std::vector<std::int64_t> &values,
                      const std::vector<std::string> &texts) {
        for (size_t c = 0; c < values.size(); ++c)
            keys.push_back(reportCellText(t.def.columns[c], values[c], c < texts.size() ? texts[c] : "", english));
        lines.push_back(std::move(keys));
    };
    for (const auto &r : t.rows) {
        std::vector<std::string> keys;
        for (const auto &k : r.keys)
            keys.push_back(english ? k.labelEn : k.labelJa);
        addRow(std::move(keys), r.values, r.texts);
    }
    std::vector<std::string> totalKeys(t.def.groups.size());
    if (!totalKeys.empty())
        totalKeys[0] = textOf(Txt::Total).in(english);
    addRow(std::move(totalKeys), t.totals, {});

    std::vector<size_t> widths(lines[0].size(), 0);
    for (auto &l : lines)
        for (size_t i = 0; i < l.size(); ++i) {
            l[i] = terminalCell(l[i]);
            widths[i] = std::max(widths[i], displayWidth(l[i]));
        }
    std::ostringstream out;
    out << (english ? t.def.labelEn : t.def.labelJa) << "\n";
    const size_t keyColumns = t.def.groups.size();
    for (size_t n = 0; n < lines.size(); ++n) {
        if (n == lines.size() - 1 || n == 1)
            for (size_t i = 0; i < widths.size(); ++i)
                out << std::string(widths[i], '-') << (i + 1 < widths.size() ? "  " : "\n");
        for (size_t i = 0; i < lines[n].size(); ++i) {
            const std::string pad(widths[i] - displayWidth(lines[n][i]), ' ');
            // Keys and texts read left to right; numbers line up on the right.
            const bool leftAligned = i < keyColumns || n == 0 || t.def.columns[i - keyColumns].isText();
            out << (leftAligned ? lines[n][i] + pad : pad + lines[n][i]) << (i + 1 < lines[n].size() ? "  " : "\n");
        }
    }
    return out.str();
}

std::string reportAsCsv(const ReportTable &t, bool english)
{
    std::ostringstream out;
    const auto h = header(t, english);
    for (size_t i = 0; i < h.size(); ++i)
        out << csvField(h[i]) << (i + 1 < h.size() ? "," : "\r\n");
    for (const auto &r : t.rows) {
        for (const auto &k : r.keys)
            out << csvField(english ? k.labelEn : k.labelJa) << ",";
        for (size_t c = 0; c < r.values.size(); ++c) {
            const ReportColumn &col = t.def.columns[c];
            out << (col.isText() ? csvField(reportCellText(col, r.values[c], r.texts[c], english))
                                 : std::to_string(r.values[c]))
                << (c + 1 < r.values.size() ? "," : "\r\n");
        }
    }
    // The total line, as on the screen: a distinct count's total is not the
    // sum of its rows, so it could not be worked out from them.
    for (size_t k = 0; k < t.def.groups.size(); ++k)
        out << (k == 0 ? csvField(textOf(Txt::Total).in(english)) : std::string()) << ",";
    for (size_t c = 0; c < t.totals.size(); ++c)
        out << (t.def.columns[c].isText() ? std::string() : std::to_string(t.totals[c]))
            << (c + 1 < t.totals.size() ? "," : "\r\n");
    return out.str();
}

json reportAsJson(const ReportTable &t)
{
    json rows = json::array();
    for (const auto &r : t.rows) {
        json keys = json::array();
        for (const auto &k : r.keys)
            keys.push_back({{"value", k.value}, {"ja", k.labelJa}, {"en", k.labelEn}});
        rows.push_back({{"keys", keys}, {"values", r.values}, {"texts", r.texts}});
    }
    json columns = json::array();
    for (const auto &c : t.def.columns)
        columns.push_back({{"ja", c.labelJa}, {"en", c.labelEn}, {"unit", c.unit}});
    json groups = json::array();
    for (const auto &g : t.def.groups)
        groups.push_back({{"ja", g.labelJa}, {"en", g.labelEn}});
    return {{"report", t.def.id},        {"label", {{"ja", t.def.labelJa}, {"en", t.def.labelEn}}},
            {"section", t.def.section},  {"groups", groups},
            {"columns", columns},        {"rows", rows},
            {"totals", t.totals},        {"from", t.range.fromFiscalYear},
            {"to", t.range.toFiscalYear}};
}

} // namespace kyodo
