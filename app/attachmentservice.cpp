#include "attachmentservice.h"

#include "appservices.h"
#include "localstore.h"
#include "messages.h"
#include "pdfpages.h"
#include "phototime.h"
#include "photoprep.h"
#include "preferences.h"
#include "recordservice.h"
#include "synccontroller.h"
#include "wholefile.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QInputDevice>
#include <QCameraDevice>
#include <QMediaDevices>
#include <QUrl>

namespace Kyodo {

AttachmentService::AttachmentService(LocalStore &store, SyncController &sync, RecordService &records,
                                     Preferences &preferences, QObject *parent)
    : QObject(parent), m_store(store), m_sync(sync), m_records(records), m_preferences(preferences)
{}

AttachmentService::~AttachmentService()
{
    m_pdfCounting.clear(); // counts not started yet are not waited for; a running one is
}

AttachmentService *AttachmentService::create(QQmlEngine *engine, QJSEngine *)
{
    return partOfApp(engine, &AppServices::attachments);
}

kyodo::BlobStore *AttachmentService::blobs(kyodo::Error *error)
{
    if (!m_blobs) {
        auto opened = kyodo::BlobStore::openBeside(m_store.path().toStdString());
        if (!opened) {
            if (error)
                *error = opened.error();
            return nullptr;
        }
        m_blobs = std::move(opened.value());
    }
    return m_blobs.get();
}

const kyodo::FieldDef *AttachmentService::fieldDef(const QString &recordType, const QString &field)
{
    const kyodo::SchemaSet *set = m_records.schemas();
    const kyodo::TypeDef *type = set ? set->type(recordType.toStdString()) : nullptr;
    const kyodo::FieldDef *def = type ? type->field(field.toStdString()) : nullptr;
    return def && def->type == kyodo::FieldType::Attachments ? def : nullptr;
}

kyodo::Result<kyodo::BytesToAttach> AttachmentService::prepare(const kyodo::FieldDef &def, const QString &localPath)
{
    QFile file(localPath);
    const QString name = QFileInfo(localPath).fileName();
    if (!file.open(QIODevice::ReadOnly))
        return kyodo::errorOf(kyodo::Msg::AttachmentUnreadable, {name.toStdString()});
    if (file.size() == 0)
        return kyodo::errorOf(kyodo::Msg::AttachmentEmpty, {name.toStdString()});
    const QByteArray head = file.peek(16);
    const QString mime = QString::fromStdString(kyodo::mediaTypeOf(name.toStdString(), head.toStdString()));
    // The field's own check first, on the file as picked: a refused type or a
    // file far beyond the limit is never read into memory.
    kyodo::AttachmentRef candidate{std::string(64, '0'), name.toStdString(), mime.toStdString(), file.size(), {}, {}};
    const bool shrinks = mime.startsWith(QLatin1String("image/")) && !def.keepLocation;
    if (!shrinks || file.size() > kyodo::kMaxAttachmentMb * 1024 * 1024)
        if (auto ok = kyodo::parseAttachments(def, kyodo::json::array({candidate.toJson()})); !ok)
            return ok.error();
    const QByteArray bytes = file.readAll();
    // When the camera took it; a file without that says when it was last written.
    const auto taken = kyodo::photoTakenAt(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return prepareBytes(def, bytes, name,
                        taken ? QString::fromStdString(*taken)
                              : QFileInfo(localPath).lastModified().toUTC().toString(Qt::ISODate));
}

kyodo::Result<kyodo::BytesToAttach> AttachmentService::prepareBytes(const kyodo::FieldDef &def, const QByteArray &bytes,
                                                                    const QString &name, const QString &takenAt)
{
    const QString mime = QString::fromStdString(kyodo::mediaTypeOf(name.toStdString(), bytes.left(16).toStdString()));
    if (bytes.isEmpty())
        return kyodo::errorOf(kyodo::Msg::AttachmentEmpty, {name.toStdString()});
    const PreparedFile prepared = prepareFile(bytes, name, mime, m_preferences.photoLongSide(), def.keepLocation);

    kyodo::BytesToAttach out{prepared.bytes.toStdString(), prepared.name.toStdString(), prepared.mime.toStdString(),
                             takenAt.toStdString(), prepared.thumbnail.toStdString()};
    const kyodo::AttachmentRef candidate{
        std::string(64, '0'), out.name, out.mime, static_cast<std::int64_t>(out.bytes.size()), {}, {}};
    if (auto ok = kyodo::parseAttachments(def, kyodo::json::array({candidate.toJson()})); !ok)
        return ok.error();
    // Checked as picked: a photo cut short still decodes (its missing part
    // grey), and made smaller it would look whole.
    if (!kyodo::hasItsEnd(mime.toStdString(),
                          std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))))
        return kyodo::errorOf(kyodo::Msg::AttachmentDamaged, {name.toStdString()});
    // A photo no picture could be read from keeps whatever location it holds: not sent as it is.
    if (mime.startsWith(QLatin1String("image/")) && !def.keepLocation && !prepared.changed)
        return kyodo::errorOf(kyodo::Msg::PhotoUnreadable, {name.toStdString(), mime.toStdString()});
    return out;
}

kyodo::Result<std::vector<kyodo::AttachmentRef>>
AttachmentService::attachPrepared(const QString &recordId, const QString &field,
                                  const std::vector<kyodo::BytesToAttach> &files)
{
    kyodo::Error error;
    kyodo::BlobStore *store = blobs(&error);
    if (!store)
        return error;
    auto added = kyodo::attachBytes(m_store.replica(), *store, recordId.toStdString(), field.toStdString(), files);
    if (added)
        recordChanged();
    return added;
}

kyodo::Result<std::vector<kyodo::AttachmentRef>>
AttachmentService::stage(const kyodo::FieldDef &def, const std::vector<kyodo::BytesToAttach> &files)
{
    kyodo::Error error;
    kyodo::BlobStore *store = blobs(&error);
    if (!store)
        return error;
    return kyodo::stageBytes(*store, def, files);
}

kyodo::Status AttachmentService::newFilesAreHere(const std::string &type, const kyodo::json &fields,
                                                 const kyodo::json &before)
{
    const kyodo::SchemaSet *set = m_records.schemas();
    const kyodo::TypeDef *def = set ? set->type(type) : nullptr;
    if (!def)
        return {}; // the schema's own check names a type it does not know
    return kyodo::newFilesAreHere(blobs(), *def, fields, before);
}

kyodo::Status AttachmentService::attachStaged(const QString &recordId, const QString &field,
                                              const std::vector<kyodo::AttachmentRef> &files)
{
    kyodo::Error error;
    kyodo::BlobStore *store = blobs(&error);
    if (!store)
        return error;
    kyodo::Status st =
        kyodo::attachStaged(m_store.replica(), *store, recordId.toStdString(), field.toStdString(), files);
    if (st)
        recordChanged();
    return st;
}

kyodo::Status AttachmentService::detach(const QString &recordId, const QString &field, const QString &sha256)
{
    kyodo::Status st =
        kyodo::detachFile(m_store.replica(), recordId.toStdString(), field.toStdString(), sha256.toStdString());
    if (st)
        recordChanged();
    return st;
}

void AttachmentService::recordChanged()
{
    m_store.notifyChanged(); // the record changed: its lists, its detail, the sync bar's count
    emit attachmentsChanged();
}

kyodo::Result<std::vector<kyodo::AttachmentRef>>
AttachmentService::attach(const QString &recordId, const QString &field, const QString &localPath)
{
    auto record = m_store.replica().get(recordId.toStdString());
    if (!record)
        return record.error();
    if (!*record || (*record)->deleted())
        return kyodo::errorOf(kyodo::Msg::RecordNotOnDevice, {recordId.toStdString()});
    const kyodo::FieldDef *def = fieldDef(QString::fromStdString((*record)->type), field);
    if (!def)
        return kyodo::errorOf(kyodo::Msg::FieldNotAttachments, {field.toStdString()});
    auto prepared = prepare(*def, localPath);
    if (!prepared)
        return prepared.error();
    return attachPrepared(recordId, field, {*prepared});
}

bool AttachmentService::cameraAvailable() const { return !QMediaDevices::videoInputs().isEmpty(); }

bool AttachmentService::preferCamera() const
{
    const auto devices = QInputDevice::devices();
    const bool touch = std::any_of(devices.begin(), devices.end(), [](const QInputDevice *d) {
        return d->type() == QInputDevice::DeviceType::TouchScreen;
    });
    return touch && cameraAvailable();
}

bool AttachmentService::fetch(const QString &sha256)
{
    kyodo::BlobStore *store = blobs();
    if (!store)
        return false;
    const auto here = store->state(sha256.toStdString());
    if (here && here->complete)
        return true;
    if (const auto ref = kyodo::findAttachment(m_store.replica(), sha256.toStdString()))
        (void)store->want(sha256.toStdString(), ref->size, false);
    m_sync.syncFilesNow();
    return false;
}

std::optional<kyodo::BlobState> AttachmentService::stateOf(const QString &sha256)
{
    kyodo::BlobStore *store = blobs();
    return store ? store->state(sha256.toStdString()) : std::nullopt;
}

bool AttachmentService::isHere(const QString &sha256)
{
    const auto here = stateOf(sha256);
    return here && here->complete;
}

int AttachmentService::percentHere(const QString &sha256)
{
    const auto here = stateOf(sha256);
    return here ? static_cast<int>(here->percentHere()) : 0;
}

void AttachmentService::countPdfPages(const QString &sha256)
{
    // The thread has its own handle on the store: the GUI thread's is not shared.
    m_pdfCounting.start([this, sha256, replicaPath = m_store.path().toStdString()] {
        int pages = 0;
        try {
            if (auto store = kyodo::BlobStore::openBeside(replicaPath))
                if (auto bytes = (*store)->read(sha256.toStdString()))
                    pages = Kyodo::pdfPageCount(QByteArray::fromStdString(*bytes));
        } catch (const std::exception &) {
            pages = 0; // a store that cannot be read here: said as an unreadable PDF
        }
        // Queued to the GUI thread; dropped if this service is gone by then.
        QMetaObject::invokeMethod(
            this, [this, sha256, pages] { emit pdfPagesCounted(sha256, pages); }, Qt::QueuedConnection);
    });
}

QString AttachmentService::openExternally(const QString &sha256)
{
    kyodo::Error error;
    kyodo::BlobStore *store = blobs(&error);
    const auto ref = kyodo::findAttachment(m_store.replica(), sha256.toStdString());
    if (!store || !ref)
        return localized(store ? kyodo::errorOf(kyodo::Msg::AttachmentNotOnDevice, {sha256.toStdString()}) : error);
    if (!m_viewerDir)
        m_viewerDir = std::make_unique<QTemporaryDir>();
    // The viewer needs a file: one copy, readable by this user only, removed
    // on exit, named for the kind its bytes are (nameToOpenWith), never by
    // what another device's record says it is.
    const QString dir = m_viewerDir->filePath(sha256.left(12));
    QDir().mkpath(dir);
    const QString unnamed = QDir(dir).filePath(QStringLiteral("unchecked"));
    if (kyodo::Status st = store->writeTo(sha256.toStdString(), unnamed.toStdString()); !st)
        return localized(st.error());
    QFile::setPermissions(unnamed, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QFile written(unnamed);
    const QByteArray head = written.open(QIODevice::ReadOnly) ? written.read(kyodo::kKindHeadBytes) : QByteArray();
    written.close();
    const auto name = kyodo::nameToOpenWith(*ref, std::string_view(head.constData(), static_cast<size_t>(head.size())));
    if (!name) {
        QFile::remove(unnamed);
        return localized(name.error());
    }
    const QString path = QDir(dir).filePath(QString::fromStdString(*name));
    QFile::remove(path);
    if (!QFile::rename(unnamed, path)) {
        QFile::remove(unnamed);
        return localized(kyodo::errorOf(kyodo::Msg::AttachmentUnreadable, {ref->name}));
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        return QCoreApplication::translate("Kyodo", "このファイルを開けるアプリが見つかりません");
    return {};
}

} // namespace Kyodo
