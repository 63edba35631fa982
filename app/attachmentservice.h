// Attachments as the app handles them (singleton `Attachments` in module
// Kyodo.App): a file the user picked or photographed is prepared
// (photoprep.h), checked against its field with the engine's own message,
// stored encrypted and named in its record by one edit (attach.h); a file
// opened that is not on this device is asked for (BlobStore::want) and the
// file queue runs at once; a file can be handed to the system viewer through
// a temporary copy, the only decrypted copy ever written. Built by
// AppServices on the GUI thread's BlobStore handle.
#pragma once

#include "attach.h"
#include "blobstore.h"
#include "result.h"

#include <QObject>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QVariantMap>

#include <memory>
#include <optional>

namespace Kyodo {

class LocalStore;
class Preferences;
class RecordService;
class SyncController;

class AttachmentService : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Attachments)
    QML_SINGLETON
public:
    AttachmentService(LocalStore &store, SyncController &sync, RecordService &records, Preferences &preferences,
                      QObject *parent = nullptr);
    ~AttachmentService() override;
    static AttachmentService *create(QQmlEngine *engine, QJSEngine *);

    // The GUI thread's handle (nullptr with the reason in `error`).
    kyodo::BlobStore *blobs(kyodo::Error *error = nullptr);
    const kyodo::FieldDef *fieldDef(const QString &recordType, const QString &field);

    // A local file prepared for `def`'s field: smaller and without EXIF
    // (unless it keeps the location), with its preview; checked, not stored.
    kyodo::Result<kyodo::BytesToAttach> prepare(const kyodo::FieldDef &def, const QString &localPath);
    // The same for bytes in memory (a photo just taken).
    kyodo::Result<kyodo::BytesToAttach> prepareBytes(const kyodo::FieldDef &def, const QByteArray &bytes,
                                                     const QString &name, const QString &takenAt);
    // Prepared and attached to a record here, or refused with nothing changed.
    kyodo::Result<std::vector<kyodo::AttachmentRef>> attach(const QString &recordId, const QString &field,
                                                            const QString &localPath);
    kyodo::Result<std::vector<kyodo::AttachmentRef>> attachPrepared(const QString &recordId, const QString &field,
                                                                    const std::vector<kyodo::BytesToAttach> &files);
    // Prepared files kept, encrypted, for a record saved later (a draft names
    // them); attachStaged names them in the record once it is saved.
    kyodo::Result<std::vector<kyodo::AttachmentRef>> stage(const kyodo::FieldDef &def,
                                                           const std::vector<kyodo::BytesToAttach> &files);
    kyodo::Status attachStaged(const QString &recordId, const QString &field,
                               const std::vector<kyodo::AttachmentRef> &files);
    // A save (of a form or a plugin's page) names only files whole here
    // (kyodo::newFilesAreHere); RecordService asks this before each save.
    kyodo::Status newFilesAreHere(const std::string &type, const kyodo::json &fields, const kyodo::json &before);
    // A file taken off a record by one edit.
    kyodo::Status detach(const QString &recordId, const QString &field, const QString &sha256);

    // Whether a camera can be used: the camera page, else the file dialog.
    Q_INVOKABLE bool cameraAvailable() const;
    // A tablet (a touch screen) with a camera: 追加 opens the camera first.
    Q_INVOKABLE bool preferCamera() const;
    // Asks for a file not here yet and starts the file queue; true when it is here already.
    Q_INVOKABLE bool fetch(const QString &sha256);
    Q_INVOKABLE bool isHere(const QString &sha256);
    // How much of a file is on this device (0–100), while it downloads.
    Q_INVOKABLE int percentHere(const QString &sha256);
    // Counts a PDF's pages on a thread of its own, not the screen's: a large
    // meeting paper takes a while to decrypt and parse, a hostile one as long
    // as Poppler takes. pdfPagesCounted answers (0: it cannot be read here).
    Q_INVOKABLE void countPdfPages(const QString &sha256);
    // A temporary copy opened with the system's viewer; "" or why not.
    Q_INVOKABLE QString openExternally(const QString &sha256);

signals:
    // Files were attached here (lists of attachments re-read their states).
    void attachmentsChanged();
    void pdfPagesCounted(const QString &sha256, int pages);

private:
    void recordChanged();
    // The store's state of one file; nothing when there is no store or no such file.
    std::optional<kyodo::BlobState> stateOf(const QString &sha256);

    LocalStore &m_store;
    SyncController &m_sync;
    RecordService &m_records;
    Preferences &m_preferences;
    std::unique_ptr<kyodo::BlobStore> m_blobs;
    std::unique_ptr<QTemporaryDir> m_viewerDir; // copies for the system viewer, gone when the app ends
    // Last, so that it goes first: its destructor waits for a count still running.
    QThreadPool m_pdfCounting;
};

} // namespace Kyodo
