// What a plugin receives from the app: the signed-in user, their scopes, and
// the records of the local replica. Passed explicitly to initialize(); there
// is no global object pool.
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

namespace Kyodo {

struct PluginError {
    QString messageJa;
    QString messageEn;
};

// The outcome of a save through the context: the record id, or why not.
struct SaveOutcome {
    QString id;
    QString errorCode;
    QString messageJa;
    QString messageEn;
    bool ok() const { return errorCode.isEmpty(); }
};

class PluginContext {
public:
    virtual ~PluginContext() = default;

    virtual QString currentUser() const = 0;
    virtual QString role() const = 0;       // staff | supporter | committee | admin
    virtual QStringList scopes() const = 0; // e.g. "ward:naka", "committee"

    // Records as the user sees them (confirmed state with unsent changes laid
    // over it). Each is a map {id, type, scope, fields, receipt, pending}.
    virtual QVariantList records(const QString &type, const QString &scope = {}) const = 0;
    virtual QVariantMap record(const QString &id) const = 0;
    virtual SaveOutcome createRecord(const QString &type, const QString &scope, const QVariantMap &fields) = 0;
    virtual SaveOutcome editRecord(const QString &id, const QVariantMap &fields) = 0;

    // The report engine over the same records: the reports the schemas define,
    // and one computed as {report, label, groups, columns, rows:[{keys, values}],
    // totals}; fiscal years as numbers (0 = open range). An unknown report or a
    // range on a report not by year gives {error: {code, ja, en}}.
    virtual QStringList reportIds() const = 0;
    virtual QVariantMap runReport(const QString &id, int fromFiscalYear = 0, int toFiscalYear = 0) const = 0;
};

} // namespace Kyodo
