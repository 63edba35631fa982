#include "recordform.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"

#include <QCoreApplication>
#include <QJSValue>
#include <algorithm>

namespace Kyodo {

using kyodo::json;

RecordForm::RecordForm(QObject *parent) : QAbstractListModel(parent) {}

RecordForm::RecordForm(AppServices &app, QObject *parent) : QAbstractListModel(parent) { bind(&app); }

void RecordForm::attached(AppServices &) {}

kyodo::Replica *RecordForm::replica() const
{
    AppServices *app = m_app;
    return app ? &app->store().replica() : nullptr;
}

int RecordForm::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size());
}

QHash<int, QByteArray> RecordForm::roleNames() const
{
    return {{KeyRole, "key"},     {LabelRole, "label"},     {FieldTypeRole, "fieldType"}, {RequiredRole, "required"},
            {ValueRole, "value"}, {DisplayRole, "display"}, {ErrorRole, "error"},         {OptionsRole, "options"},
            {MinRole, "min"},     {MaxRole, "max"}};
}

Qt::ItemFlags RecordForm::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable;
}

QVariant RecordForm::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Field &f = m_fields[static_cast<size_t>(index.row())];
    switch (role) {
    case KeyRole: return fromStd(f.def.key);
    case Qt::DisplayRole:
    case LabelRole: return localized(fromStd(f.def.labelJa), fromStd(f.def.labelEn));
    case FieldTypeRole: return fieldTypeText(f.def.type);
    case RequiredRole: return f.def.required;
    case ValueRole: return f.raw;
    case DisplayRole: return displayValue(f.def, f.value);
    case ErrorRole: return f.error;
    case OptionsRole: {
        if (f.def.type == kyodo::FieldType::Ref)
            return referenceChoices(f.def, f.value);
        return choiceList(f.def);
    }
    case MinRole: return f.def.min ? QVariant::fromValue(*f.def.min) : QVariant();
    case MaxRole: return f.def.max ? QVariant::fromValue(*f.def.max) : QVariant();
    }
    return {};
}

// A reference is chosen from the records of its type on this device, by
// title, newest first (at most kMaxReferenceChoices); the one it holds stays
// listed even when it is not on this device.
QVariantList RecordForm::referenceChoices(const kyodo::FieldDef &field, const kyodo::json &current) const
{
    const QString key = fromStd(field.key);
    if (!m_referenceChoices.contains(key)) {
        QVariantList choices;
        if (m_app && !field.refType.empty()) {
            // Only the newest ids are read as rows: a type may hold thousands of records.
            kyodo::Replica &replica = m_app->store().replica();
            kyodo::ListQuery newest;
            newest.type = field.refType;
            if (auto ids = replica.listIds(newest)) {
                ids->resize(std::min(ids->size(), kMaxReferenceChoices));
                if (auto records = replica.getMany(*ids))
                    for (const kyodo::ViewRecord &r : *records)
                        choices << QVariantMap{{QStringLiteral("value"), fromStd(r.id)},
                                               {QStringLiteral("label"), recordTitle(m_app->records().schemas(), r)}};
            }
        }
        m_referenceChoices.insert(key, choices);
    }
    QVariantList choices = m_referenceChoices.value(key);
    if (current.is_string()) {
        const QString id = fromStd(current.get<std::string>());
        const bool listed = std::any_of(choices.cbegin(), choices.cend(), [&id](const QVariant &c) {
            return c.toMap().value(QStringLiteral("value")).toString() == id;
        });
        if (!listed && m_app)
            choices.prepend(
                QVariantMap{{QStringLiteral("value"), id},
                            {QStringLiteral("label"),
                             displayValueOn(m_app->store().replica(), m_app->records().schemas(), field, current)}});
    }
    return choices;
}

bool RecordForm::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != ValueRole)
        return false;
    return setValue(fromStd(m_fields[static_cast<size_t>(index.row())].def.key), value);
}

void RecordForm::setRecordType(const QString &type)
{
    if (type == m_type)
        return;
    m_type = type;
    load();
}

void RecordForm::setRecordId(const QString &id)
{
    if (id == m_recordId)
        return;
    m_recordId = id;
    load();
}

void RecordForm::setScope(const QString &scope)
{
    if (scope == m_scope)
        return;
    m_scope = scope;
    emit scopeChanged();
    if (m_dirty)
        keepDraft();
}

QString RecordForm::title() const
{
    AppServices *app = m_app;
    const QString type = app ? app->records().typeLabel(m_type) : m_type;
    return isNew() ? QCoreApplication::translate("Kyodo", "%1を新規作成").arg(type)
                   : QCoreApplication::translate("Kyodo", "%1を編集").arg(type);
}

QString RecordForm::draftKey() const { return isNew() ? QStringLiteral("new:") + m_type : m_recordId; }

QVariantMap RecordForm::values() const
{
    QVariantMap out;
    for (const Field &f : m_fields)
        out.insert(fromStd(f.def.key), f.raw);
    return out;
}

void RecordForm::load()
{
    beginResetModel();
    m_fields.clear();
    m_referenceChoices.clear();
    m_errorText.clear();
    m_dirty = false;
    m_draftSavedAt.clear();
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app ? app->records().schemas() : nullptr;
    const kyodo::TypeDef *type = set ? set->type(m_type.toStdString()) : nullptr;
    if (type) {
        json current = json::object();
        if (!isNew()) {
            auto record = replica()->get(m_recordId.toStdString());
            if (record && *record) {
                current = (*record)->fields;
                m_scope = fromStd((*record)->scope);
            } else {
                m_errorText = QCoreApplication::translate("Kyodo", "記録が見つかりません");
            }
        }
        for (const auto &def : type->fields) {
            Field f;
            f.def = def;
            f.value = current.contains(def.key) ? current[def.key] : json(nullptr);
            f.original = f.value;
            // A list of files stays a list (a new form's strip reads it back).
            f.raw = def.type == kyodo::FieldType::Attachments && f.value.is_array() ? jsonToVariant(f.value)
                                                                                    : toControlValue(def, f.value);
            m_fields.push_back(std::move(f));
        }
        if (auto drafts = replica()->drafts())
            for (const auto &d : *drafts)
                if (fromStd(d.key) == draftKey())
                    m_draftSavedAt = fromStd(d.updatedAt);
    } else if (!m_type.isEmpty()) {
        m_errorText = QCoreApplication::translate("Kyodo", "記録種別 %1 はこの端末のスキーマにありません").arg(m_type);
    }
    endResetModel();
    emit formChanged();
    emit scopeChanged();
    emit validityChanged();
    emit valuesChanged();
    emit draftChanged();
}

int RecordForm::rowOf(const QString &key) const
{
    for (size_t i = 0; i < m_fields.size(); ++i)
        if (fromStd(m_fields[i].def.key) == key)
            return static_cast<int>(i);
    return -1;
}

void RecordForm::checkField(Field &f)
{
    // Text that does not parse as a number stays as text so the engine's own
    // check names the problem, in the same words the server would use.
    const kyodo::Status st = kyodo::validateFieldValue(f.def, f.value);
    f.error = st ? QString() : localized(st.error());
}

bool RecordForm::setValue(const QString &key, const QVariant &given)
{
    const int row = rowOf(key);
    if (row < 0)
        return false;
    // A list from QML (an attachments strip's files) arrives as a script
    // value; kept as plain variants, it reads back and goes into a draft.
    const QVariant value =
        given.metaType() == QMetaType::fromType<QJSValue>() ? given.value<QJSValue>().toVariant() : given;
    Field &f = m_fields[static_cast<size_t>(row)];
    f.raw = value;
    f.value = toFieldValue(f.def, value);
    f.touched = true;
    checkField(f);
    m_dirty = true;
    m_errorText.clear();
    const QModelIndex idx = index(row);
    emit dataChanged(idx, idx, {ValueRole, DisplayRole, ErrorRole});
    emit validityChanged();
    emit valuesChanged();
    keepDraft();
    return f.error.isEmpty();
}

QVariant RecordForm::value(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QVariant() : m_fields[static_cast<size_t>(row)].raw;
}

QString RecordForm::fieldError(const QString &key) const
{
    const int row = rowOf(key);
    return row < 0 ? QString() : m_fields[static_cast<size_t>(row)].error;
}

void RecordForm::setDefaults(const QVariantMap &values)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        const int row = rowOf(it.key());
        if (row < 0)
            continue;
        Field &f = m_fields[static_cast<size_t>(row)];
        if (f.touched || !f.value.is_null())
            continue;
        f.raw = it.value();
        f.value = toFieldValue(f.def, it.value());
        checkField(f);
        emit dataChanged(index(row), index(row), {ValueRole, DisplayRole, ErrorRole});
    }
    emit validityChanged();
    emit valuesChanged();
}

bool RecordForm::valid() const
{
    if (m_fields.empty())
        return false;
    for (const Field &f : m_fields)
        if (!f.error.isEmpty() || !kyodo::validateFieldValue(f.def, f.value))
            return false;
    return isNew() ? !m_scope.isEmpty() : true;
}

bool RecordForm::validate()
{
    int firstBad = -1;
    for (size_t i = 0; i < m_fields.size(); ++i) {
        checkField(m_fields[i]);
        if (!m_fields[i].error.isEmpty() && firstBad < 0)
            firstBad = static_cast<int>(i);
    }
    if (!m_fields.empty())
        emit dataChanged(index(0), index(static_cast<int>(m_fields.size()) - 1), {ErrorRole});
    if (firstBad >= 0) {
        m_errorText = QCoreApplication::translate("Kyodo", "入力内容を確認してください（%1）")
                          .arg(m_fields[static_cast<size_t>(firstBad)].error);
    } else if (isNew() && m_scope.isEmpty()) {
        m_errorText = QCoreApplication::translate("Kyodo", "保存先（区など）を選んでください");
    } else {
        m_errorText.clear();
    }
    emit validityChanged();
    return m_errorText.isEmpty();
}

bool RecordForm::save()
{
    kyodo::Replica *r = replica();
    if (!r || !validate())
        return false;
    kyodo::Status st;
    if (isNew()) {
        json fields = json::object();
        for (const Field &f : m_fields)
            if (!f.value.is_null())
                fields[f.def.key] = f.value;
        st = m_app->records().checkFiles(m_type.toStdString(), fields, json::object());
        auto id = st ? r->create(m_type.toStdString(), m_scope.toStdString(), fields)
                     : kyodo::Result<std::string>(st.error());
        if (id)
            m_recordId = fromStd(*id);
        else
            st = id.error();
    } else {
        json patch = json::object();
        json before = json::object();
        for (const Field &f : m_fields) {
            before[f.def.key] = f.original;
            if (f.value != f.original)
                patch[f.def.key] = f.value;
        }
        if (!patch.empty())
            st = m_app->records().checkFiles(m_type.toStdString(), patch, before);
        if (!patch.empty() && st)
            st = r->edit(m_recordId.toStdString(), patch);
    }
    if (!st) {
        // Nothing typed is lost: the draft stays, the message says why.
        m_errorText = localized(st.error());
        emit validityChanged();
        return false;
    }
    const QString savedKey = isNew() ? QStringLiteral("new:") + m_type : m_recordId;
    (void)r->discardDraft(savedKey.toStdString());
    (void)r->discardDraft((QStringLiteral("new:") + m_type).toStdString());
    const QString id = m_recordId;
    m_app->store().notifyChanged();
    load(); // the form now shows the record as saved, unless a handler of saved() starts a new one
    emit saved(id);
    return true;
}

void RecordForm::keepDraft()
{
    kyodo::Replica *r = replica();
    if (!r || m_type.isEmpty())
        return;
    kyodo::Draft d;
    d.key = draftKey().toStdString();
    d.type = m_type.toStdString();
    d.scope = m_scope.toStdString();
    d.record = m_recordId.toStdString();
    d.fields = json::object();
    for (const Field &f : m_fields)
        if (f.touched)
            d.fields[f.def.key] = variantToJson(f.raw);
    if (!r->saveDraft(d))
        return; // the form still holds the values; the next keystroke tries again
    if (!m_draftSavedAt.isEmpty()) {
        // Typing instead of choosing "continue" starts over: the old draft is replaced.
        m_draftSavedAt.clear();
        emit draftChanged();
    }
}

void RecordForm::continueDraft()
{
    kyodo::Replica *r = replica();
    auto drafts = r ? r->drafts() : kyodo::Result<std::vector<kyodo::Draft>>(std::vector<kyodo::Draft>{});
    if (!drafts)
        return;
    for (const auto &d : *drafts) {
        if (fromStd(d.key) != draftKey())
            continue;
        if (!d.scope.empty())
            setScope(fromStd(d.scope));
        for (auto it = d.fields.begin(); it != d.fields.end(); ++it)
            setValue(fromStd(it.key()), jsonToVariant(it.value()));
    }
    m_draftSavedAt.clear();
    emit draftChanged();
}

void RecordForm::discardDraft()
{
    if (kyodo::Replica *r = replica())
        (void)r->discardDraft(draftKey().toStdString());
    m_app->store().notifyChanged();
    load();
}

void RecordForm::startNew()
{
    m_recordId.clear();
    load();
}

} // namespace Kyodo
