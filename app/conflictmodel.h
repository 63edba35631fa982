// The conflict inbox: every open conflict of the device, field by field —
// base, mine, theirs, who and when — resolved here by keeping mine, taking
// theirs or entering a new value. Resolving saves a resolve change that the
// next sync sends; until the server settles it the row says so.
#pragma once

#include "appbound.h"
#include "protocol.h"
#include "schema.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QSet>

namespace Kyodo {

class AppServices;

class ConflictModel : public QAbstractListModel, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
public:
    enum Role {
        ConflictIdRole = Qt::UserRole + 1,
        RecordIdRole,
        RecordTitleRole,
        TypeLabelRole,
        ScopeLabelRole,
        FieldKeyRole,
        FieldLabelRole,
        KindRole,
        BaseRole,
        MineRole,
        TheirsRole,
        MineByRole,
        TheirsByRole,
        MineAtRole,
        TheirsAtRole,
        ResolvingRole,
        MineValueRole,
        FieldTypeRole,
        MineMarkedRole,
        TheirsMarkedRole,
        CanKeepBothRole
    };
    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit ConflictModel(QObject *parent = nullptr);
    explicit ConflictModel(AppServices &app, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    QString lastError() const { return m_lastError; }

    Q_INVOKABLE bool keepMine(int row);
    Q_INVOKABLE bool takeTheirs(int row);
    // A new value, as the field's control gives it.
    Q_INVOKABLE bool useValue(int row, const QVariant &value);
    // Both texts, mine first, one after the other (text fields only: a
    // choice or a number cannot hold two values).
    Q_INVOKABLE bool keepBoth(int row);

public slots:
    void reload();

signals:
    void countChanged();
    void lastErrorChanged();

private:
    void attached(AppServices &app) override;
    bool resolve(int row, const std::string &take, const kyodo::json &value);
    QString describe(const kyodo::ConflictInfo &c, const kyodo::json &value) const;
    const kyodo::FieldDef *fieldOf(const kyodo::ConflictInfo &c) const;

    std::vector<kyodo::ConflictInfo> m_conflicts;
    QSet<QString> m_resolving;
    QString m_lastError;
};

} // namespace Kyodo
