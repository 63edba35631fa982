#include "recordservice.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "messages.h"
#include "scope.h"
#include "sessionservice.h"
#include "uuid.h"

#include <QCoreApplication>

namespace Kyodo {

namespace {

QVariantMap fieldInfo(const kyodo::FieldDef &f)
{
    QVariantMap m;
    m.insert(QStringLiteral("key"), fromStd(f.key));
    m.insert(QStringLiteral("label"), localized(fromStd(f.labelJa), fromStd(f.labelEn)));
    m.insert(QStringLiteral("type"), fieldTypeText(f.type));
    m.insert(QStringLiteral("required"), f.required);
    if (f.min)
        m.insert(QStringLiteral("min"), QVariant::fromValue(*f.min));
    if (f.max)
        m.insert(QStringLiteral("max"), QVariant::fromValue(*f.max));
    m.insert(QStringLiteral("options"), choiceList(f));
    return m;
}
} // namespace

RecordService::RecordService(LocalStore &store, SessionService &session, QObject *parent)
    : QObject(parent), m_store(store), m_session(session)
{
    // Group names are read from the records: forget them when those change.
    connect(&store, &LocalStore::changed, this, [this] { m_groupNames.clear(); });
}

RecordService *RecordService::create(QQmlEngine *engine, QJSEngine *)
{
    return partOfApp(engine, &AppServices::records);
}

const kyodo::SchemaSet *RecordService::schemas()
{
    if (const kyodo::SchemaSet *server = m_store.replica().schemas())
        return server;
    return &m_pluginSchemas;
}

QString RecordService::typeLabel(const QString &type)
{
    const kyodo::SchemaSet *set = schemas();
    const kyodo::TypeDef *t = set ? set->type(type.toStdString()) : nullptr;
    return t ? localized(fromStd(t->labelJa), fromStd(t->labelEn)) : type;
}

QVariantMap RecordService::typeInfo(const QString &type)
{
    const kyodo::SchemaSet *set = schemas();
    const kyodo::TypeDef *t = set ? set->type(type.toStdString()) : nullptr;
    if (!t)
        return {};
    QVariantMap m;
    m.insert(QStringLiteral("id"), type);
    m.insert(QStringLiteral("label"), localized(fromStd(t->labelJa), fromStd(t->labelEn)));
    m.insert(QStringLiteral("title"), fromStd(t->title));
    QStringList list;
    for (const auto &k : t->list)
        list << fromStd(k);
    m.insert(QStringLiteral("list"), list);
    QVariantList fields;
    for (const auto &f : t->fields)
        fields << fieldInfo(f);
    m.insert(QStringLiteral("fields"), fields);
    return m;
}

QVariantList RecordService::scopesFor(const QString &type)
{
    QVariantList out;
    const kyodo::SchemaSet *set = schemas();
    const kyodo::TypeDef *t = set ? set->type(type.toStdString()) : nullptr;
    if (!t)
        return out;
    for (const QString &scope : m_session.scopes())
        if (!m_session.readOnly(scope) && set->validateScope(*t, scope.toStdString()))
            out << QVariantMap{{QStringLiteral("scope"), scope}, {QStringLiteral("label"), scopeLabel(scope)}};
    return out;
}

bool RecordService::readableAnywhere(const QString &type)
{
    const kyodo::SchemaSet *set = schemas();
    const kyodo::TypeDef *t = set ? set->type(type.toStdString()) : nullptr;
    if (!t)
        return false;
    const QStringList scopes = m_session.scopes();
    return std::any_of(scopes.begin(), scopes.end(),
                       [&](const QString &scope) { return set->validateScope(*t, scope.toStdString()).ok(); });
}

QVariantList RecordService::wards() const
{
    QVariantList out;
    for (const auto &w : kyodo::wards()) {
        const QString romaji = QString::fromUtf8(w.romaji);
        out << QVariantMap{{QStringLiteral("value"), romaji},
                           {QStringLiteral("scope"), QStringLiteral("ward:") + romaji},
                           {QStringLiteral("label"), wardName(romaji)}};
    }
    return out;
}

QString RecordService::scopeLabel(const QString &scope)
{
    if (scope.startsWith(QLatin1String("group:"))) {
        const QString name = groupName(scope);
        if (!name.isEmpty())
            return name;
    }
    return scopeName(scope);
}

QString RecordService::groupName(const QString &scope)
{
    const kyodo::SchemaSet *set = schemas();
    if (!set || !scope.startsWith(QLatin1String("group:")))
        return {};
    // Lists ask once per row; the records only change with the store.
    if (const auto cached = m_groupNames.constFind(scope); cached != m_groupNames.cend())
        return *cached;
    QString &name = m_groupNames[scope];
    for (const auto &[pluginId, plugin] : set->plugins())
        for (const kyodo::TypeDef &type : plugin.types) {
            if (!type.field("group_name") || !set->validateScope(type, scope.toStdString()))
                continue;
            auto records = m_store.replica().list(type.id, scope.toStdString(), false);
            if (!records)
                continue;
            for (auto it = records->rbegin(); it != records->rend(); ++it)
                if (it->fields.contains("group_name") && it->fields["group_name"].is_string() &&
                    !it->fields["group_name"].get<std::string>().empty())
                    return name = fromStd(it->fields["group_name"].get<std::string>());
        }
    return name;
}

QString RecordService::receiptLabel(const QString &state) const { return Kyodo::receiptLabel(state); }

QVariantList RecordService::fiscalYears() const
{
    QVariantList out;
    // Back to 平成25年度, when the ordinance came into force (the city's tables start there).
    constexpr int kOrdinanceInForce = 2013;
    const int current = fiscalYearOf(QDate::currentDate());
    for (int fy = current; fy >= kOrdinanceInForce; --fy)
        out << QVariantMap{{QStringLiteral("value"), fy}, {QStringLiteral("label"), Kyodo::fiscalYearLabel(fy)}};
    return out;
}

QString RecordService::fiscalYearLabel(int fiscalYear) const { return Kyodo::fiscalYearLabel(fiscalYear); }

namespace {
const QString kPageDraftPrefix = QStringLiteral("page:");

// A form draft in a few words, enough to tell two apart: its title field and
// the fields its list shows, as the screens show them.
QString draftSummary(const kyodo::TypeDef *type, const kyodo::json &fields)
{
    if (!type || !fields.is_object())
        return {};
    QStringList parts;
    std::vector<std::string> keys{type->title};
    keys.insert(keys.end(), type->list.begin(), type->list.end());
    for (const std::string &key : keys) {
        const kyodo::FieldDef *f = type->field(key);
        if (!f || !fields.contains(key))
            continue;
        const QString text = displayValue(*f, toFieldValue(*f, jsonToVariant(fields[key]))).simplified();
        if (!text.isEmpty() && !parts.contains(text))
            parts << (text.size() > 40 ? text.left(40) + QStringLiteral("…") : text);
    }
    return parts.join(listSeparator());
}
} // namespace

QVariantList RecordService::drafts()
{
    QVariantList out;
    auto drafts = m_store.replica().drafts();
    if (!drafts)
        return out;
    const kyodo::SchemaSet *set = schemas();
    for (const auto &d : *drafts) {
        const QString key = fromStd(d.key);
        const bool ofPage = key.startsWith(kPageDraftPrefix);
        QVariantMap entry{{QStringLiteral("key"), key},
                          {QStringLiteral("type"), fromStd(d.type)},
                          {QStringLiteral("typeLabel"), typeLabel(fromStd(d.type))},
                          {QStringLiteral("record"), fromStd(d.record)},
                          {QStringLiteral("updatedAt"), fromStd(d.updatedAt)},
                          {QStringLiteral("when"), Kyodo::displayDateTime(fromStd(d.updatedAt))}};
        if (ofPage) {
            entry.insert(QStringLiteral("pageUrl"), fromStd(d.fields.value("page", "")));
            entry.insert(QStringLiteral("summary"), fromStd(d.fields.value("summary", "")));
        } else {
            entry.insert(QStringLiteral("summary"), draftSummary(set ? set->type(d.type) : nullptr, d.fields));
        }
        out << entry;
    }
    return out;
}

bool RecordService::savePageDraft(const QString &pageKey, const QString &pageUrl, const QString &type,
                                  const QString &scope, const QString &summary, const QVariantMap &values)
{
    kyodo::Draft d;
    d.key = (kPageDraftPrefix + pageKey).toStdString();
    d.type = type.toStdString();
    d.scope = scope.toStdString();
    d.fields = kyodo::json{
        {"page", pageUrl.toStdString()}, {"summary", summary.toStdString()}, {"values", variantToJson(values)}};
    if (!m_store.replica().saveDraft(d))
        return false; // the page still holds what was typed; the next keystroke tries again
    emit draftsChanged();
    return true;
}

QVariantMap RecordService::pageDraft(const QString &pageKey)
{
    auto drafts = m_store.replica().drafts();
    if (!drafts)
        return {};
    const std::string key = (kPageDraftPrefix + pageKey).toStdString();
    for (const auto &d : *drafts)
        if (d.key == key && d.fields.contains("values"))
            return jsonToVariant(d.fields["values"]).toMap();
    return {};
}

void RecordService::discardPageDraft(const QString &pageKey)
{
    (void)m_store.replica().discardDraft((kPageDraftPrefix + pageKey).toStdString());
    emit draftsChanged();
}

kyodo::Result<std::string> RecordService::saveNew(const QString &type, const QString &scope, const QVariantMap &fields)
{
    const kyodo::SchemaSet *set = schemas();
    const kyodo::json values = fieldsFromControls(set ? set->type(type.toStdString()) : nullptr, fields, true);
    if (kyodo::Status st = checkFiles(type.toStdString(), values, kyodo::json::object()); !st)
        return st.error();
    auto id = m_store.replica().create(type.toStdString(), scope.toStdString(), values);
    if (id)
        m_store.notifyChanged();
    return id;
}

kyodo::Status RecordService::saveEdit(const QString &id, const QVariantMap &fields)
{
    auto record = m_store.replica().get(id.toStdString());
    if (!record)
        return record.error();
    if (!*record)
        return kyodo::errorOf(kyodo::Msg::RecordNotFoundInApp);
    const kyodo::SchemaSet *set = schemas();
    const kyodo::json values = fieldsFromControls(set ? set->type((*record)->type) : nullptr, fields, false);
    if (kyodo::Status st = checkFiles((*record)->type, values, (*record)->fields); !st)
        return st;
    kyodo::Status st = m_store.replica().edit(id.toStdString(), values);
    if (st)
        m_store.notifyChanged();
    return st;
}

QVariantMap RecordService::createRecord(const QString &type, const QString &scope, const QVariantMap &fields)
{
    auto id = saveNew(type, scope, fields);
    if (!id)
        return {{QStringLiteral("error"), localized(id.error())}};
    return {{QStringLiteral("id"), fromStd(*id)}};
}

QString RecordService::newRecordId() const { return fromStd(kyodo::newUuidV7()); }

QVariantMap RecordService::createRecords(const QVariantList &records)
{
    const kyodo::SchemaSet *set = schemas();
    if (!set)
        return {{QStringLiteral("error"),
                 QCoreApplication::translate("Kyodo",
                                             "記録の定義（スキーマ）がまだありません。一度サインインしてください")}};
    std::vector<kyodo::Replica::NewRecord> batch;
    // Everything is checked before anything is written, so the message can
    // name the entry and field as the page labels them.
    for (int i = 0; i < records.size(); ++i) {
        const QVariantMap entry = records.at(i).toMap();
        const std::string type = entry.value(QStringLiteral("type")).toString().toStdString();
        kyodo::Replica::NewRecord r{
            entry.value(QStringLiteral("id")).toString().toStdString(), type,
            entry.value(QStringLiteral("scope")).toString().toStdString(),
            fieldsFromControls(set->type(type), entry.value(QStringLiteral("fields")).toMap(), true)};
        kyodo::Status st = set->validateRecord(r.type, r.scope, r.fields);
        if (st)
            st = checkFiles(r.type, r.fields, kyodo::json::object());
        if (!st) {
            const QString label = entry.value(QStringLiteral("label")).toString();
            const QString message = localized(st.error());
            return {{QStringLiteral("error"), label.isEmpty() ? message : label + QStringLiteral(": ") + message},
                    {QStringLiteral("index"), i},
                    {QStringLiteral("field"), fromStd(st.error().field)}};
        }
        batch.push_back(std::move(r));
    }
    auto ids = m_store.replica().createMany(batch);
    if (!ids) {
        // A pre-chosen id already saved: this exact save happened before.
        if (ids.error().code == "duplicate_id")
            return {{QStringLiteral("error"), QCoreApplication::translate("Kyodo", "この記録はすでに保存されています")},
                    {QStringLiteral("duplicate"), true}};
        return {{QStringLiteral("error"), localized(ids.error())}};
    }
    m_store.notifyChanged();
    QStringList out;
    for (const std::string &id : *ids)
        out << fromStd(id);
    return {{QStringLiteral("ids"), out}};
}

QVariantMap RecordService::editRecord(const QString &id, const QVariantMap &fields)
{
    if (const kyodo::Status st = saveEdit(id, fields); !st)
        return {{QStringLiteral("error"), localized(st.error())}};
    return {{QStringLiteral("id"), id}};
}

} // namespace Kyodo
