#include "recordlistmodel.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"

#include <QCoreApplication>
#include <QTimer>

namespace Kyodo {
namespace {

// The field whose fiscal year the year filter looks at: the first date in
// the list's columns, else the first date of the type.
std::string dateFieldOf(const kyodo::TypeDef &type)
{
    auto isDate = [](const kyodo::FieldDef *f) {
        return f && (f->type == kyodo::FieldType::Date || f->type == kyodo::FieldType::DateTime);
    };
    for (const auto &key : type.list)
        if (isDate(type.field(key)))
            return key;
    for (const auto &f : type.fields)
        if (isDate(&f))
            return f.key;
    return {};
}

} // namespace

RecordListModel::RecordListModel(QObject *parent) : QAbstractListModel(parent) {}

RecordListModel::RecordListModel(AppServices &app, QObject *parent) : QAbstractListModel(parent) { bind(&app); }

void RecordListModel::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &RecordListModel::scheduleReload);
}

int RecordListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

QHash<int, QByteArray> RecordListModel::roleNames() const
{
    return {{IdRole, "recordId"},
            {TitleRole, "title"},
            {SubtitleRole, "subtitle"},
            {ScopeRole, "scope"},
            {ScopeLabelRole, "scopeLabel"},
            {ReceiptRole, "receipt"},
            {ReceiptLabelRole, "receiptLabel"},
            {PendingRole, "pending"},
            {DeletedRole, "deleted"},
            {ValuesRole, "values"}};
}

QVariant RecordListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row *r = row(index.row());
    if (!r)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole: return r->title;
    case IdRole: return r->id;
    case SubtitleRole: return r->subtitle;
    case ScopeRole: return r->scope;
    case ScopeLabelRole: {
        AppServices *app = m_app;
        return app ? app->records().scopeLabel(r->scope) : scopeName(r->scope);
    }
    case ReceiptRole: return r->receipt;
    case ReceiptLabelRole: return receiptLabel(r->receipt);
    case PendingRole: return r->pending;
    case DeletedRole: return r->deleted;
    case ValuesRole: return r->values;
    }
    return {};
}

QVariantMap RecordListModel::valuesAt(int row) const
{
    return row >= 0 && row < rowCount() ? data(index(row), ValuesRole).toMap() : QVariantMap();
}

QString RecordListModel::scopeAt(int row) const { return data(index(row), ScopeRole).toString(); }

QString RecordListModel::idAt(int index) const
{
    return index >= 0 && index < rowCount() ? QString::fromStdString(m_ids[static_cast<size_t>(index)]) : QString();
}

const RecordListModel::Row *RecordListModel::row(int index) const
{
    const int page = index / kPageSize;
    auto it = m_pages.find(page);
    if (it == m_pages.end()) {
        AppServices *app = m_app;
        if (!app)
            return nullptr;
        const size_t first = static_cast<size_t>(page) * kPageSize;
        const size_t last = std::min(m_ids.size(), first + kPageSize);
        std::vector<std::string> ids(m_ids.begin() + static_cast<std::ptrdiff_t>(first),
                                     m_ids.begin() + static_cast<std::ptrdiff_t>(last));
        auto records = app->store().replica().getMany(ids);
        if (!records)
            return nullptr;
        const kyodo::SchemaSet *set = app->records().schemas();
        const kyodo::TypeDef *type = set ? set->type(m_type.toStdString()) : nullptr;
        std::vector<Row> rows;
        rows.reserve(ids.size());
        size_t r = 0;
        for (const auto &id : ids) {
            // A record gone since the ids were read keeps its place as an empty row
            // until the reload that is already on its way.
            if (r < records->size() && (*records)[r].id == id)
                rows.push_back(makeRow((*records)[r++], type));
            else
                rows.push_back(Row{QString::fromStdString(id), {}, {}, {}, {}, false, true, {}});
        }
        if (m_pages.size() >= kPagesKept) {
            m_pages.erase(m_recent.back());
            m_recent.pop_back();
        }
        it = m_pages.emplace(page, std::move(rows)).first;
        m_recent.push_front(page);
    } else if (m_recent.front() != page) {
        m_recent.remove(page);
        m_recent.push_front(page);
    }
    const size_t offset = static_cast<size_t>(index % kPageSize);
    return offset < it->second.size() ? &it->second[offset] : nullptr;
}

RecordListModel::Row RecordListModel::makeRow(const kyodo::ViewRecord &v, const kyodo::TypeDef *type) const
{
    Row r;
    r.id = QString::fromStdString(v.id);
    r.scope = QString::fromStdString(v.scope);
    r.receipt = stateWord(v.receipt);
    r.pending = v.pending;
    r.deleted = v.deleted();
    r.values = jsonToVariant(v.fields).toMap();
    if (!type) {
        r.title = r.id;
        return r;
    }
    r.title = m_app ? titleText(m_app->records().schemas(), v, &m_app->store().replica()) : QString();
    if (r.title.isEmpty())
        r.title = QCoreApplication::translate("Kyodo", "（無題）");
    QStringList parts;
    for (const auto &key : type->list) {
        const kyodo::FieldDef *f = type->field(key);
        if (!f || key == type->title || !v.fields.contains(key))
            continue;
        if (f->type == kyodo::FieldType::Bool) {
            // A bare はい/いいえ says nothing in a list: a yes reads as the field's name (必須), a no not at all.
            if (v.fields[key] == kyodo::json(true))
                parts << localized(QString::fromStdString(f->labelJa), QString::fromStdString(f->labelEn));
            continue;
        }
        // A reference reads as the title of the record it points to, not its id.
        AppServices *app = m_app;
        const QString text = f->type == kyodo::FieldType::Ref && app
                                 ? displayValueOn(app->store().replica(), app->records().schemas(), *f, v.fields[key])
                                 : displayValue(*f, v.fields[key]);
        if (!text.isEmpty())
            parts << text;
    }
    r.subtitle = parts.join(listSeparator());
    return r;
}

QStringList RecordListModel::columns() const
{
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app ? app->records().schemas() : nullptr;
    const kyodo::TypeDef *type = set ? set->type(m_type.toStdString()) : nullptr;
    QStringList out;
    if (type)
        for (const auto &key : type->list)
            out << QString::fromStdString(key);
    return out;
}

void RecordListModel::reload()
{
    m_reloadPending = false;
    AppServices *app = m_app;
    if (!app)
        return;
    m_query.type = m_type.toStdString();
    const kyodo::SchemaSet *set = app->records().schemas();
    const kyodo::TypeDef *type = set ? set->type(m_query.type) : nullptr;
    m_query.dateField = type ? dateFieldOf(*type) : std::string();
    auto ids = m_type.isEmpty() ? kyodo::Result<std::vector<std::string>>(std::vector<std::string>{})
                                : app->store().replica().listIds(m_query);
    if (ids && *ids == m_ids && m_error.isEmpty()) {
        // The same rows with changed fields: refreshed in place, so views keep
        // their delegates (and what is being typed in them) and their scroll.
        m_pages.clear();
        m_recent.clear();
        if (!m_ids.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    m_pages.clear();
    m_recent.clear();
    if (ids) {
        m_ids = std::move(ids.value());
        m_error.clear();
    } else {
        m_ids.clear();
        m_error = localized(ids.error());
    }
    endResetModel();
    emit countChanged();
}

void RecordListModel::scheduleReload()
{
    // Many changes in one event-loop turn (a sync, a language switch) cost one reload.
    if (m_reloadPending)
        return;
    m_reloadPending = true;
    QTimer::singleShot(0, this, &RecordListModel::reload);
}

void RecordListModel::setRecordType(const QString &type)
{
    if (type == m_type)
        return;
    m_type = type;
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setScope(const QString &scope)
{
    if (scope.toStdString() == m_query.scope)
        return;
    m_query.scope = scope.toStdString();
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setSearch(const QString &search)
{
    if (search.toStdString() == m_query.search)
        return;
    m_query.search = search.toStdString();
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setFiscalYear(int fy)
{
    if (fy == m_query.fiscalYear)
        return;
    m_query.fiscalYear = fy;
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setFilterField(const QString &key)
{
    if (key.toStdString() == m_query.filterField)
        return;
    m_query.filterField = key.toStdString();
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setFilterValue(const QString &value)
{
    if (value.toStdString() == m_query.filterValue)
        return;
    m_query.filterValue = value.toStdString();
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setSortField(const QString &key)
{
    if (key.toStdString() == m_query.sortField)
        return;
    m_query.sortField = key.toStdString();
    emit queryChanged();
    scheduleReload();
}

void RecordListModel::setDescending(bool on)
{
    if (on == m_query.descending)
        return;
    m_query.descending = on;
    emit queryChanged();
    scheduleReload();
}

} // namespace Kyodo
