// The files of one attachments field of one record, as a gallery strip shows
// them: name, type, size, a preview and where the file is, in the person's
// words (この端末のみ / 送信中 n% / サーバー保存済み / 受信中 n% /
// サムネイルのみ / この端末に未取得; the rule is the engine's whereIs). attach() takes a file the person picked or
// photographed; a refused file leaves `error` with the engine's message and
// changes nothing.
//
// `staging`: for a page that saves its record later (the visit note quick
// entry, the form of a new record), files are prepared, checked and kept
// encrypted at once, and listed in `stagedFiles`, which the page keeps in its
// draft: closing the app before 保存 loses no photo. commit(recordId) names
// them in the record just saved; a form saves them as the field's value.
#pragma once

#include "appbound.h"
#include "attach.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QUrl>

#include <vector>

namespace Kyodo {

class AttachmentListModel : public QAbstractListModel, public AppBound {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString recordId READ recordId WRITE setRecordId NOTIFY sourceChanged)
    // Needed only while staging (no record yet); else the record's own type.
    Q_PROPERTY(QString recordType READ recordType WRITE setRecordType NOTIFY sourceChanged)
    Q_PROPERTY(QString field READ field WRITE setField NOTIFY sourceChanged)
    Q_PROPERTY(bool staging READ staging WRITE setStaging NOTIFY sourceChanged)
    Q_PROPERTY(QString fieldLabel READ fieldLabel NOTIFY sourceChanged)
    // Whether a file can be added now (a record here, or staging).
    Q_PROPERTY(bool canAdd READ canAdd NOTIFY countChanged)
    // Whether the record is saved on this device (when it is and canAdd is
    // not, this person may only view it).
    Q_PROPERTY(bool recordHere READ recordHere NOTIFY countChanged)
    // The types the field takes, for the file dialog ("Images (*.jpg …)").
    Q_PROPERTY(QStringList nameFilters READ nameFilters NOTIFY sourceChanged)
    // Whether the field takes photos (the camera is offered only then).
    Q_PROPERTY(bool takesPhotos READ takesPhotos NOTIFY sourceChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // The staged files ({sha256, name, mime, size, taken_at, thumb}), for a draft.
    Q_PROPERTY(QVariantList stagedFiles READ stagedFiles WRITE setStagedFiles NOTIFY stagedChanged)
public:
    enum FileState { OnlyHere, Uploading, OnServer, Downloading, NotHere, Staged, ThumbnailOnly };
    Q_ENUM(FileState)
    enum Role {
        Sha256Role = Qt::UserRole + 1,
        NameRole,
        MimeRole,
        SizeTextRole,
        StateRole,
        StateTextRole,
        PercentRole,
        ThumbUrlRole,
        HereRole,
        IsImageRole,
        IsPdfRole,
        RemovableRole,
    };

    explicit AttachmentListModel(QObject *parent = nullptr);
    explicit AttachmentListModel(AppServices &app, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString recordId() const { return m_recordId; }
    void setRecordId(const QString &id);
    QString recordType() const { return m_recordType; }
    void setRecordType(const QString &type);
    QString field() const { return m_field; }
    void setField(const QString &field);
    bool staging() const { return m_staging; }
    void setStaging(bool on);
    QString fieldLabel() const;
    bool canAdd() const;
    bool recordHere() const { return m_recordHere; }
    QStringList nameFilters() const;
    bool takesPhotos() const;
    QString error() const { return m_error; }
    QVariantList stagedFiles() const;
    // A draft's files put back; a file whose bytes are gone is left out, with `error`.
    void setStagedFiles(const QVariantList &files);

    // A local file (file:// URL) attached, or staged; false with `error`.
    Q_INVOKABLE bool attach(const QUrl &fileUrl);
    // A photo just taken (the camera page's QImage), attached or staged the same way.
    Q_INVOKABLE bool attachImage(const QVariant &image);
    // The staged files attached to the record just saved; false with `error` (they stay staged).
    Q_INVOKABLE bool commit(const QString &recordId);
    Q_INVOKABLE void clearStaged();
    // A staged file dropped, or a file taken off the record (one edit); false with `error`.
    Q_INVOKABLE bool remove(const QString &sha256);
    Q_INVOKABLE void clearError();
    // {sha256, name, mime, isImage, isPdf, here}: asks for the file when not here.
    Q_INVOKABLE QVariantMap open(const QString &sha256);

public slots:
    void reload();

signals:
    void sourceChanged();
    void countChanged();
    void errorChanged();
    void stagedChanged();

private:
    void attached(AppServices &app) override;
    void setError(const QString &text);
    bool take(kyodo::Result<kyodo::BytesToAttach> prepared);
    bool stagingNow() const { return m_staging && !m_recordHere; }

    struct Row {
        kyodo::AttachmentRef ref;
        std::optional<kyodo::BlobState> here;
        std::optional<kyodo::BlobState> thumbHere;
        bool staged = false;
    };
    FileState stateOf(const Row &row) const;
    std::vector<Row> m_rows;
    std::vector<kyodo::AttachmentRef> m_staged;
    QString m_recordId, m_recordType, m_field, m_scope, m_error;
    bool m_staging = false;
    bool m_recordHere = false;
    bool m_reloadQueued = false;
};

} // namespace Kyodo
