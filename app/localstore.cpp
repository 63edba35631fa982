#include "localstore.h"

#include <QDir>
#include <QFileInfo>

namespace Kyodo {

LocalStore::LocalStore(QString path, std::unique_ptr<kyodo::Replica> replica)
    : m_path(std::move(path)), m_replica(std::move(replica))
{}

kyodo::Result<std::unique_ptr<LocalStore>> LocalStore::open(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto replica = kyodo::Replica::open(path.toStdString());
    if (!replica)
        return replica.error();
    return std::unique_ptr<LocalStore>(new LocalStore(path, std::move(replica.value())));
}

void LocalStore::notifyChanged() { emit changed(); }

void LocalStore::notifySessionChanged()
{
    m_replica->forgetCachedSchemas();
    emit sessionChanged();
    emit changed();
}

} // namespace Kyodo
