// The generic list of one record type: search, ward and fiscal-year filters,
// sort. It holds only the ordered ids of the matching records; rows are read
// from the replica a page at a time as they scroll into view, and only a few
// pages are kept, so 100,000 records scroll smoothly in little memory.
#pragma once

#include "appbound.h"
#include "replica.h"

#include <QAbstractListModel>
#include <QQmlEngine>

#include <list>
#include <unordered_map>
#include <vector>

namespace Kyodo {

class AppServices;

class RecordListModel : public QAbstractListModel, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString recordType READ recordType WRITE setRecordType NOTIFY queryChanged)
    Q_PROPERTY(QString scope READ scope WRITE setScope NOTIFY queryChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY queryChanged)
    Q_PROPERTY(int fiscalYear READ fiscalYear WRITE setFiscalYear NOTIFY queryChanged)
    // Only records whose text or choice field `filterField` equals `filterValue`.
    Q_PROPERTY(QString filterField READ filterField WRITE setFilterField NOTIFY queryChanged)
    Q_PROPERTY(QString filterValue READ filterValue WRITE setFilterValue NOTIFY queryChanged)
    Q_PROPERTY(QString sortField READ sortField WRITE setSortField NOTIFY queryChanged)
    Q_PROPERTY(bool descending READ descending WRITE setDescending NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY countChanged)
    Q_PROPERTY(QStringList columns READ columns NOTIFY queryChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        SubtitleRole,
        ScopeRole,
        ScopeLabelRole,
        ReceiptRole,
        ReceiptLabelRole,
        PendingRole,
        DeletedRole,
        ValuesRole
    };
    static constexpr int kPageSize = 100;
    static constexpr size_t kPagesKept = 8;

    // Made by QML: the app comes from the engine (AppBound). Made in C++: given.
    explicit RecordListModel(QObject *parent = nullptr);
    explicit RecordListModel(AppServices &app, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString recordType() const { return m_type; }
    void setRecordType(const QString &type);
    QString scope() const { return QString::fromStdString(m_query.scope); }
    void setScope(const QString &scope);
    QString search() const { return QString::fromStdString(m_query.search); }
    void setSearch(const QString &search);
    int fiscalYear() const { return m_query.fiscalYear; }
    void setFiscalYear(int fy);
    QString filterField() const { return QString::fromStdString(m_query.filterField); }
    void setFilterField(const QString &key);
    QString filterValue() const { return QString::fromStdString(m_query.filterValue); }
    void setFilterValue(const QString &value);
    QString sortField() const { return QString::fromStdString(m_query.sortField); }
    void setSortField(const QString &key);
    bool descending() const { return m_query.descending; }
    void setDescending(bool on);
    QString error() const { return m_error; }
    QStringList columns() const;

    Q_INVOKABLE QString idAt(int row) const;
    // The row's field values as controls show them ({} past the end).
    Q_INVOKABLE QVariantMap valuesAt(int row) const;
    Q_INVOKABLE QString scopeAt(int row) const;
    // Pages currently held in memory (for tests and the memory benchmark).
    int cachedPages() const { return static_cast<int>(m_pages.size()); }

public slots:
    void reload();

signals:
    void queryChanged();
    void countChanged();

private:
    void attached(AppServices &app) override;
    struct Row {
        QString id, title, subtitle, scope, receipt;
        bool pending = false, deleted = false;
        QVariantMap values; // the fields as stored, for pages that lay them out themselves
    };
    const Row *row(int index) const;
    Row makeRow(const kyodo::ViewRecord &record, const kyodo::TypeDef *type) const;
    void scheduleReload();

    QString m_type;
    kyodo::ListQuery m_query;
    std::vector<std::string> m_ids;
    QString m_error;
    bool m_reloadPending = false;
    // Page number → rows, with the most recently used page at the front.
    mutable std::unordered_map<int, std::vector<Row>> m_pages;
    mutable std::list<int> m_recent;
};

} // namespace Kyodo
