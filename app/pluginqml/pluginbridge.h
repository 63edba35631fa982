// Kyodo.Plugin: the one QML API a plugin's pages use (besides Qt and
// Kyodo.Ui). Everything a page of an ordinance area needs, and nothing of the
// app's insides: who is signed in and where they may save, saves that are
// validated by the schema (one record, or several as one), drafts of what is
// being typed, labels from the schema, and the generic pages by name.
//
// Saves go through the same path as the C++ PluginContext (AppServices'
// saveNew/saveEdit), so a plugin's QML and its C++ cannot disagree.
// tests/plugins/check-plugin-imports.cmake fails CI when a plugin's QML
// imports anything else of the app.
#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

namespace Kyodo {

class AppServices;

class PluginBridge : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Plugin)
    QML_SINGLETON
    Q_PROPERTY(QString userName READ userName NOTIFY sessionChanged)
    Q_PROPERTY(QString role READ role NOTIFY sessionChanged)
    Q_PROPERTY(QStringList scopes READ scopes NOTIFY sessionChanged)
    // " · " in English, "・" in Japanese: between parts of one line.
    Q_PROPERTY(QString separator READ separator NOTIFY languageChanged)

public:
    explicit PluginBridge(AppServices &app, QObject *parent = nullptr);
    // The app the engine shows (AppServices::attachTo): no global.
    static PluginBridge *create(QQmlEngine *engine, QJSEngine *);

    QString userName() const;
    QString role() const;
    QStringList scopes() const;
    QString separator() const;

    // A record type as the schema defines it:
    // {id, label, title, list, fields:[{key, label, type, required, options, min, max}]}.
    Q_INVOKABLE QVariantMap typeInfo(const QString &type);
    // The choices of one field, from the schema only: [{value, label}] in the
    // user's language; empty for a field without choices.
    Q_INVOKABLE QVariantList fieldOptions(const QString &type, const QString &key);
    // The user's scopes that may hold this type, as {scope, label}.
    Q_INVOKABLE QVariantList scopesFor(const QString &type);
    Q_INVOKABLE QString scopeLabel(const QString &scope);
    // A citizen group's name from its records on this device ("" when none is known).
    Q_INVOKABLE QString groupName(const QString &scope);
    // 2026年11月30日（月） 14:30 / Mon 30 Nov 2026 14:30, in this device's time zone.
    Q_INVOKABLE QString displayDateTime(const QString &iso) const;

    // Saves, validated as a form validates: {id} or {error} in the user's language.
    Q_INVOKABLE QVariantMap createRecord(const QString &type, const QString &scope, const QVariantMap &fields);
    Q_INVOKABLE QVariantMap editRecord(const QString &id, const QVariantMap &fields);
    // Several new records as one save, all or none: entries {id?, type, scope,
    // fields, label?}; {ids} or {error, index, field}. A pre-chosen id
    // (newRecordId) links records of one save and makes a retry a duplicate.
    Q_INVOKABLE QVariantMap createRecords(const QVariantList &records);
    Q_INVOKABLE QString newRecordId() const;

    // Drafts of a page as it is typed, under the page's own key; they show in 下書き with `summary`.
    Q_INVOKABLE bool savePageDraft(const QString &pageKey, const QString &pageUrl, const QString &type,
                                   const QString &scope, const QString &summary, const QVariantMap &values);
    Q_INVOKABLE QVariantMap pageDraft(const QString &pageKey);
    Q_INVOKABLE void discardPageDraft(const QString &pageKey);

    // A generic page by name, to push on the page's StackView: "recordForm"
    // ({recordType, recordId?}), "recordDetail" ({recordId}), "recordList"
    // ({recordType}). An unknown name gives "" (and a warning in the log).
    Q_INVOKABLE QString pageUrl(const QString &name) const;

signals:
    void sessionChanged();
    void languageChanged();

private:
    AppServices &m_app;
};

} // namespace Kyodo
