#include "yearlyreport.h"

#include "fieldformat.h"
#include "language.h"
#include "reportengine.h"
#include "wareki.h"

#include <QDate>
#include <QFile>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace Kyodo {
namespace {

QString pick(const std::string &ja, const std::string &en)
{
    return localized(QString::fromStdString(ja), QString::fromStdString(en)).toHtmlEscaped();
}

QString tableHtml(const kyodo::ReportTable &t)
{
    QString html = QStringLiteral("<h2>%1</h2><table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>")
                       .arg(pick(t.def.labelJa, t.def.labelEn));
    for (const auto &g : t.def.groups)
        html += QStringLiteral("<th align='left'>%1</th>").arg(pick(g.labelJa, g.labelEn));
    for (const auto &c : t.def.columns)
        html += QStringLiteral("<th align='right'>%1</th>").arg(pick(c.labelJa, c.labelEn));
    html += QStringLiteral("</tr>");
    auto number = [&](size_t c, std::int64_t v) { return reportNumberText(t.def.columns[c], v); };
    for (const auto &r : t.rows) {
        html += QStringLiteral("<tr>");
        for (const auto &k : r.keys)
            html += QStringLiteral("<td>%1</td>").arg(pick(k.labelJa, k.labelEn));
        for (size_t c = 0; c < r.values.size(); ++c)
            html += QStringLiteral("<td align='right'>%1</td>").arg(number(c, r.values[c]));
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("<tr><td colspan='%1'><b>%2</b></td>")
                .arg(std::max<size_t>(1, t.def.groups.size()))
                .arg(localized(QStringLiteral("合計"), QStringLiteral("Total")));
    for (size_t c = 0; c < t.totals.size(); ++c)
        html += QStringLiteral("<td align='right'><b>%1</b></td>").arg(number(c, t.totals[c]));
    return html + QStringLiteral("</tr></table>");
}

} // namespace

QString yearlyReportHtml(kyodo::Replica &replica, int from, int to)
{
    kyodo::ReportEngine engine(replica);
    const QString years = from && to ? QStringLiteral("%1～%2").arg(pick(kyodo::fiscalYearLabelJa(from), kyodo::fiscalYearLabelEn(from)),
                                                                   pick(kyodo::fiscalYearLabelJa(to), kyodo::fiscalYearLabelEn(to)))
                                     : localized(QStringLiteral("全年度"), QStringLiteral("all years"));
    QString html = QStringLiteral("<html><body><h1>%1</h1><p>%2</p>")
                       .arg(localized(QStringLiteral("市民協働の取組状況（%1）").arg(years),
                                      QStringLiteral("Citizen collaboration: status report (%1)").arg(years)),
                            localized(QStringLiteral("作成日 %1・端末の記録から集計").arg(QDate::currentDate().toString(Qt::ISODate)),
                                      QStringLiteral("Made %1 from the records on this device").arg(QDate::currentDate().toString(Qt::ISODate))));
    for (const kyodo::ReportDef *def : engine.reports()) {
        const bool byYear = std::any_of(def->groups.begin(), def->groups.end(), [](const kyodo::ReportGroup &g) {
            return g.kind == kyodo::ReportGroup::Kind::FiscalYear;
        });
        auto table = engine.run(*def, byYear ? kyodo::ReportRange{from, to} : kyodo::ReportRange{});
        html += table ? tableHtml(*table)
                      : QStringLiteral("<h2>%1</h2><p>%2</p>").arg(pick(def->labelJa, def->labelEn), localized(table.error()).toHtmlEscaped());
    }
    return html + QStringLiteral("</body></html>");
}

YearlyReportOutcome writeYearlyReportPdf(kyodo::Replica &replica, const QString &path, int from, int to)
{
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    pdf.setTitle(localized(QStringLiteral("市民協働の取組状況"), QStringLiteral("Citizen collaboration status report")));
    QTextDocument doc;
    doc.setHtml(yearlyReportHtml(replica, from, to));
    doc.print(&pdf);
    if (QFile(path).size() <= 0)
        return {{}, localized(QStringLiteral("PDF を書き出せません: %1").arg(path), QStringLiteral("Cannot write the PDF: %1").arg(path))};
    return {path, {}};
}

} // namespace Kyodo
