// Every plugin the app found, loaded or not, with its state and the reason it
// failed: the "About / plugins" page.
#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

namespace Kyodo {

class PluginManager;

class PluginListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App.plugins")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        VersionRole,
        ArticleRole,
        StateRole,
        FailedRole,
        ErrorRole,
        LocationRole
    };
    explicit PluginListModel(PluginManager &manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void refresh();

signals:
    void countChanged();

private:
    PluginManager &m_manager;
};

} // namespace Kyodo
