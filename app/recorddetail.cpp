#include "recorddetail.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"

namespace Kyodo {

RecordDetail::RecordDetail(QObject *parent) : QObject(parent)
{
    if (AppServices *app = AppServices::instance())
        connect(&app->store(), &LocalStore::changed, this, &RecordDetail::reload);
}

void RecordDetail::setRecordId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    reload();
}

QString RecordDetail::typeLabel() const
{
    AppServices *app = AppServices::instance();
    return app ? app->typeLabel(m_type) : m_type;
}

QString RecordDetail::scopeLabel() const
{
    return scopeName(m_scope);
}

QString RecordDetail::receiptLabel() const
{
    return Kyodo::receiptLabel(m_receipt);
}

void RecordDetail::reload()
{
    AppServices *app = AppServices::instance();
    m_exists = false;
    m_fields.clear();
    m_history.clear();
    m_reason.clear();
    if (!app || m_id.isEmpty()) {
        emit changed();
        return;
    }
    kyodo::Replica &r = app->store().replica();
    auto record = r.get(m_id.toStdString());
    if (record && *record) {
        const kyodo::ViewRecord &v = **record;
        m_exists = true;
        m_type = fromStd(v.type);
        m_scope = fromStd(v.scope);
        m_receipt = fromStd(v.receipt);
        m_deleted = v.deleted();
        const kyodo::SchemaSet *set = app->schemas();
        const kyodo::TypeDef *type = set ? set->type(v.type) : nullptr;
        if (type)
            for (const auto &f : type->fields)
                m_fields << QVariantMap{{QStringLiteral("key"), fromStd(f.key)},
                                        {QStringLiteral("label"), localized(fromStd(f.labelJa), fromStd(f.labelEn))},
                                        {QStringLiteral("type"), fieldTypeText(f.type)},
                                        {QStringLiteral("display"),
                                         v.fields.contains(f.key) ? displayValue(f, v.fields[f.key]) : QString()}};
    }
    if (auto history = r.history(m_id.toStdString())) {
        for (const auto &e : *history) {
            if (e.state == "rejected")
                m_reason = localized(fromStd(e.messageJa), fromStd(e.messageEn));
            QStringList changed;
            if (e.mutation.fields.is_object())
                for (auto it = e.mutation.fields.begin(); it != e.mutation.fields.end(); ++it)
                    changed << fromStd(it.key());
            m_history << QVariantMap{{QStringLiteral("cseq"), QVariant::fromValue(e.mutation.cseq)},
                                     {QStringLiteral("operation"), operationLabel(e.mutation.op)},
                                     {QStringLiteral("state"), fromStd(e.state)},
                                     {QStringLiteral("stateLabel"), Kyodo::receiptLabel(fromStd(e.state))},
                                     {QStringLiteral("savedAt"), fromStd(e.savedAt)},
                                     {QStringLiteral("reason"), localized(fromStd(e.messageJa), fromStd(e.messageEn))},
                                     {QStringLiteral("fields"), changed.join(QStringLiteral(", "))}};
        }
    }
    emit changed();
}

bool RecordDetail::finish(const kyodo::Status &st)
{
    m_lastError = st ? QString() : localized(st.error());
    if (st)
        AppServices::instance()->store().notifyChanged(); // reload() follows through changed()
    else
        emit changed();
    return static_cast<bool>(st);
}

bool RecordDetail::remove()
{
    return finish(AppServices::instance()->store().replica().remove(m_id.toStdString()));
}

bool RecordDetail::restore()
{
    return finish(AppServices::instance()->store().replica().restore(m_id.toStdString()));
}

} // namespace Kyodo
