#include "reportmodel.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"

#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace Kyodo {

ReportModel::ReportModel(QObject *parent) : QObject(parent) {}

ReportModel::ReportModel(AppServices &app, QObject *parent) : QObject(parent) { bind(&app); }

void ReportModel::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &ReportModel::reload);
    connect(&app.preferences(), &Preferences::languageChanged, this, &ReportModel::changed);
}

void ReportModel::setReportId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    reload();
}

void ReportModel::setFromYear(int fy)
{
    if (fy == m_from)
        return;
    m_from = fy;
    reload();
}

void ReportModel::setToYear(int fy)
{
    if (fy == m_to)
        return;
    m_to = fy;
    reload();
}

void ReportModel::reload()
{
    m_table.reset();
    m_error.clear();
    AppServices *app = m_app;
    if (app && !m_id.isEmpty()) {
        kyodo::ReportEngine engine(app->store().replica());
        auto table = engine.run(m_id.toStdString(), {m_from, m_to});
        if (table)
            m_table = std::move(table.value());
        else
            m_error = localized(table.error());
    }
    emit changed();
}

QString ReportModel::label() const
{
    return m_table ? localized(fromStd(m_table->def.labelJa), fromStd(m_table->def.labelEn)) : QString();
}

QStringList ReportModel::header() const
{
    QStringList h;
    if (!m_table)
        return h;
    for (const auto &g : m_table->def.groups)
        h << localized(fromStd(g.labelJa), fromStd(g.labelEn));
    for (const auto &c : m_table->def.columns)
        h << localized(fromStd(c.labelJa), fromStd(c.labelEn));
    return h;
}

QVariantList ReportModel::rightAligned() const
{
    QVariantList out;
    if (!m_table)
        return out;
    for (size_t g = 0; g < m_table->def.groups.size(); ++g)
        out << false;
    for (size_t c = 0; c < m_table->def.columns.size(); ++c)
        out << !isText(c);
    return out;
}

QVariantList ReportModel::rows() const
{
    QVariantList out;
    if (!m_table)
        return out;
    auto add = [&](QStringList cells, const std::vector<std::int64_t> &values, const std::vector<std::string> &texts) {
        for (size_t c = 0; c < values.size(); ++c)
            cells << reportCellText(m_table->def.columns[c], values[c], c < texts.size() ? texts[c] : std::string());
        out << QVariant(cells);
    };
    for (const auto &r : m_table->rows) {
        QStringList keys;
        for (const auto &k : r.keys)
            keys << localized(fromStd(k.labelJa), fromStd(k.labelEn));
        add(keys, r.values, r.texts);
    }
    QStringList total(static_cast<qsizetype>(m_table->def.groups.size()));
    if (!total.isEmpty())
        total[0] = QCoreApplication::translate("Kyodo", "合計");
    add(total, m_table->totals, {});
    return out;
}

QStringList ReportModel::categories() const
{
    QStringList out;
    if (m_table)
        for (const auto &r : m_table->rows) {
            QStringList keys;
            for (const auto &k : r.keys)
                keys << localized(fromStd(k.labelJa), fromStd(k.labelEn));
            out << keys.join(QStringLiteral(" "));
        }
    return out;
}

QVariantList ReportModel::series() const
{
    QVariantList out;
    if (!m_table)
        return out;
    for (size_t c = 0; c < m_table->def.columns.size(); ++c) {
        if (isText(c))
            continue;
        QVariantList values;
        for (const auto &r : m_table->rows)
            values << QVariant::fromValue(static_cast<double>(r.values[c]));
        const auto &col = m_table->def.columns[c];
        out << QVariantMap{{QStringLiteral("label"), localized(fromStd(col.labelJa), fromStd(col.labelEn))},
                           {QStringLiteral("yen"), col.unit == "yen"},
                           {QStringLiteral("values"), values}};
    }
    return out;
}

double ReportModel::maxValue() const
{
    double max = 0;
    if (m_table)
        for (const auto &r : m_table->rows)
            for (size_t c = 0; c < r.values.size(); ++c)
                if (!isText(c))
                    max = std::max(max, static_cast<double>(r.values[c]));
    return max;
}

QString ReportModel::exportCsv(const QString &requested)
{
    if (!m_table)
        return {};
    QString path = requested;
    if (path.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QDir().mkpath(dir);
        path = QDir(dir).filePath(QStringLiteral("%1-%2.csv").arg(m_id, QDate::currentDate().toString(Qt::ISODate)));
    }
    QFile file(path);
    const std::string csv = kyodo::reportAsCsv(*m_table, currentLanguage() == Language::English);
    // An export holds records: readable by this user only, like the replica.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || file.write("\xEF\xBB\xBF") != 3 ||
        file.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size())) {
        m_error = QCoreApplication::translate("Kyodo", "CSV を書き出せません: %1（%2）").arg(path, file.errorString());
        emit changed();
        return {};
    }
    return path;
}

} // namespace Kyodo
