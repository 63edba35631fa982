// One record as the detail page shows it: its fields with labels, its
// receipt state (saved on this device → sent → applied / conflict / returned
// with the server's reason), its history of changes as far as this device
// knows it, and, when online, the server's history of every user's changes.
#pragma once

#include "appbound.h"
#include "result.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace Kyodo {

class AppServices;

class RecordDetail : public QObject, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY changed)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString recordType READ recordType NOTIFY changed)
    Q_PROPERTY(QString typeLabel READ typeLabel NOTIFY changed)
    Q_PROPERTY(QString scopeLabel READ scopeLabel NOTIFY changed)
    // In a scope granted for reading only: shown, not offered for a change.
    Q_PROPERTY(bool readOnly READ readOnly NOTIFY changed)
    Q_PROPERTY(QString receipt READ receipt NOTIFY changed)
    Q_PROPERTY(QString receiptLabel READ receiptLabel NOTIFY changed)
    Q_PROPERTY(QString reason READ reason NOTIFY changed)
    Q_PROPERTY(bool deleted READ deleted NOTIFY changed)
    Q_PROPERTY(QVariantList fields READ fields NOTIFY changed)
    // The attachments fields ({key, label}), shown as galleries rather than in the table of fields.
    Q_PROPERTY(QVariantList attachmentFields READ attachmentFields NOTIFY changed)
    Q_PROPERTY(QVariantList history READ history NOTIFY changed)
    Q_PROPERTY(QString lastError READ lastError NOTIFY changed)
    // Every user's changes as the server's audit log keeps them (not only
    // this device's), fetched when online: {when, user, action, outcome, fields}.
    Q_PROPERTY(QVariantList serverHistory READ serverHistory NOTIFY serverHistoryChanged)
    // "" (not asked), loading, loaded, or why it could not be fetched.
    Q_PROPERTY(QString serverHistoryStatus READ serverHistoryStatus NOTIFY serverHistoryChanged)
public:
    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit RecordDetail(QObject *parent = nullptr);
    explicit RecordDetail(AppServices &app, QObject *parent = nullptr);

    QString recordId() const { return m_id; }
    void setRecordId(const QString &id);
    bool exists() const { return m_exists; }
    QString recordType() const { return m_type; }
    QString typeLabel() const;
    QString scopeLabel() const;
    bool readOnly() const;
    QString receipt() const { return m_receipt; }
    QString receiptLabel() const;
    QString reason() const { return m_reason; }
    bool deleted() const { return m_deleted; }
    QVariantList fields() const { return m_fields; }
    QVariantList history() const { return m_history; }
    QVariantList attachmentFields() const { return m_attachmentFields; }
    QString lastError() const { return m_lastError; }
    QVariantList serverHistory() const { return m_serverHistory; }
    QString serverHistoryStatus() const { return m_serverHistoryStatus; }

    Q_INVOKABLE bool remove();
    Q_INVOKABLE void loadServerHistory();
    Q_INVOKABLE bool restore();

public slots:
    void reload();

signals:
    void changed();
    void serverHistoryChanged();

private:
    void attached(AppServices &app) override;
    QString fieldLabels(const QString &keys) const;
    bool finish(const kyodo::Status &st);
    void onHistoryFetched(const QString &recordId, const QVariantList &entries, const QString &errorJa,
                          const QString &errorEn);

    QString m_id, m_type, m_scope, m_receipt, m_reason, m_lastError;
    bool m_exists = false, m_deleted = false;
    bool m_onServer = false; // confirmed by the server at least once
    QVariantList m_fields, m_attachmentFields, m_history, m_serverHistory;
    QString m_serverHistoryStatus;
};

} // namespace Kyodo
