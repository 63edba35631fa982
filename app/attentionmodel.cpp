#include "attentionmodel.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"

namespace Kyodo {

AttentionModel::AttentionModel(QObject *parent) : QAbstractListModel(parent) {}

AttentionModel::AttentionModel(AppServices &app, QObject *parent) : QAbstractListModel(parent) { bind(&app); }

void AttentionModel::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &AttentionModel::reload);
    reload();
}

void AttentionModel::reload()
{
    AppServices *app = m_app;
    if (!app)
        return;
    auto rejected = app->store().replica().outboxInState(kyodo::OutboxState::Rejected);
    beginResetModel();
    m_entries = rejected ? std::move(rejected.value()) : std::vector<kyodo::OutboxEntry>{};
    endResetModel();
    emit countChanged();
}

int AttentionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QHash<int, QByteArray> AttentionModel::roleNames() const
{
    return {{CseqRole, "cseq"},           {RecordIdRole, "recordId"},   {TypeRole, "recordType"},
            {TypeLabelRole, "typeLabel"}, {OperationRole, "operation"}, {ReasonRole, "reason"},
            {CodeRole, "code"},           {SummaryRole, "summary"},     {SavedAtRole, "savedAt"},
            {FieldsRole, "fields"}};
}

QVariant AttentionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const kyodo::OutboxEntry &e = m_entries[static_cast<size_t>(index.row())];
    const kyodo::Mutation &m = e.mutation;
    AppServices *app = m_app;
    switch (role) {
    case CseqRole: return QVariant::fromValue(m.cseq);
    case RecordIdRole: return fromStd(m.record);
    case TypeRole: return fromStd(m.type);
    case TypeLabelRole: return app->records().typeLabel(fromStd(m.type));
    case OperationRole: return operationLabel(m.op);
    case ReasonRole: return localized(fromStd(e.messageJa), fromStd(e.messageEn));
    case CodeRole: return fromStd(e.code);
    case SavedAtRole: return fromStd(e.savedAt);
    case SummaryRole:
    case FieldsRole: {
        // The values the user saved, each with its label, so nothing typed is out of sight.
        const kyodo::SchemaSet *set = app->records().schemas();
        const kyodo::TypeDef *type = set ? set->type(m.type) : nullptr;
        QVariantList fields;
        QStringList lines;
        if (m.fields.is_object())
            for (auto it = m.fields.begin(); it != m.fields.end(); ++it) {
                const kyodo::FieldDef *f = type ? type->field(it.key()) : nullptr;
                const QString label = f ? localized(fromStd(f->labelJa), fromStd(f->labelEn)) : fromStd(it.key());
                const QString shown =
                    f ? displayValueOn(app->store().replica(), set, *f, it.value()) : fromStd(it.value().dump());
                // Shown as the record shows it (labels, dates, titles); fixed
                // with the control its type has on the form.
                QVariantMap field{{QStringLiteral("key"), fromStd(it.key())},
                                  {QStringLiteral("label"), label},
                                  {QStringLiteral("display"), shown},
                                  {QStringLiteral("value"), f ? toControlValue(*f, it.value()) : QVariant(shown)},
                                  {QStringLiteral("type"), f ? fieldTypeText(f->type) : QStringLiteral("text")}};
                if (f && f->type == kyodo::FieldType::Ref)
                    field.insert(QStringLiteral("options"),
                                 QVariantList{QVariantMap{{QStringLiteral("value"), toControlValue(*f, it.value())},
                                                          {QStringLiteral("label"), shown}}});
                else
                    field.insert(QStringLiteral("options"), f ? choiceList(*f) : QVariantList{});
                if (f && f->max)
                    field.insert(QStringLiteral("max"), QVariant::fromValue(*f->max));
                fields << field;
                lines << label + QStringLiteral(": ") + shown;
            }
        return role == FieldsRole ? QVariant(fields) : QVariant(lines.join(QLatin1Char('\n')));
    }
    }
    return {};
}

bool AttentionModel::finish(const kyodo::Status &st)
{
    m_lastError = st ? QString() : localized(st.error());
    emit lastErrorChanged();
    if (st)
        m_app->store().notifyChanged();
    return static_cast<bool>(st);
}

bool AttentionModel::resend(int row, const QVariantMap &fixedFields)
{
    if (row < 0 || row >= rowCount())
        return false;
    const kyodo::Mutation &m = m_entries[static_cast<size_t>(row)].mutation;
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app->records().schemas();
    const kyodo::TypeDef *type = set ? set->type(m.type) : nullptr;
    kyodo::json fixed = kyodo::json::object();
    for (auto it = fixedFields.begin(); it != fixedFields.end(); ++it) {
        const kyodo::FieldDef *f = type ? type->field(it.key().toStdString()) : nullptr;
        fixed[it.key().toStdString()] = f ? toFieldValue(*f, it.value()) : variantToJson(it.value());
    }
    return finish(app->store().replica().resend(m.cseq, fixed));
}

bool AttentionModel::discard(int row)
{
    if (row < 0 || row >= rowCount())
        return false;
    return finish(m_app->store().replica().discard(m_entries[static_cast<size_t>(row)].mutation.cseq));
}

} // namespace Kyodo
