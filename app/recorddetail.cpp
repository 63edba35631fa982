#include "recorddetail.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "synccontroller.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

namespace Kyodo {

RecordDetail::RecordDetail(QObject *parent) : QObject(parent) {}

RecordDetail::RecordDetail(AppServices &app, QObject *parent) : QObject(parent) { bind(&app); }

void RecordDetail::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &RecordDetail::reload);
    connect(app.sync(), &SyncController::historyFetched, this, &RecordDetail::onHistoryFetched);
}

void RecordDetail::setRecordId(const QString &id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_serverHistory.clear();
    m_serverHistoryStatus.clear();
    emit serverHistoryChanged();
    reload();
}

void RecordDetail::loadServerHistory()
{
    AppServices *app = m_app;
    if (!app || m_id.isEmpty())
        return;
    if (!m_onServer) {
        // Nothing to ask: the server has not seen this record yet.
        m_serverHistory.clear();
        m_serverHistoryStatus = QCoreApplication::translate(
            "Kyodo", "この記録はまだサーバーに届いていません。同期すると全員の変更履歴を表示します");
        emit serverHistoryChanged();
        return;
    }
    m_serverHistoryStatus = QStringLiteral("loading");
    emit serverHistoryChanged();
    app->sync()->fetchHistory(m_id);
}

namespace {

QString actionLabel(const QString &action)
{
    static const QHash<QString, QPair<QString, QString>> labels = {
        {QStringLiteral("create"), {QStringLiteral("作成"), QStringLiteral("created")}},
        {QStringLiteral("edit"), {QStringLiteral("編集"), QStringLiteral("edited")}},
        {QStringLiteral("delete"), {QStringLiteral("削除"), QStringLiteral("deleted")}},
        {QStringLiteral("restore"), {QStringLiteral("復元"), QStringLiteral("restored")}},
        {QStringLiteral("move"), {QStringLiteral("移動"), QStringLiteral("moved")}},
        {QStringLiteral("resolve"), {QStringLiteral("競合の解決"), QStringLiteral("conflict resolved")}},
    };
    const auto it = labels.find(action);
    return it == labels.end() ? action : localized(it->first, it->second);
}

QString outcomeLabel(const QString &outcome)
{
    if (outcome == QLatin1String("applied"))
        return QCoreApplication::translate("Kyodo", "反映");
    if (outcome == QLatin1String("conflict"))
        return QCoreApplication::translate("Kyodo", "競合");
    if (outcome.startsWith(QLatin1String("rejected")))
        return QCoreApplication::translate("Kyodo", "差し戻し");
    return outcome;
}

// What one change did, a line per field in the user's words: 受付方法: 来所 → 電話.
// `known` carries the values as this device's earlier changes left them (the
// "before" of the next change); a field no earlier change touched starts from
// what the server had confirmed when the change was made (its prev).
QStringList changeLines(kyodo::Replica &r, const kyodo::SchemaSet *set, const QString &typeId, const kyodo::Mutation &m,
                        kyodo::json &known)
{
    QStringList lines;
    const kyodo::TypeDef *type = set ? set->type(typeId.toStdString()) : nullptr;
    if (!type || !m.fields.is_object())
        return lines;
    // One value as a history line shows it: on one line, short, never blank.
    const auto shown = [&](const kyodo::FieldDef &f, const kyodo::json &value) {
        QString text = displayValueOn(r, set, f, value).simplified();
        if (text.isEmpty())
            return QCoreApplication::translate("Kyodo", "（空欄）");
        return text.size() > 60 ? text.left(60) + QStringLiteral("…") : text;
    };
    for (const auto &f : type->fields) {
        if (!m.fields.contains(f.key))
            continue;
        const QString label = localized(fromStd(f.labelJa), fromStd(f.labelEn));
        const QString after = shown(f, m.fields[f.key]);
        const bool seen = known.contains(f.key) || (m.prev.is_object() && m.prev.contains(f.key));
        const kyodo::json previous = known.contains(f.key) ? known[f.key] : seen ? m.prev[f.key] : kyodo::json();
        known[f.key] = m.fields[f.key];
        if (m.op == kyodo::Op::Edit && seen) {
            lines << QStringLiteral("%1: %2 → %3").arg(label, shown(f, previous), after);
        } else {
            lines << QStringLiteral("%1: %2").arg(label, after);
        }
    }
    return lines;
}

} // namespace

void RecordDetail::onHistoryFetched(const QString &recordId, const QVariantList &entries, const QString &errorJa,
                                    const QString &errorEn)
{
    if (recordId != m_id)
        return;
    m_serverHistory.clear();
    if (!errorJa.isEmpty() || !errorEn.isEmpty()) {
        m_serverHistoryStatus = localized(errorJa, errorEn);
    } else {
        m_serverHistoryStatus = QStringLiteral("loaded");
        for (const QVariant &v : entries) {
            const QVariantMap e = v.toMap();
            m_serverHistory.append(
                QVariantMap{{QStringLiteral("when"),
                             displayDateTime(QDateTime::fromSecsSinceEpoch(e.value(QStringLiteral("at")).toLongLong())
                                                 .toUTC()
                                                 .toString(Qt::ISODate))},
                            {QStringLiteral("user"), e.value(QStringLiteral("user"))},
                            {QStringLiteral("action"), actionLabel(e.value(QStringLiteral("action")).toString())},
                            {QStringLiteral("outcome"), outcomeLabel(e.value(QStringLiteral("outcome")).toString())},
                            {QStringLiteral("fields"), fieldLabels(e.value(QStringLiteral("fields")).toString())}});
        }
    }
    emit serverHistoryChanged();
}

// The server's history names fields by key ("channel,summary"): the labels the form shows.
QString RecordDetail::fieldLabels(const QString &keys) const
{
    AppServices *app = m_app;
    const kyodo::SchemaSet *set = app ? app->records().schemas() : nullptr;
    const kyodo::TypeDef *type = set ? set->type(m_type.toStdString()) : nullptr;
    QStringList labels;
    for (const QString &key : keys.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const kyodo::FieldDef *f = type ? type->field(key.trimmed().toStdString()) : nullptr;
        labels << (f ? localized(fromStd(f->labelJa), fromStd(f->labelEn)) : key.trimmed());
    }
    return labels.join(QCoreApplication::translate("Kyodo", "、"));
}

QString RecordDetail::typeLabel() const
{
    AppServices *app = m_app;
    return app ? app->records().typeLabel(m_type) : m_type;
}

QString RecordDetail::scopeLabel() const
{
    AppServices *app = m_app;
    return app ? app->records().scopeLabel(m_scope) : scopeName(m_scope);
}

bool RecordDetail::readOnly() const
{
    AppServices *app = m_app;
    return app && app->session().readOnly(m_scope);
}

QString RecordDetail::receiptLabel() const { return Kyodo::receiptLabel(m_receipt); }

void RecordDetail::reload()
{
    AppServices *app = m_app;
    m_exists = false;
    m_onServer = false;
    m_fields.clear();
    m_attachmentFields.clear();
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
        m_receipt = stateWord(v.receipt);
        m_deleted = v.deleted();
        m_onServer = v.rev > 0;
        const kyodo::SchemaSet *set = app->records().schemas();
        const kyodo::TypeDef *type = set ? set->type(v.type) : nullptr;
        if (type)
            for (const auto &f : type->fields) {
                if (f.type == kyodo::FieldType::Attachments) {
                    m_attachmentFields << QVariantMap{
                        {QStringLiteral("key"), fromStd(f.key)},
                        {QStringLiteral("label"), localized(fromStd(f.labelJa), fromStd(f.labelEn))}};
                    continue;
                }
                m_fields << QVariantMap{{QStringLiteral("key"), fromStd(f.key)},
                                        {QStringLiteral("label"), localized(fromStd(f.labelJa), fromStd(f.labelEn))},
                                        {QStringLiteral("type"), fieldTypeText(f.type)},
                                        {QStringLiteral("display"), v.fields.contains(f.key)
                                                                        ? displayValueOn(r, set, f, v.fields[f.key])
                                                                        : QString()}};
            }
    }
    if (auto history = r.history(m_id.toStdString())) {
        kyodo::json known = kyodo::json::object();
        for (const auto &e : *history) {
            if (e.state == kyodo::OutboxState::Rejected)
                m_reason = localized(fromStd(e.messageJa), fromStd(e.messageEn));
            const QStringList changed = changeLines(r, app->records().schemas(), m_type, e.mutation, known);
            m_history << QVariantMap{{QStringLiteral("cseq"), QVariant::fromValue(e.mutation.cseq)},
                                     {QStringLiteral("operation"), operationLabel(e.mutation.op)},
                                     {QStringLiteral("state"), stateWord(e.state)},
                                     {QStringLiteral("stateLabel"), Kyodo::receiptLabel(e.state)},
                                     {QStringLiteral("savedAt"), fromStd(e.savedAt)},
                                     {QStringLiteral("reason"), localized(fromStd(e.messageJa), fromStd(e.messageEn))},
                                     {QStringLiteral("fields"), changed.join(QLatin1Char('\n'))}};
        }
    }
    emit changed();
}

bool RecordDetail::finish(const kyodo::Status &st)
{
    m_lastError = st ? QString() : localized(st.error());
    if (st)
        m_app->store().notifyChanged(); // reload() follows through changed()
    else
        emit changed();
    return static_cast<bool>(st);
}

bool RecordDetail::remove() { return finish(m_app->store().replica().remove(m_id.toStdString())); }

bool RecordDetail::restore() { return finish(m_app->store().replica().restore(m_id.toStdString())); }

} // namespace Kyodo
