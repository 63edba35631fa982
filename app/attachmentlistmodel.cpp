#include "attachmentlistmodel.h"

#include "appservices.h"
#include "attachmentservice.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "messages.h"
#include "synccontroller.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QImageReader>
#include <QTimer>

#include <algorithm>

namespace Kyodo {

AttachmentListModel::AttachmentListModel(QObject *parent) : QAbstractListModel(parent) {}

AttachmentListModel::AttachmentListModel(AppServices &app, QObject *parent) : QAbstractListModel(parent) { bind(&app); }

void AttachmentListModel::attached(AppServices &app)
{
    connect(&app.store(), &LocalStore::changed, this, &AttachmentListModel::reload);
    connect(&app.attachments(), &AttachmentService::attachmentsChanged, this, &AttachmentListModel::reload);
    // A chunk moved or a round ended: states follow, one reload per turn of the event loop.
    connect(app.sync(), &SyncController::filesChanged, this, [this] {
        if (m_reloadQueued)
            return;
        m_reloadQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_reloadQueued = false;
            reload();
        });
    });
    reload();
}

void AttachmentListModel::setRecordId(const QString &id)
{
    if (id == m_recordId)
        return;
    m_recordId = id;
    emit sourceChanged();
    reload();
}

void AttachmentListModel::setRecordType(const QString &type)
{
    if (type == m_recordType)
        return;
    m_recordType = type;
    emit sourceChanged();
}

void AttachmentListModel::setField(const QString &field)
{
    if (field == m_field)
        return;
    m_field = field;
    emit sourceChanged();
    reload();
}

void AttachmentListModel::setStaging(bool on)
{
    if (on == m_staging)
        return;
    m_staging = on;
    emit sourceChanged();
    reload();
}

QString AttachmentListModel::fieldLabel() const
{
    const kyodo::FieldDef *def = m_app ? m_app->attachments().fieldDef(m_recordType, m_field) : nullptr;
    return def ? localized(fromStd(def->labelJa), fromStd(def->labelEn)) : m_field;
}

bool AttachmentListModel::canAdd() const
{
    if (!m_app || (!m_staging && !m_recordHere))
        return false;
    return m_staging || !m_app->session().readOnly(m_scope);
}

QStringList AttachmentListModel::nameFilters() const
{
    const kyodo::FieldDef *def = m_app ? m_app->attachments().fieldDef(m_recordType, m_field) : nullptr;
    QStringList patterns;
    for (const std::string &mime : def ? def->accept : std::vector<std::string>{}) {
        if (mime == "image/*" || mime == "image/jpeg")
            patterns << QStringLiteral("*.jpg") << QStringLiteral("*.jpeg") << QStringLiteral("*.JPG");
        if (mime == "image/*" || mime == "image/png")
            patterns << QStringLiteral("*.png") << QStringLiteral("*.PNG");
        if (mime == "image/*") // only the kinds this device can read (and so strip of their location)
            for (const char *kind : {"gif", "webp", "heic"})
                if (QImageReader::supportedImageFormats().contains(kind))
                    patterns << QStringLiteral("*.") + QLatin1String(kind);
        if (mime == "application/pdf")
            patterns << QStringLiteral("*.pdf") << QStringLiteral("*.PDF");
    }
    QStringList filters;
    if (!patterns.isEmpty())
        filters << QCoreApplication::translate("Kyodo", "追加できるファイル (%1)").arg(patterns.join(QLatin1Char(' ')));
    filters << QCoreApplication::translate("Kyodo", "すべてのファイル (*)");
    return filters;
}

bool AttachmentListModel::takesPhotos() const
{
    const kyodo::FieldDef *def = m_app ? m_app->attachments().fieldDef(m_recordType, m_field) : nullptr;
    return def && kyodo::mimeAccepted(def->accept, "image/jpeg");
}

void AttachmentListModel::reload()
{
    std::vector<Row> rows;
    m_recordHere = false;
    if (m_app && !m_field.isEmpty()) {
        kyodo::Replica &r = m_app->store().replica();
        if (!m_recordId.isEmpty()) {
            if (auto record = r.get(m_recordId.toStdString()); record && *record && !(*record)->deleted()) {
                m_recordHere = true;
                if (m_recordType != fromStd((*record)->type)) {
                    m_recordType = fromStd((*record)->type);
                    emit sourceChanged(); // the field's label and the types it takes
                }
                m_scope = fromStd((*record)->scope);
            }
        }
        kyodo::BlobStore *blobs = m_app->attachments().blobs();
        const auto thumbOf = [&](const kyodo::AttachmentRef &ref) {
            return ref.thumb.empty() ? std::nullopt : blobs->state(ref.thumb);
        };
        if (blobs && m_recordHere) {
            if (auto files = kyodo::attachmentsOf(r, *blobs, m_recordId.toStdString())) {
                for (const kyodo::AttachedFile &f : *files)
                    if (f.field == m_field.toStdString())
                        rows.push_back({f.ref, f.here, f.thumbHere, false});
            }
        }
        if (blobs && m_staging)
            for (const kyodo::AttachmentRef &ref : m_staged)
                rows.push_back({ref, blobs->state(ref.sha256), thumbOf(ref), true});
    }
    // The same files in the same order (a chunk moved, a state changed): the
    // tiles stay, with their focus and their accessible objects; only what
    // they show changes.
    const bool sameFiles = rows.size() == m_rows.size() &&
                           std::equal(rows.begin(), rows.end(), m_rows.begin(), [](const Row &a, const Row &b) {
                               return a.ref.sha256 == b.ref.sha256 && a.staged == b.staged;
                           });
    if (sameFiles) {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            emit dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1));
        emit countChanged(); // whether files can be added follows the record
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

int AttachmentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

AttachmentListModel::FileState AttachmentListModel::stateOf(const Row &row) const
{
    if (row.staged)
        return Staged;
    const bool moving = m_app && m_app->sync() && m_app->sync()->fileMoving() == fromStd(row.ref.sha256);
    switch (kyodo::whereIs(row.here, row.thumbHere, moving).place) {
    case kyodo::FilePlace::OnlyHere: return OnlyHere;
    case kyodo::FilePlace::Uploading: return Uploading;
    case kyodo::FilePlace::OnServer: return OnServer;
    case kyodo::FilePlace::Downloading: return Downloading;
    case kyodo::FilePlace::ThumbnailOnly: return ThumbnailOnly;
    case kyodo::FilePlace::NotHere: break;
    }
    return NotHere;
}

QVariant AttachmentListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const FileState state = stateOf(row);
    const QString mime = fromStd(row.ref.mime);
    switch (role) {
    case Sha256Role: return fromStd(row.ref.sha256);
    case NameRole: return fromStd(row.ref.name);
    case MimeRole: return mime;
    case SizeTextRole: return fromStd(kyodo::humanSize(row.ref.size));
    case StateRole: return state;
    case PercentRole:
        return state == Uploading     ? QVariant::fromValue(row.here->percentSent())
               : state == Downloading ? QVariant::fromValue(row.here->percentHere())
               : state == OnServer    ? 100
                                      : 0;
    case StateTextRole:
        switch (state) {
        case OnlyHere: return QCoreApplication::translate("Kyodo", "この端末のみ");
        case Uploading: return QCoreApplication::translate("Kyodo", "送信中 %1%").arg(row.here->percentSent());
        case OnServer: return QCoreApplication::translate("Kyodo", "サーバー保存済み");
        case Downloading: return QCoreApplication::translate("Kyodo", "受信中 %1%").arg(row.here->percentHere());
        case NotHere: return QCoreApplication::translate("Kyodo", "この端末に未取得");
        case ThumbnailOnly: return QCoreApplication::translate("Kyodo", "サムネイルのみ");
        case Staged: return QCoreApplication::translate("Kyodo", "保存すると添付");
        }
        return {};
    case ThumbUrlRole:
        if (row.thumbHere && row.thumbHere->complete)
            return QUrl(QStringLiteral("image://kyodo-blob/") + fromStd(row.ref.thumb));
        if (mime.startsWith(QLatin1String("image/")) && row.here && row.here->complete)
            return QUrl(QStringLiteral("image://kyodo-blob/") + fromStd(row.ref.sha256));
        return QUrl();
    case HereRole: return row.here && row.here->complete;
    case IsImageRole: return mime.startsWith(QLatin1String("image/"));
    case IsPdfRole: return mime == QLatin1String("application/pdf");
    case RemovableRole: return row.staged || canAdd();
    }
    return {};
}

QHash<int, QByteArray> AttachmentListModel::roleNames() const
{
    return {{Sha256Role, "sha256"},     {NameRole, "name"},         {MimeRole, "mime"},
            {SizeTextRole, "sizeText"}, {StateRole, "fileState"},   {StateTextRole, "stateText"},
            {PercentRole, "percent"},   {ThumbUrlRole, "thumbUrl"}, {HereRole, "here"},
            {IsImageRole, "isImage"},   {IsPdfRole, "isPdf"},       {RemovableRole, "removable"}};
}

void AttachmentListModel::setError(const QString &text)
{
    if (text == m_error)
        return;
    m_error = text;
    emit errorChanged();
}

void AttachmentListModel::clearError() { setError({}); }

bool AttachmentListModel::attach(const QUrl &fileUrl)
{
    if (!m_app)
        return false;
    const QString path = fileUrl.isLocalFile() ? fileUrl.toLocalFile() : fileUrl.toString();
    AttachmentService &service = m_app->attachments();
    if (stagingNow()) {
        const kyodo::FieldDef *def = service.fieldDef(m_recordType, m_field);
        if (!def) {
            setError(localized(kyodo::errorOf(kyodo::Msg::FieldNotAttachments, {m_field.toStdString()})));
            return false;
        }
        return take(service.prepare(*def, path));
    }
    auto added = service.attach(m_recordId, m_field, path);
    setError(added ? QString() : localized(added.error()));
    return static_cast<bool>(added);
}

bool AttachmentListModel::take(kyodo::Result<kyodo::BytesToAttach> prepared)
{
    if (!prepared) {
        setError(localized(prepared.error()));
        return false;
    }
    if (stagingNow()) {
        const kyodo::FieldDef *def = m_app->attachments().fieldDef(m_recordType, m_field);
        auto kept = def ? m_app->attachments().stage(*def, {*prepared})
                        : kyodo::Result<std::vector<kyodo::AttachmentRef>>(
                              kyodo::errorOf(kyodo::Msg::FieldNotAttachments, {m_field.toStdString()}));
        if (!kept) {
            setError(localized(kept.error()));
            return false;
        }
        QString twice;
        for (const kyodo::AttachmentRef &ref : *kept) {
            const auto there =
                std::find_if(m_staged.begin(), m_staged.end(), [&](const auto &s) { return s.sha256 == ref.sha256; });
            if (there == m_staged.end())
                m_staged.push_back(ref);
            else // picked again: said, as on a saved record (attach.h)
                twice = localized(kyodo::errorOf(kyodo::Msg::AttachmentAlreadyListed, {ref.name, there->name}));
        }
        setError(twice);
        reload();
        emit stagedChanged();
        return twice.isEmpty();
    }
    auto added = m_app->attachments().attachPrepared(m_recordId, m_field, {*prepared});
    setError(added ? QString() : localized(added.error()));
    return static_cast<bool>(added);
}

bool AttachmentListModel::attachImage(const QVariant &image)
{
    const QImage photo = image.value<QImage>();
    const kyodo::FieldDef *def = m_app ? m_app->attachments().fieldDef(m_recordType, m_field) : nullptr;
    if (!def) {
        setError(localized(kyodo::errorOf(kyodo::Msg::FieldNotAttachments, {m_field.toStdString()})));
        return false;
    }
    if (photo.isNull()) { // the camera gave no picture
        setError(localized(kyodo::errorOf(kyodo::Msg::AttachmentUnreadable, {"photo.jpg"})));
        return false;
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    photo.save(&buffer, "JPEG", 92);
    const QDateTime now = QDateTime::currentDateTime();
    const QString name = QStringLiteral("photo-%1.jpg").arg(now.toString(QStringLiteral("yyyyMMdd-HHmmss")));
    return take(m_app->attachments().prepareBytes(*def, bytes, name, now.toUTC().toString(Qt::ISODate)));
}

bool AttachmentListModel::commit(const QString &recordId)
{
    if (!m_app || m_staged.empty())
        return true;
    if (kyodo::Status st = m_app->attachments().attachStaged(recordId, m_field, m_staged); !st) {
        setError(localized(st.error()));
        return false;
    }
    clearStaged();
    setError({});
    return true;
}

void AttachmentListModel::clearStaged()
{
    if (m_staged.empty())
        return;
    m_staged.clear();
    reload();
    emit stagedChanged();
}

QVariantList AttachmentListModel::stagedFiles() const
{
    QVariantList out;
    for (const kyodo::AttachmentRef &ref : m_staged)
        out.push_back(jsonToVariant(ref.toJson()));
    return out;
}

void AttachmentListModel::setStagedFiles(const QVariantList &files)
{
    std::vector<kyodo::AttachmentRef> kept;
    QString problem;
    kyodo::BlobStore *blobs = m_app ? m_app->attachments().blobs() : nullptr;
    const kyodo::FieldDef *def = m_app ? m_app->attachments().fieldDef(m_recordType, m_field) : nullptr;
    for (const QVariant &file : files) {
        const kyodo::json entry = variantToJson(file);
        auto ref = def ? kyodo::parseAttachments(*def, kyodo::json::array({entry}))
                       : kyodo::Result<std::vector<kyodo::AttachmentRef>>(
                             kyodo::errorOf(kyodo::Msg::FieldNotAttachments, {m_field.toStdString()}));
        const auto here = ref && blobs ? blobs->state(ref->front().sha256) : std::nullopt;
        if (!ref || !here || !here->complete) {
            const bool named = entry.is_object() && entry.contains("name") && entry["name"].is_string();
            const std::string name = named ? entry["name"].get<std::string>() : std::string("?");
            problem = localized(ref ? kyodo::errorOf(kyodo::Msg::AttachmentUnreadable, {name}) : ref.error());
            continue;
        }
        kept.push_back(ref->front());
    }
    const bool same =
        kept.size() == m_staged.size() && std::equal(kept.begin(), kept.end(), m_staged.begin(),
                                                     [](const auto &a, const auto &b) { return a.sha256 == b.sha256; });
    const bool leftOut = static_cast<qsizetype>(kept.size()) < files.size();
    setError(problem);
    if (same && !leftOut)
        return;
    if (!same) {
        m_staged = std::move(kept);
        reload();
    }
    // Also for a file left out: the page drops it from what it keeps. Queued,
    // as this is set from the page's own binding, which must not loop.
    QMetaObject::invokeMethod(this, &AttachmentListModel::stagedChanged, Qt::QueuedConnection);
}

bool AttachmentListModel::remove(const QString &sha256)
{
    const auto staged = std::find_if(m_staged.begin(), m_staged.end(),
                                     [&](const kyodo::AttachmentRef &r) { return fromStd(r.sha256) == sha256; });
    if (staged != m_staged.end()) {
        m_staged.erase(staged);
        setError({});
        reload();
        emit stagedChanged();
        return true;
    }
    if (!m_app || !canAdd())
        return false;
    kyodo::Status st = m_app->attachments().detach(m_recordId, m_field, sha256);
    setError(st ? QString() : localized(st.error()));
    return static_cast<bool>(st);
}

QVariantMap AttachmentListModel::open(const QString &sha256)
{
    QVariantMap out{{QStringLiteral("sha256"), sha256}};
    for (const Row &row : m_rows) {
        if (fromStd(row.ref.sha256) != sha256)
            continue;
        const QString mime = fromStd(row.ref.mime);
        out.insert(QStringLiteral("name"), fromStd(row.ref.name));
        out.insert(QStringLiteral("mime"), mime);
        out.insert(QStringLiteral("isImage"), mime.startsWith(QLatin1String("image/")));
        out.insert(QStringLiteral("isPdf"), mime == QLatin1String("application/pdf"));
        const bool here = m_app && m_app->attachments().fetch(sha256);
        out.insert(QStringLiteral("here"), here);
        if (!here)
            reload(); // shows 受信中 as soon as it is asked for
    }
    return out;
}

} // namespace Kyodo
