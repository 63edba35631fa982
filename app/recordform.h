// The generic form of one record type, built from its schema: one row per
// field with its label, control type, choices, limits, current value and
// validation message. It validates exactly as the engine (and so the server)
// does, keeps a draft on the device as the user types, and saves a new record
// or a patch of the changed fields as one change in the outbox.
#pragma once

#include "appbound.h"
#include "replica.h"

#include <QAbstractListModel>
#include <QQmlEngine>

#include <vector>

namespace Kyodo {

class AppServices;

class RecordForm : public QAbstractListModel, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString recordType READ recordType WRITE setRecordType NOTIFY formChanged)
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY formChanged)
    Q_PROPERTY(QString scope READ scope WRITE setScope NOTIFY scopeChanged)
    Q_PROPERTY(bool isNew READ isNew NOTIFY formChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY validityChanged)
    Q_PROPERTY(bool dirty READ dirty NOTIFY validityChanged)
    Q_PROPERTY(bool draftAvailable READ draftAvailable NOTIFY draftChanged)
    Q_PROPERTY(QString draftSavedAt READ draftSavedAt NOTIFY draftChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY validityChanged)
    Q_PROPERTY(QString title READ title NOTIFY formChanged)
    // Every field's control value by key, for hand-made layouts (quick entry).
    Q_PROPERTY(QVariantMap values READ values NOTIFY valuesChanged)
public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        LabelRole,
        FieldTypeRole,
        RequiredRole,
        ValueRole,
        DisplayRole,
        ErrorRole,
        OptionsRole,
        MinRole,
        MaxRole
    };

    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit RecordForm(QObject *parent = nullptr);
    explicit RecordForm(AppServices &app, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString recordType() const { return m_type; }
    void setRecordType(const QString &type);
    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    QString scope() const { return m_scope; }
    void setScope(const QString &scope);
    bool isNew() const { return m_recordId.isEmpty(); }
    bool valid() const;
    bool dirty() const { return m_dirty; }
    bool draftAvailable() const { return !m_draftSavedAt.isEmpty(); }
    QString draftSavedAt() const { return m_draftSavedAt; }
    QString errorText() const { return m_errorText; }
    QString title() const;
    QVariantMap values() const;

    Q_INVOKABLE bool setValue(const QString &key, const QVariant &value);
    Q_INVOKABLE QVariant value(const QString &key) const;
    Q_INVOKABLE QString fieldError(const QString &key) const;
    // Fills fields of a new record that the user has not touched (quick entry).
    Q_INVOKABLE void setDefaults(const QVariantMap &values);
    // Checks every field; true when the form can be saved.
    Q_INVOKABLE bool validate();
    // Saves as one change; false with errorText (and field errors) when not.
    Q_INVOKABLE bool save();
    Q_INVOKABLE void continueDraft();
    Q_INVOKABLE void discardDraft();
    // An empty form for the next new record of the same type and scope (quick
    // entry saves one after another; the saved one is never edited by mistake).
    Q_INVOKABLE void startNew();

signals:
    void formChanged();
    void scopeChanged();
    void validityChanged();
    void valuesChanged();
    void draftChanged();
    void saved(const QString &recordId);

private:
    static constexpr std::size_t kMaxReferenceChoices = 500;
    QVariantList referenceChoices(const kyodo::FieldDef &field, const kyodo::json &current) const;
    mutable QHash<QString, QVariantList> m_referenceChoices; // by field key, until the form reloads
    void attached(AppServices &app) override;
    struct Field {
        kyodo::FieldDef def;
        kyodo::json value;    // as it will be saved (null = empty)
        kyodo::json original; // as loaded, to send only what changed
        QVariant raw;         // what the control holds, even when not valid yet
        QString error;
        bool touched = false;
    };
    void load();
    int rowOf(const QString &key) const;
    void checkField(Field &f);
    void keepDraft();
    QString draftKey() const;
    kyodo::Replica *replica() const;

    QString m_type, m_recordId, m_scope;
    std::vector<Field> m_fields;
    bool m_dirty = false;
    QString m_errorText;
    QString m_draftSavedAt;
};

} // namespace Kyodo
