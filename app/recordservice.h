// The records as QML and the app's models see them (singleton `Records` in
// module Kyodo.App): what each record type is (schema look-ups and labels),
// where the user may keep it, the saves of pages that lay out their own
// fields, and the drafts of 下書き. Built by AppServices, which hands it to
// QML from the same engine.
#pragma once

#include "replica.h"
#include "schema.h"

#include <QHash>
#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

#include <functional>

namespace Kyodo {

class LocalStore;
class SessionService;

class RecordService : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Records)
    QML_SINGLETON
public:
    RecordService(LocalStore &store, SessionService &session, QObject *parent = nullptr);
    // The records of the app the engine shows (AppServices::attachTo).
    static RecordService *create(QQmlEngine *engine, QJSEngine *);

    LocalStore &store() { return m_store; }
    // The schemas the device validates with: the server's (kept at sign-in),
    // else those the loaded plugins ship, so forms work before the first sign-in.
    const kyodo::SchemaSet *schemas();
    void setPluginSchemas(kyodo::SchemaSet schemas) { m_pluginSchemas = std::move(schemas); }
    // Asked before every save (type, the fields saved, what the record held):
    // refuses one that names a file whose bytes are not here (AttachmentService).
    using FileCheck = std::function<kyodo::Status(const std::string &, const kyodo::json &, const kyodo::json &)>;
    void setFileCheck(FileCheck check) { m_fileCheck = std::move(check); }
    kyodo::Status checkFiles(const std::string &type, const kyodo::json &fields, const kyodo::json &before) const
    {
        return m_fileCheck ? m_fileCheck(type, fields, before) : kyodo::Status{};
    }

    // {id, label, title, list, fields:[{key,label,type,required,options,min,max}]}
    Q_INVOKABLE QVariantMap typeInfo(const QString &type);
    Q_INVOKABLE QString typeLabel(const QString &type);
    // The scopes of the user where records of this type may be saved, as {scope, label}.
    Q_INVOKABLE QVariantList scopesFor(const QString &type);
    // Whether the user may read records of this type anywhere (a read-only grant counts).
    bool readableAnywhere(const QString &type);
    Q_INVOKABLE QVariantList wards() const;
    Q_INVOKABLE QString scopeLabel(const QString &scope);
    // A citizen group's name as its records on this device give it (group_name
    // of its visit notes and other records); "" when none is known.
    Q_INVOKABLE QString groupName(const QString &scope);
    Q_INVOKABLE QString receiptLabel(const QString &state) const;
    // The fiscal years offered in list filters: this one back to 平成25年度.
    Q_INVOKABLE QVariantList fiscalYears() const;
    Q_INVOKABLE QString fiscalYearLabel(int fiscalYear) const;

    // Saves for pages that lay out their own fields (quick entry, meeting mode):
    // values as the controls hold them, converted and validated as in a form.
    // {id} or {error} in the user's language; an empty value clears a field.
    Q_INVOKABLE QVariantMap createRecord(const QString &type, const QString &scope, const QVariantMap &fields);
    Q_INVOKABLE QVariantMap editRecord(const QString &id, const QVariantMap &fields);
    // The one path of those saves, shared with the C++ PluginContext (AppContext).
    kyodo::Result<std::string> saveNew(const QString &type, const QString &scope, const QVariantMap &fields);
    kyodo::Status saveEdit(const QString &id, const QVariantMap &fields);
    // Several new records saved as one: all of them or none. Each entry is
    // {id?, type, scope, fields, label?}; every one is validated before
    // anything is written. A pre-chosen id (newRecordId) lets one record
    // refer to another of the same save and makes a retry of a save that did
    // happen fail as a duplicate instead of saving twice.
    // {ids} or {error, index, field} (index of the entry, field key at fault).
    Q_INVOKABLE QVariantMap createRecords(const QVariantList &records);
    Q_INVOKABLE QString newRecordId() const;

    // The drafts of 下書き, newest first as the replica lists them.
    Q_INVOKABLE QVariantList drafts();
    // Drafts of pages that lay out their own fields: the page's state as it
    // is typed, under the page's own key, listed in 下書き with `summary`.
    Q_INVOKABLE bool savePageDraft(const QString &pageKey, const QString &pageUrl, const QString &type,
                                   const QString &scope, const QString &summary, const QVariantMap &values);
    // The values of a page's draft ({} when none).
    Q_INVOKABLE QVariantMap pageDraft(const QString &pageKey);
    Q_INVOKABLE void discardPageDraft(const QString &pageKey);

signals:
    // A page draft was saved or discarded (the badge counts follow).
    void draftsChanged();

private:
    LocalStore &m_store;
    SessionService &m_session;
    kyodo::SchemaSet m_pluginSchemas;
    QHash<QString, QString> m_groupNames; // by scope, until the store changes
    FileCheck m_fileCheck;
};

} // namespace Kyodo
