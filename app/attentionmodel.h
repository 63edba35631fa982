// Needs attention: the changes the server sent back (rejected) with its
// reason. The user's data is intact in the outbox; here it is fixed and sent
// again, or discarded on purpose.
#pragma once

#include "appbound.h"
#include "replica.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Kyodo {

class AppServices;

class AttentionModel : public QAbstractListModel, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
public:
    enum Role {
        CseqRole = Qt::UserRole + 1,
        RecordIdRole,
        TypeRole,
        TypeLabelRole,
        OperationRole,
        ReasonRole,
        CodeRole,
        SummaryRole,
        SavedAtRole,
        FieldsRole
    };
    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit AttentionModel(QObject *parent = nullptr);
    explicit AttentionModel(AppServices &app, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    QString lastError() const { return m_lastError; }

    // Sends the change again with the fields the user corrected (may be empty).
    Q_INVOKABLE bool resend(int row, const QVariantMap &fixedFields);
    Q_INVOKABLE bool discard(int row);

public slots:
    void reload();

signals:
    void countChanged();
    void lastErrorChanged();

private:
    void attached(AppServices &app) override;
    bool finish(const kyodo::Status &st);
    std::vector<kyodo::OutboxEntry> m_entries;
    QString m_lastError;
};

} // namespace Kyodo
