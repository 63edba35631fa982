// The GUI thread's connection to the device replica. Every screen reads and
// saves through it; it announces every change so lists, badges and the
// conflict inbox refresh. The sync thread has its own connection to the same
// file (SQLite WAL lets one write while the other reads).
#pragma once

#include "replica.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Kyodo {

class LocalStore : public QObject {
    Q_OBJECT
public:
    static kyodo::Result<std::unique_ptr<LocalStore>> open(const QString &path);

    QString path() const { return m_path; }
    kyodo::Replica &replica() { return *m_replica; }

    // Called after a save here or a sync there: re-read what may have changed.
    void notifyChanged();
    // The sync thread signed in or pulled new schemas.
    void notifySessionChanged();

signals:
    void changed();
    void sessionChanged();

private:
    LocalStore(QString path, std::unique_ptr<kyodo::Replica> replica);
    QString m_path;
    std::unique_ptr<kyodo::Replica> m_replica;
};

} // namespace Kyodo
