#include "appcontext.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "reportengine.h"

namespace Kyodo {
namespace {

QVariantMap toMap(const kyodo::ViewRecord &v)
{
    return {{QStringLiteral("id"), fromStd(v.id)},
            {QStringLiteral("type"), fromStd(v.type)},
            {QStringLiteral("scope"), fromStd(v.scope)},
            {QStringLiteral("fields"), jsonToVariant(v.fields)},
            {QStringLiteral("receipt"), stateWord(v.receipt)},
            {QStringLiteral("pending"), v.pending}};
}

SaveOutcome outcomeOf(const kyodo::Error &e)
{
    return SaveOutcome{{}, fromStd(e.code), fromStd(e.messageJa), fromStd(e.messageEn)};
}

} // namespace

QString AppContext::currentUser() const { return m_app.session().userName(); }

QString AppContext::role() const { return m_app.session().role(); }

QStringList AppContext::scopes() const { return m_app.session().scopes(); }

QVariantList AppContext::records(const QString &type, const QString &scope) const
{
    QVariantList out;
    auto list = m_app.store().replica().list(type.toStdString(), scope.toStdString(), false);
    if (list)
        for (const auto &v : *list)
            out << toMap(v);
    return out;
}

QVariantMap AppContext::record(const QString &id) const
{
    auto r = m_app.store().replica().get(id.toStdString());
    return r && *r ? toMap(**r) : QVariantMap();
}

SaveOutcome AppContext::createRecord(const QString &type, const QString &scope, const QVariantMap &fields)
{
    auto id = m_app.records().saveNew(type, scope, fields);
    return id ? SaveOutcome{fromStd(*id), {}, {}, {}} : outcomeOf(id.error());
}

SaveOutcome AppContext::editRecord(const QString &id, const QVariantMap &fields)
{
    const kyodo::Status st = m_app.records().saveEdit(id, fields);
    return st ? SaveOutcome{id, {}, {}, {}} : outcomeOf(st.error());
}

} // namespace Kyodo

namespace Kyodo {

QStringList AppContext::reportIds() const
{
    QStringList ids;
    kyodo::ReportEngine engine(m_app.store().replica());
    for (const kyodo::ReportDef *def : engine.reports())
        ids << fromStd(def->id);
    return ids;
}

QVariantMap AppContext::runReport(const QString &id, int fromFiscalYear, int toFiscalYear) const
{
    kyodo::ReportEngine engine(m_app.store().replica());
    auto table = engine.run(id.toStdString(), {fromFiscalYear, toFiscalYear});
    if (!table)
        return {{QStringLiteral("error"), QVariantMap{{QStringLiteral("code"), fromStd(table.error().code)},
                                                      {QStringLiteral("ja"), fromStd(table.error().messageJa)},
                                                      {QStringLiteral("en"), fromStd(table.error().messageEn)}}}};
    return jsonToVariant(kyodo::reportAsJson(*table)).toMap();
}

} // namespace Kyodo
