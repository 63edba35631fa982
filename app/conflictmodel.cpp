#include "conflictmodel.h"

#include "appservices.h"
#include "fieldformat.h"
#include "hlc.h"
#include "language.h"
#include "localstore.h"
#include "textdiff.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Kyodo {

using kyodo::json;

namespace {

QString whenOf(std::uint64_t hlc)
{
    if (hlc == 0)
        return {};
    const auto ms = static_cast<qint64>(kyodo::HybridClock::physical(hlc));
    return displayDateTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate));
}

// "sato/0192…" → "sato": the person, not the device.
QString whoOf(const std::string &by)
{
    const QString s = fromStd(by);
    return s.section(QLatin1Char('/'), 0, 0);
}

} // namespace

ConflictModel::ConflictModel(QObject *parent) : QAbstractListModel(parent) {}

ConflictModel::ConflictModel(AppServices &app, QObject *parent) : QAbstractListModel(parent) { bind(&app); }

void ConflictModel::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &ConflictModel::reload);
    reload();
}

void ConflictModel::reload()
{
    AppServices *app = m_app;
    if (!app)
        return;
    kyodo::Replica &r = app->store().replica();
    auto conflicts = r.conflicts(true);
    auto resolving = r.pendingResolutions();
    beginResetModel();
    m_conflicts = conflicts ? std::move(conflicts.value()) : std::vector<kyodo::ConflictInfo>{};
    m_resolving.clear();
    if (resolving)
        for (const auto &id : *resolving)
            m_resolving.insert(fromStd(id));
    endResetModel();
    emit countChanged();
}

int ConflictModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_conflicts.size());
}

QHash<int, QByteArray> ConflictModel::roleNames() const
{
    return {{ConflictIdRole, "conflictId"},
            {RecordIdRole, "recordId"},
            {RecordTitleRole, "recordTitle"},
            {TypeLabelRole, "typeLabel"},
            {ScopeLabelRole, "scopeLabel"},
            {FieldKeyRole, "fieldKey"},
            {FieldLabelRole, "fieldLabel"},
            {KindRole, "kind"},
            {BaseRole, "base"},
            {MineRole, "mine"},
            {TheirsRole, "theirs"},
            {MineByRole, "mineBy"},
            {TheirsByRole, "theirsBy"},
            {MineAtRole, "mineAt"},
            {TheirsAtRole, "theirsAt"},
            {ResolvingRole, "resolving"},
            {MineValueRole, "mineValue"},
            {FieldTypeRole, "fieldType"},
            {MineMarkedRole, "mineMarked"},
            {TheirsMarkedRole, "theirsMarked"},
            {CanKeepBothRole, "canKeepBoth"}};
}

QString ConflictModel::describe(const kyodo::ConflictInfo &c, const json &value) const
{
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app->records().schemas();
    const kyodo::TypeDef *type = set ? set->type(c.type) : nullptr;
    if (c.kind == kyodo::ConflictKind::DeleteEdit) {
        if (value.is_null())
            return QCoreApplication::translate("Kyodo", "（削除）");
        if (!value.is_object() || !type)
            return fromStd(value.dump());
        QStringList parts;
        for (auto it = value.begin(); it != value.end(); ++it)
            if (const kyodo::FieldDef *f = type->field(it.key()))
                parts << localized(fromStd(f->labelJa), fromStd(f->labelEn)) + QStringLiteral(": ") +
                             displayValue(*f, it.value());
        return parts.join(QLatin1Char('\n'));
    }
    const kyodo::FieldDef *f = type ? type->field(c.field) : nullptr;
    if (value.is_null())
        return QCoreApplication::translate("Kyodo", "（空）");
    return f ? displayValue(*f, value) : fromStd(value.dump());
}

QVariant ConflictModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const kyodo::ConflictInfo &c = m_conflicts[static_cast<size_t>(index.row())];
    AppServices *app = m_app;
    switch (role) {
    case ConflictIdRole: return fromStd(c.id);
    case RecordIdRole: return fromStd(c.record);
    case RecordTitleRole: {
        auto record = app->store().replica().get(c.record);
        const QString title =
            record && *record ? titleText(app->records().schemas(), **record, &app->store().replica()) : QString();
        return title.isEmpty() ? fromStd(c.record) : title;
    }
    case TypeLabelRole: return app->records().typeLabel(fromStd(c.type));
    case ScopeLabelRole: return app->records().scopeLabel(fromStd(c.scope));
    case FieldKeyRole: return fromStd(c.field);
    case FieldLabelRole: {
        if (c.kind == kyodo::ConflictKind::DeleteEdit)
            return QCoreApplication::translate("Kyodo", "削除と編集");
        const kyodo::SchemaSet *set = app->records().schemas();
        const kyodo::TypeDef *type = set ? set->type(c.type) : nullptr;
        const kyodo::FieldDef *f = type ? type->field(c.field) : nullptr;
        return f ? localized(fromStd(f->labelJa), fromStd(f->labelEn)) : fromStd(c.field);
    }
    case KindRole: return QString::fromLatin1(kyodo::conflictKindName(c.kind));
    case BaseRole: return describe(c, c.base);
    case MineRole: return describe(c, c.mine);
    case TheirsRole: return describe(c, c.theirs);
    case MineByRole: return whoOf(c.mineBy);
    case TheirsByRole: return whoOf(c.theirsBy);
    case MineAtRole: return whenOf(c.mineHlc);
    case TheirsAtRole: return whenOf(c.theirsHlc);
    case ResolvingRole: return m_resolving.contains(fromStd(c.id));
    case MineValueRole: return jsonToVariant(c.mine);
    case FieldTypeRole: {
        const kyodo::FieldDef *f = fieldOf(c);
        return f ? fieldTypeText(f->type) : QString();
    }
    // Each side against the value both started from.
    case MineMarkedRole: return markDifferences(describe(c, c.base), describe(c, c.mine));
    case TheirsMarkedRole: return markDifferences(describe(c, c.base), describe(c, c.theirs));
    case CanKeepBothRole: {
        const kyodo::FieldDef *f = fieldOf(c);
        return f && (f->type == kyodo::FieldType::Text || f->type == kyodo::FieldType::LongText) &&
               c.mine.is_string() && c.theirs.is_string();
    }
    }
    return {};
}

bool ConflictModel::resolve(int row, const std::string &take, const json &value)
{
    if (row < 0 || row >= rowCount())
        return false;
    AppServices *app = m_app;
    const kyodo::Status st = app->store().replica().resolve(m_conflicts[static_cast<size_t>(row)].id, take, value);
    m_lastError = st ? QString() : localized(st.error());
    emit lastErrorChanged();
    if (st)
        app->store().notifyChanged();
    return static_cast<bool>(st);
}

bool ConflictModel::keepMine(int row) { return resolve(row, "mine", nullptr); }

bool ConflictModel::takeTheirs(int row) { return resolve(row, "theirs", nullptr); }

const kyodo::FieldDef *ConflictModel::fieldOf(const kyodo::ConflictInfo &c) const
{
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app ? app->records().schemas() : nullptr;
    const kyodo::TypeDef *type = set ? set->type(c.type) : nullptr;
    return type && c.kind != kyodo::ConflictKind::DeleteEdit ? type->field(c.field) : nullptr;
}

bool ConflictModel::keepBoth(int row)
{
    if (row < 0 || row >= rowCount() || !data(index(row), CanKeepBothRole).toBool())
        return false;
    const kyodo::ConflictInfo &c = m_conflicts[static_cast<size_t>(row)];
    const kyodo::FieldDef *f = fieldOf(c);
    const std::string separator = f->type == kyodo::FieldType::LongText ? "\n\n" : " / ";
    return resolve(row, "value", c.mine.get<std::string>() + separator + c.theirs.get<std::string>());
}

bool ConflictModel::useValue(int row, const QVariant &value)
{
    if (row < 0 || row >= rowCount())
        return false;
    const kyodo::ConflictInfo &c = m_conflicts[static_cast<size_t>(row)];
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app->records().schemas();
    const kyodo::TypeDef *type = set ? set->type(c.type) : nullptr;
    const kyodo::FieldDef *f = type ? type->field(c.field) : nullptr;
    return resolve(row, "value", f ? toFieldValue(*f, value) : variantToJson(value));
}

} // namespace Kyodo
