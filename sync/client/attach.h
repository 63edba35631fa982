// Attaching files to a record on the device: each file is checked against
// what its field takes (type and size, the same check and message as the
// server's) before a byte is stored, then kept in the BlobStore, then named
// in the record by one ordinary edit, which syncs at once. A refused file
// changes nothing already saved.
#pragma once

#include "attachment.h"
#include "blobstore.h"
#include "replica.h"

#include <string>
#include <vector>

namespace kyodo {

// The media type of a file: from its first bytes where they say (a photo
// named .pdf is still a photo), else from its extension.
std::string mediaTypeOf(const std::string &fileName, std::string_view firstBytes);

// One file to attach; name and mime are found from the path when empty.
struct FileToAttach {
    std::string path;
    std::string name;
    std::string mime;
    std::string takenAt;
    std::string thumbSha256; // a preview already in the BlobStore
};

Result<std::vector<AttachmentRef>> attachFiles(Replica &replica, BlobStore &blobs, const std::string &recordId,
                                               const std::string &field, const std::vector<FileToAttach> &files);

// Bytes made on the device (a photo made smaller, without its EXIF) with
// their preview: checked like a file, then stored, preview first, and named
// in the record by one edit. Nothing is stored when a check fails, and the
// bytes never touch the disk unencrypted.
struct BytesToAttach {
    std::string bytes;
    std::string name;
    std::string mime;
    std::string takenAt;
    std::string thumbJpeg; // empty: no preview
};
Result<std::vector<AttachmentRef>> attachBytes(Replica &replica, BlobStore &blobs, const std::string &recordId,
                                               const std::string &field, const std::vector<BytesToAttach> &files);

// The two halves of attachBytes, for a page that saves its record later (the
// visit-note quick entry): the files are checked and kept, encrypted, at
// once (a draft names them, so closing the app loses no photo), and named in
// the record once it is saved. attachStaged refuses a file whose bytes are
// not all here.
Result<std::vector<AttachmentRef>> stageBytes(BlobStore &blobs, const FieldDef &field,
                                              const std::vector<BytesToAttach> &files);
Status attachStaged(Replica &replica, BlobStore &blobs, const std::string &recordId, const std::string &field,
                    const std::vector<AttachmentRef> &files);

// A file taken off a record by one edit; another device's additions survive
// it (the union merge). Its bytes go once no record here names them.
// Every file (and preview) that `fields` names and `before` did not is whole
// in `blobs` (null: none is): a save from a form or a plugin never makes a
// record name a file this device cannot send. Entries that are not files are
// left to the schema's own check.
Status newFilesAreHere(BlobStore *blobs, const TypeDef &type, const json &fields, const json &before = json::object());
Status detachFile(Replica &replica, const std::string &recordId, const std::string &field, const std::string &sha256);

// The attachment fields of a record with their files, for a list or a gallery.
struct AttachedFile {
    std::string field;
    AttachmentRef ref;
    std::optional<BlobState> here;      // what this device holds of it
    std::optional<BlobState> thumbHere; // of its thumbnail (none when it has none)
};
Result<std::vector<AttachedFile>> attachmentsOf(Replica &replica, BlobStore &blobs, const std::string &recordId);

// Where a file is, as the person holding the device needs to know it; one
// rule for kyodoctl and the app's gallery strip:
//   OnlyHere ──▶ Uploading n% ──▶ OnServer       (attached here)
//   NotHere / ThumbnailOnly ──▶ Downloading n% ──▶ OnServer   (fetched)
// A file not here is not said to be on the server: the device that attached
// it may not have sent it yet.
enum class FilePlace { OnlyHere, Uploading, OnServer, Downloading, ThumbnailOnly, NotHere };
struct FileWhere {
    FilePlace place = FilePlace::NotHere;
    std::int64_t percent = 0; // of Uploading and Downloading
};
// `moving`: the file queue is sending or fetching this very file now (a file
// of one chunk has no chunk confirmed until it is all there).
FileWhere whereIs(const std::optional<BlobState> &here, const std::optional<BlobState> &thumbHere, bool moving = false);

// The entry of a file some record on this device names (its size, type, name).
std::optional<AttachmentRef> findAttachment(Replica &replica, const std::string &sha256);

// The name a file is written under for another program (the system's PDF
// viewer) to open: its listed name's stem with the extension of the kind
// its first bytes show, so that neither a record's name ("議事録.html",
// "a.desktop") nor its type picks the program. Refused when the bytes are
// not of a kind with a signature or not the kind the record says.
Result<std::string> nameToOpenWith(const AttachmentRef &ref, std::string_view head);

// Today in Japan, YYYY-MM-DD: the day papers are fetched ahead of.
std::string todayInJapan();

} // namespace kyodo
