#include "textdiff.h"

#include <QList>

#include <algorithm>
#include <vector>

namespace Kyodo {
namespace {

// Beyond this many cells the middle is marked as replaced as a whole: the
// table of a longest common subsequence grows with the product of the lengths.
constexpr qsizetype kMaxCells = 4'000'000;

QString escaped(const QList<uint> &text, qsizetype from, qsizetype to)
{
    QString out =
        QString::fromUcs4(reinterpret_cast<const char32_t *>(text.constData() + from), to - from).toHtmlEscaped();
    return out.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

QString added(const QString &html)
{
    return html.isEmpty()
               ? html
               : QStringLiteral("<span style=\"background-color:#fff59d\">") + html + QStringLiteral("</span>");
}

QString removed(const QString &html)
{
    return html.isEmpty() ? html : QStringLiteral("<s style=\"color:#c62828\">") + html + QStringLiteral("</s>");
}

} // namespace

QString markDifferences(const QString &fromText, const QString &toText)
{
    const QList<uint> a = fromText.toUcs4(), b = toText.toUcs4();
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const qsizetype aEnd = a.size() - suffix, bEnd = b.size() - suffix;
    const qsizetype n = aEnd - prefix, m = bEnd - prefix;

    QString middle;
    if (n == 0 || m == 0 || n * m > kMaxCells) {
        middle = removed(escaped(a, prefix, aEnd)) + added(escaped(b, prefix, bEnd));
    } else {
        // lcs[i][j]: the longest common subsequence of a[prefix+i..] and b[prefix+j..].
        std::vector<std::vector<int>> lcs(static_cast<size_t>(n + 1), std::vector<int>(static_cast<size_t>(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[i][j] =
                    a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        qsizetype i = 0, j = 0;
        // Runs of the same kind are marked together (one span per run).
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                const qsizetype start = j;
                while (i < n && j < m && a[prefix + i] == b[prefix + j]) {
                    ++i;
                    ++j;
                }
                middle += escaped(b, prefix + start, prefix + j);
                continue;
            }
            const qsizetype gone = i;
            while (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1]) && !(j < m && a[prefix + i] == b[prefix + j]))
                ++i;
            middle += removed(escaped(a, prefix + gone, prefix + i));
            const qsizetype start = j;
            while (j < m && (i >= n || lcs[i][j + 1] > lcs[i + 1][j]) && !(i < n && a[prefix + i] == b[prefix + j]))
                ++j;
            middle += added(escaped(b, prefix + start, prefix + j));
        }
    }
    return escaped(b, 0, prefix) + middle + escaped(b, bEnd, b.size());
}

} // namespace Kyodo
