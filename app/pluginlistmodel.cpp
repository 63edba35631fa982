#include "pluginlistmodel.h"

#include "language.h"
#include "pluginmanager.h"

#include <QFileInfo>

namespace Kyodo {

PluginListModel::PluginListModel(PluginManager &manager, QObject *parent)
    : QAbstractListModel(parent), m_manager(manager)
{}

int PluginListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_manager.specs().size());
}

QVariant PluginListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const PluginSpec &s = *m_manager.specs()[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: {
        const QString name = localized(s.nameJa(), s.nameEn());
        return name.isEmpty() ? QFileInfo(s.location()).fileName() : name;
    }
    case IdRole: return s.id();
    case VersionRole: return s.version();
    case ArticleRole: return localized(s.articleJa(), s.articleEn());
    case StateRole: return s.hasError() ? QStringLiteral("failed") : s.stateName();
    case FailedRole: return s.hasError();
    case ErrorRole: return localized(s.errorJa(), s.errorEn());
    case LocationRole: return s.location();
    }
    return {};
}

QHash<int, QByteArray> PluginListModel::roleNames() const
{
    return {{IdRole, "pluginId"}, {NameRole, "name"},     {VersionRole, "version"}, {ArticleRole, "article"},
            {StateRole, "state"}, {FailedRole, "failed"}, {ErrorRole, "error"},     {LocationRole, "location"}};
}

void PluginListModel::refresh()
{
    beginResetModel();
    endResetModel();
    emit countChanged();
}

} // namespace Kyodo
