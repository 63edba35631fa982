// The city's yearly status report as a printable PDF: every report of every
// loaded plugin for the chosen fiscal years, each as a titled table, in the
// user's language. Built from the same engine as the Reports page.
#pragma once

#include "replica.h"

#include <QString>

namespace Kyodo {

struct YearlyReportOutcome {
    QString path;
    QString error; // in the user's language; empty on success
};

YearlyReportOutcome writeYearlyReportPdf(kyodo::Replica &replica, const QString &path, int fromFiscalYear,
                                         int toFiscalYear);
// The same document as HTML (what the PDF is printed from; tests read it).
QString yearlyReportHtml(kyodo::Replica &replica, int fromFiscalYear, int toFiscalYear);

} // namespace Kyodo
