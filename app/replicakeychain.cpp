#include "replicakeychain.h"

#include "replicakey.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <sys/stat.h>

namespace Kyodo {

namespace {

const QString kService = QStringLiteral("Kyodo");
constexpr int kKeychainWaitMs = 5000;

// A keychain call, waited for: the first open happens before the window.
template <typename Job>
bool runJob(Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kKeychainWaitMs, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    loop.exec();
    return job.error() == QKeychain::NoError;
}

// No session bus: no Secret Service can answer, so no need to wait for one.
bool keychainReachable()
{
    if (qEnvironmentVariable("KYODO_KEYCHAIN") == QLatin1String("off"))
        return false;
#ifdef Q_OS_LINUX
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        struct stat st {};
        const QByteArray bus = qgetenv("XDG_RUNTIME_DIR") + "/bus";
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") || ::stat(bus.constData(), &st) != 0)
            return false;
    }
#endif
    return true;
}

kyodo::Result<kyodo::DbKey> fallback(const std::string &path, const QString &why)
{
    std::fprintf(stderr, "kyodo: %s; the replica's key is kept in %s.key (readable by this user only)\n",
                 qPrintable(why), path.c_str());
    return kyodo::defaultReplicaKey(path);
}

kyodo::Result<kyodo::DbKey> keychainKey(const std::string &path)
{
    if (!keychainReachable())
        return fallback(path, QStringLiteral("no keychain service"));
    const QString entry = QStringLiteral("replica:") + QFileInfo(QString::fromStdString(path)).absoluteFilePath();
    QKeychain::ReadPasswordJob read(kService);
    read.setKey(entry);
    if (runJob(read)) {
        const std::string hex = read.textData().toStdString();
        if (hex.size() == 64)
            return kyodo::DbKey{hex, {}};
        return fallback(path, QStringLiteral("the keychain entry is not a key"));
    }
    if (read.error() != QKeychain::EntryNotFound)
        return fallback(path, QStringLiteral("the keychain did not answer (%1)").arg(read.errorString()));
    // No entry: a replica kept with a key file before stays with it.
    if (QFileInfo::exists(QString::fromStdString(path + ".key")))
        return kyodo::defaultReplicaKey(path);
    const std::string hex = kyodo::newRawKey();
    QKeychain::WritePasswordJob write(kService);
    write.setKey(entry);
    write.setTextData(QString::fromStdString(hex));
    if (!runJob(write))
        return fallback(path, QStringLiteral("the keychain refused the key (%1)").arg(write.errorString()));
    return kyodo::DbKey{hex, {}};
}

} // namespace

void useKeychainForReplicas()
{
    // The GUI and the sync thread open the same replica: asked once.
    kyodo::setReplicaKeySource([](const std::string &path) -> kyodo::Result<kyodo::DbKey> {
        static std::mutex mutex;
        static std::map<std::string, kyodo::DbKey> known;
        std::lock_guard lock(mutex);
        if (auto it = known.find(path); it != known.end())
            return it->second;
        auto key = keychainKey(path);
        if (key)
            known.emplace(path, *key);
        return key;
    });
}

} // namespace Kyodo
