// One report for the Reports page: computed by the engine over the device
// replica, as header and rows of display text for the table, as categories
// and series for the chart, and written out as CSV.
#pragma once

#include "appbound.h"
#include "reportengine.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace Kyodo {

class AppServices;

class ReportModel : public QObject, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString reportId READ reportId WRITE setReportId NOTIFY changed)
    Q_PROPERTY(int fromYear READ fromYear WRITE setFromYear NOTIFY changed)
    Q_PROPERTY(int toYear READ toYear WRITE setToYear NOTIFY changed)
    Q_PROPERTY(QString label READ label NOTIFY changed)
    Q_PROPERTY(QStringList header READ header NOTIFY changed)
    Q_PROPERTY(QVariantList rows READ rows NOTIFY changed) // lists of display text, totals last
    Q_PROPERTY(
        QVariantList rightAligned READ rightAligned NOTIFY changed)   // per header cell: a figure, read from the right
    Q_PROPERTY(QStringList categories READ categories NOTIFY changed) // the first key of each row
    Q_PROPERTY(
        QVariantList series READ series NOTIFY changed) // [{label, yen, values: [numbers]}], one per figure column
    Q_PROPERTY(double maxValue READ maxValue NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit ReportModel(QObject *parent = nullptr);
    explicit ReportModel(AppServices &app, QObject *parent = nullptr);

    QString reportId() const { return m_id; }
    void setReportId(const QString &id);
    int fromYear() const { return m_from; }
    void setFromYear(int fy);
    int toYear() const { return m_to; }
    void setToYear(int fy);
    QString label() const;
    QStringList header() const;
    QVariantList rows() const;
    QVariantList rightAligned() const;
    QStringList categories() const;
    QVariantList series() const;
    double maxValue() const;
    QString error() const { return m_error; }

    // Writes the report as CSV (UTF-8 with BOM, so spreadsheet programs read
    // the Japanese); an empty path picks one in the documents folder. Returns
    // the path written, or an empty string with `error` set.
    Q_INVOKABLE QString exportCsv(const QString &path = {});

public slots:
    void reload();

signals:
    void changed();

private:
    void attached(AppServices &app) override;
    bool isText(size_t column) const { return m_table->def.columns[column].isText(); }

    QString m_id;
    int m_from = 0, m_to = 0;
    std::optional<kyodo::ReportTable> m_table;
    QString m_error;
};

} // namespace Kyodo
