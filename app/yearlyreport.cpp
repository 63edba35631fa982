#include "yearlyreport.h"

#include "fieldformat.h"
#include "language.h"
#include "reportengine.h"
#include "wareki.h"

#include <QCoreApplication>
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

QString heading(const kyodo::ReportDef &def)
{
    return QStringLiteral("<h2>%1%2</h2>")
        .arg(def.section.empty() ? QString()
                                 : QString::fromStdString(def.section).toHtmlEscaped() + QStringLiteral("　"),
             pick(def.labelJa, def.labelEn));
}

QString tableHtml(const kyodo::ReportTable &t)
{
    QString html =
        heading(t.def) + QStringLiteral("<table border='1' cellspacing='0' cellpadding='4' width='100%'><tr>");
    for (const auto &g : t.def.groups)
        html += QStringLiteral("<th align='left'>%1</th>").arg(pick(g.labelJa, g.labelEn));
    auto align = [&](size_t c) { return t.def.columns[c].isText() ? QStringLiteral("left") : QStringLiteral("right"); };
    for (size_t c = 0; c < t.def.columns.size(); ++c)
        html += QStringLiteral("<th align='%1'>%2</th>")
                    .arg(align(c), pick(t.def.columns[c].labelJa, t.def.columns[c].labelEn));
    html += QStringLiteral("</tr>");
    for (const auto &r : t.rows) {
        html += QStringLiteral("<tr>");
        for (const auto &k : r.keys)
            html += QStringLiteral("<td>%1</td>").arg(pick(k.labelJa, k.labelEn));
        for (size_t c = 0; c < r.values.size(); ++c)
            html += QStringLiteral("<td align='%1'>%2</td>")
                        .arg(align(c), reportCellText(t.def.columns[c], r.values[c], r.texts[c]).toHtmlEscaped());
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("<tr><td colspan='%1'><b>%2</b></td>")
                .arg(std::max<size_t>(1, t.def.groups.size()))
                .arg(QCoreApplication::translate("Kyodo", "合計"));
    for (size_t c = 0; c < t.totals.size(); ++c)
        html += QStringLiteral("<td align='%1'><b>%2</b></td>")
                    .arg(align(c), reportCellText(t.def.columns[c], t.totals[c]));
    return html + QStringLiteral("</tr></table>");
}

} // namespace

QString yearlyReportHtml(kyodo::Replica &replica, int from, int to)
{
    kyodo::ReportEngine engine(replica);
    const QString years =
        from && to ? QStringLiteral("%1～%2").arg(pick(kyodo::fiscalYearLabelJa(from), kyodo::fiscalYearLabelEn(from)),
                                                  pick(kyodo::fiscalYearLabelJa(to), kyodo::fiscalYearLabelEn(to)))
                   : QCoreApplication::translate("Kyodo", "全年度");
    QString html = QStringLiteral("<html><body><h1>%1</h1><p>%2</p>")
                       .arg(QCoreApplication::translate("Kyodo", "市民協働の取組状況（%1）").arg(years),
                            QCoreApplication::translate("Kyodo", "作成日 %1・端末の記録から集計")
                                .arg(QDate::currentDate().toString(Qt::ISODate)));
    bool othersHeaded = false;
    for (const kyodo::ReportDef *def : engine.reports()) {
        if (def->section.empty() && !othersHeaded) {
            // After the city's own tables: what the areas count beyond them.
            html += QStringLiteral("<h1>%1</h1>").arg(QCoreApplication::translate("Kyodo", "その他の集計"));
            othersHeaded = true;
        }
        const bool byYear = std::any_of(def->groups.begin(), def->groups.end(), [](const kyodo::ReportGroup &g) {
            return g.kind == kyodo::ReportGroup::Kind::FiscalYear;
        });
        auto table = engine.run(*def, byYear ? kyodo::ReportRange{from, to} : kyodo::ReportRange{});
        html += table ? tableHtml(*table)
                      : heading(*def) + QStringLiteral("<p>%1</p>").arg(localized(table.error()).toHtmlEscaped());
    }
    return html + QStringLiteral("</body></html>");
}

YearlyReportOutcome writeYearlyReportPdf(kyodo::Replica &replica, const QString &path, int from, int to)
{
    {
        // An export holds records: created readable by this user only, like
        // the replica, before the writer puts a byte in it.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return {{}, QCoreApplication::translate("Kyodo", "PDF を書き出せません: %1").arg(path)};
    }
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    pdf.setTitle(QCoreApplication::translate("Kyodo", "市民協働の取組状況"));
    QTextDocument doc;
    doc.setHtml(yearlyReportHtml(replica, from, to));
    doc.print(&pdf);
    if (QFile(path).size() <= 0)
        return {{}, QCoreApplication::translate("Kyodo", "PDF を書き出せません: %1").arg(path)};
    return {path, {}};
}

} // namespace Kyodo
