#include "attach.h"

#include "imagelocation.h"
#include "jpegthumb.h"
#include "messages.h"
#include "phototime.h"
#include "wholefile.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace kyodo {

namespace {

std::string lowerExtension(const std::string &name)
{
    const auto dot = name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::string headOf(const std::string &path, std::size_t bytes)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(bytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
    return head;
}

// The field of a live record on this device, which must take attachments.
Result<std::pair<ViewRecord, const FieldDef *>> attachmentField(Replica &replica, const std::string &recordId,
                                                                const std::string &field)
{
    auto record = replica.get(recordId);
    if (!record)
        return record.error();
    if (!*record || (*record)->deleted())
        return errorOf(Msg::RecordNotOnDevice, {recordId});
    const TypeDef *type = replica.schemas() ? replica.schemas()->type((*record)->type) : nullptr;
    const FieldDef *def = type ? type->field(field) : nullptr;
    if (!def || def->type != FieldType::Attachments)
        return errorOf(Msg::FieldNotAttachments, {field});
    return std::make_pair(std::move(**record), def);
}

// A picture read from its file as it is to be stored: read once, given its
// preview here, on the device that attaches it, as one picked in the app is
// (only a JPEG is decoded here; one that does not decode goes without, and
// lists show its name), and without the place it was taken unless the
// field asks for it.
struct PreparedPicture {
    std::string bytes;
    std::optional<std::string> preview;
};

// Why a picture removeImageLocation refused goes no further: damaged (a kind
// it reads, cut short or broken), or of a kind whose places it does not know.
Error pictureRefused(const std::string &name, const std::string &mime, std::string_view bytes)
{
    return knownPictureKind(bytes) ? errorOf(Msg::AttachmentDamaged, {name})
                                   : errorOf(Msg::PhotoUnreadable, {name, mime});
}

Result<PreparedPicture> preparePicture(const std::string &path, const AttachmentRef &checked, bool keepLocation)
{
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(checked.size) + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.gcount() != checked.size) // cut or grown since its size was taken
        return errorOf(Msg::AttachmentUnreadable, {path});
    bytes.pop_back();
    PreparedPicture out;
    if (checked.thumb.empty() && checked.mime == "image/jpeg")
        out.preview = jpegThumbnail(bytes);
    if (!keepLocation && !removeImageLocation(bytes))
        return pictureRefused(checked.name, checked.mime, bytes);
    out.bytes = std::move(bytes);
    return out;
}

// The picture, then its preview, so a picture the store refuses leaves no preview behind.
Result<AttachmentRef> storePicture(BlobStore &blobs, const PreparedPicture &picture, const AttachmentRef &checked)
{
    auto stored = blobs.addBytes(picture.bytes, checked.name, checked.mime);
    if (!stored)
        return stored.error();
    AttachmentRef out = checked;
    out.sha256 = stored->sha256;
    out.size = stored->size;
    if (picture.preview) {
        auto thumb = blobs.addBytes(*picture.preview, "thumb-" + checked.name, "image/jpeg");
        if (!thumb)
            return thumb.error();
        out.thumb = thumb->sha256;
    }
    return out;
}

// Said to be a picture, or one by its first bytes whatever it is said to
// be: its location is removed either way.
bool isPicture(const std::string &mime, std::string_view head)
{
    return mime.starts_with("image/") || kindOfBytes(head.substr(0, kKindHeadBytes)).starts_with("image/");
}

// A file whose bytes the list already holds, or that a batch holds twice,
// is refused and said under which name it is there: attaching it again
// would change nothing, and "attached" would not be true.
Status notYetListed(const json &list, const std::vector<AttachmentRef> &files)
{
    std::map<std::string, std::string> listedAs; // sha256 -> its name there
    if (list.is_array())
        for (const json &e : list)
            if (e.is_object() && e.value("sha256", "") != "")
                listedAs.emplace(e.value("sha256", ""), e.value("name", ""));
    for (const AttachmentRef &f : files) {
        const auto [at, fresh] = listedAs.emplace(f.sha256, f.name);
        if (!fresh)
            return errorOf(Msg::AttachmentAlreadyListed, {f.name, at->second});
    }
    return {};
}

std::string sha256OfFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    Sha256Stream hash;
    std::string buffer(static_cast<std::size_t>(kBlobChunkSize), '\0');
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
        hash.add(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    return hash.finishHex();
}

} // namespace

std::string mediaTypeOf(const std::string &fileName, std::string_view head)
{
    if (std::string kind = kindOfBytes(head); !kind.empty())
        return kind;
    static const std::map<std::string, std::string> byExtension = {
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"png", "image/png"},
        {"pdf", "application/pdf"},
        {"txt", "text/plain"},
        {"csv", "text/csv"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    };
    const auto it = byExtension.find(lowerExtension(fileName));
    // A file that says it is an image or a PDF and is not one is not taken on its word.
    if (it != byExtension.end() && !it->second.starts_with("image/") && it->second != "application/pdf")
        return it->second;
    return "application/octet-stream";
}

Result<std::vector<AttachmentRef>> attachFiles(Replica &replica, BlobStore &blobs, const std::string &recordId,
                                               const std::string &field, const std::vector<FileToAttach> &files)
{
    auto target = attachmentField(replica, recordId, field);
    if (!target)
        return target.error();
    const FieldDef *def = target->second;
    // What the record's edit would refuse is refused before a byte is
    // stored: a scope granted for reading only, a list grown past its most.
    if (Status st = replica.checkWritable(target->first.scope); !st)
        return st.error();
    const json listed = target->first.fields.value(field, json::array());
    if ((listed.is_array() ? listed.size() : 0) + files.size() > kMaxAttachmentsPerField)
        return errorOf(Msg::AttachmentsTooMany, {MessageArg::perLanguage(def->labelJa, def->labelEn),
                                                 static_cast<std::int64_t>(kMaxAttachmentsPerField)});
    // Every file is checked first (a picture read and made ready): one
    // refused file attaches none.
    std::vector<AttachmentRef> checked;
    std::vector<std::optional<PreparedPicture>> pictures;
    for (const FileToAttach &f : files) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(f.path, ec);
        if (ec || !std::filesystem::is_regular_file(f.path, ec))
            return errorOf(Msg::AttachmentUnreadable, {f.path});
        if (size == 0)
            return errorOf(Msg::AttachmentEmpty, {f.path});
        AttachmentRef candidate;
        candidate.name = f.name.empty() ? std::filesystem::path(f.path).filename().string() : f.name;
        const std::string head = headOf(f.path, kKindHeadBytes);
        candidate.mime = f.mime.empty() ? mediaTypeOf(candidate.name, head) : f.mime;
        candidate.size = static_cast<std::int64_t>(size);
        candidate.sha256 = std::string(64, '0'); // stands in until the bytes are read
        candidate.takenAt = f.takenAt;
        if (candidate.takenAt.empty() &&
            (candidate.mime == "image/jpeg" || candidate.mime == "image/png" || candidate.mime == "image/webp"))
            candidate.takenAt = photoTakenAt(headOf(f.path, kPhotoTimeHeadBytes)).value_or("");
        candidate.thumb = f.thumbSha256;
        if (!bytesMayBe(candidate.mime, head))
            return errorOf(Msg::AttachmentKindMismatch, {candidate.name, candidate.mime});
        // A kind whose places are not known here (an iPhone's HEIC): told
        // so, and what to do, rather than only that the field does not take it.
        if (candidate.mime == "image/heic" && !def->keepLocation)
            return errorOf(Msg::PhotoUnreadable, {candidate.name, candidate.mime});
        if (auto ok = parseAttachments(*def, json::array({candidate.toJson()})); !ok)
            return ok.error();
        std::ifstream in(f.path, std::ios::binary);
        const bool whole = hasItsEnd(candidate.mime, candidate.size, [&in](std::int64_t offset, std::int64_t length) {
            std::string bytes(static_cast<std::size_t>(length), '\0');
            in.clear();
            in.seekg(offset);
            in.read(bytes.data(), static_cast<std::streamsize>(length));
            bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
            return bytes;
        });
        if (!whole)
            return errorOf(Msg::AttachmentDamaged, {candidate.name});
        pictures.emplace_back();
        if (isPicture(candidate.mime, head)) {
            auto picture = preparePicture(f.path, candidate, def->keepLocation);
            if (!picture)
                return picture.error();
            // The limit holds for what is stored (an EXIF block of its own may be longer).
            candidate.size = static_cast<std::int64_t>(picture->bytes.size());
            if (auto ok = parseAttachments(*def, json::array({candidate.toJson()})); !ok)
                return ok.error();
            pictures.back() = std::move(*picture);
        }
        checked.push_back(candidate);
    }
    // The bytes as they would be stored, so a file already there is said before anything is.
    for (std::size_t i = 0; i < files.size(); ++i)
        checked[i].sha256 = pictures[i] ? sha256Hex(pictures[i]->bytes) : sha256OfFile(files[i].path);
    if (Status st = notYetListed(listed, checked); !st)
        return st.error();
    std::vector<AttachmentRef> added;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (pictures[i]) {
            auto photo = storePicture(blobs, *pictures[i], checked[i]);
            if (!photo)
                return photo.error();
            added.push_back(*photo);
            continue;
        }
        auto stored = blobs.addFile(files[i].path, checked[i].name, checked[i].mime);
        if (!stored)
            return stored.error();
        added.push_back(checked[i]);
        added.back().sha256 = stored->sha256;
        added.back().size = stored->size;
    }
    if (Status st = attachStaged(replica, blobs, recordId, field, added); !st)
        return st.error();
    return added;
}

namespace {

// stageBytes; with `listed`, bytes already there are refused before any is stored.
Result<std::vector<AttachmentRef>> stageBytesNotIn(BlobStore &blobs, const FieldDef &field,
                                                   const std::vector<BytesToAttach> &files, const json *listed)
{
    std::vector<AttachmentRef> checked;
    std::vector<std::pair<std::string, std::string>> contents; // what is stored of each and its preview
    for (const BytesToAttach &f : files) {
        AttachmentRef candidate;
        candidate.name = f.name;
        candidate.mime =
            f.mime.empty() ? mediaTypeOf(f.name, std::string_view(f.bytes).substr(0, kKindHeadBytes)) : f.mime;
        candidate.size = static_cast<std::int64_t>(f.bytes.size());
        candidate.sha256 = std::string(64, '0'); // stands in until the bytes are stored
        candidate.takenAt = f.takenAt;
        if (!f.thumbJpeg.empty())
            candidate.thumb = std::string(64, '0');
        if (f.bytes.empty())
            return errorOf(Msg::AttachmentEmpty, {f.name});
        if (auto ok = parseAttachments(field, json::array({candidate.toJson()})); !ok)
            return ok.error();
        // The server holds a file's first bytes to its kind, and a preview to a JPEG's.
        if (!bytesMayBe(candidate.mime, f.bytes))
            return errorOf(Msg::AttachmentKindMismatch, {f.name, candidate.mime});
        if (!f.thumbJpeg.empty() && !bytesMayBe("image/jpeg", f.thumbJpeg))
            return errorOf(Msg::AttachmentKindMismatch, {"thumb-" + f.name, "image/jpeg"});
        if (!hasItsEnd(candidate.mime, f.bytes))
            return errorOf(Msg::AttachmentDamaged, {f.name});
        // The app sends a photo it could decode drawn anew, with no
        // metadata; what it could not decode, or a caller of its own, is
        // held to the same rule as a file attached by path, and so is the
        // preview, whoever made it.
        std::string bytes = f.bytes, preview = f.thumbJpeg;
        if (isPicture(candidate.mime, bytes) && !field.keepLocation && !removeImageLocation(bytes))
            return pictureRefused(f.name, candidate.mime, bytes);
        if (!preview.empty() && !removeImageLocation(preview))
            return pictureRefused(f.name, candidate.mime, preview);
        candidate.size = static_cast<std::int64_t>(bytes.size());
        if (auto ok = parseAttachments(field, json::array({candidate.toJson()})); !ok)
            return ok.error();
        checked.push_back(candidate);
        contents.push_back({std::move(bytes), std::move(preview)});
    }
    if (listed) {
        std::vector<AttachmentRef> hashed = checked;
        for (std::size_t i = 0; i < hashed.size(); ++i)
            hashed[i].sha256 = sha256Hex(contents[i].first);
        if (Status st = notYetListed(*listed, hashed); !st)
            return st.error();
    }
    std::vector<AttachmentRef> stored;
    for (std::size_t i = 0; i < files.size(); ++i) {
        AttachmentRef ref = checked[i];
        auto kept = blobs.addBytes(contents[i].first, ref.name, ref.mime);
        if (!kept)
            return kept.error();
        ref.sha256 = kept->sha256;
        ref.size = kept->size;
        if (!contents[i].second.empty()) { // after the file, as storePicture
            auto thumb = blobs.addBytes(contents[i].second, "thumb-" + ref.name, "image/jpeg");
            if (!thumb)
                return thumb.error();
            ref.thumb = thumb->sha256;
        }
        stored.push_back(ref);
    }
    return stored;
}

} // namespace

Result<std::vector<AttachmentRef>> stageBytes(BlobStore &blobs, const FieldDef &field,
                                              const std::vector<BytesToAttach> &files)
{
    return stageBytesNotIn(blobs, field, files, nullptr);
}

Status attachStaged(Replica &replica, BlobStore &blobs, const std::string &recordId, const std::string &field,
                    const std::vector<AttachmentRef> &files)
{
    auto target = attachmentField(replica, recordId, field);
    if (!target)
        return target.error();
    const auto &[record, def] = *target;
    json list = record.fields.value(field, json::array());
    if (!list.is_array())
        list = json::array();
    for (const AttachmentRef &ref : files) {
        // The bytes must be here: a draft restored on another install, or a
        // file gone from the store, is refused rather than named without bytes.
        const auto here = blobs.state(ref.sha256);
        if (!here || !here->complete)
            return errorOf(Msg::AttachmentUnreadable, {ref.name});
        if (auto ok = parseAttachments(*def, json::array({ref.toJson()})); !ok)
            return ok.error();
        const bool listed =
            std::any_of(list.begin(), list.end(), [&](const json &e) { return e.value("sha256", "") == ref.sha256; });
        if (!listed)
            list.push_back(ref.toJson());
    }
    return replica.edit(recordId, json{{field, list}});
}

namespace {

// The file and preview one entry of an attachments list names, by hash.
std::vector<std::string> hashesOf(const json &entry)
{
    std::vector<std::string> out;
    if (entry.is_object())
        for (const char *key : {"sha256", "thumb"})
            if (entry.contains(key) && entry[key].is_string())
                out.push_back(entry[key].get<std::string>());
    return out;
}

} // namespace

Status newFilesAreHere(BlobStore *blobs, const TypeDef &type, const json &fields, const json &before)
{
    for (const FieldDef &def : type.fields) {
        if (def.type != FieldType::Attachments || !fields.contains(def.key) || !fields[def.key].is_array())
            continue;
        std::set<std::string> had;
        if (before.is_object() && before.contains(def.key) && before[def.key].is_array())
            for (const json &e : before[def.key])
                for (const std::string &sha : hashesOf(e))
                    had.insert(sha);
        for (const json &e : fields[def.key]) {
            for (const std::string &sha : hashesOf(e)) {
                if (had.count(sha))
                    continue;
                const auto here = blobs ? blobs->state(sha) : std::nullopt;
                if (!here || !here->complete)
                    return errorOf(Msg::AttachmentUnreadable,
                                   {e.contains("name") && e["name"].is_string() ? e["name"].get<std::string>() : sha});
            }
        }
    }
    return {};
}

Result<std::vector<AttachmentRef>> attachBytes(Replica &replica, BlobStore &blobs, const std::string &recordId,
                                               const std::string &field, const std::vector<BytesToAttach> &files)
{
    auto target = attachmentField(replica, recordId, field);
    if (!target)
        return target.error();
    const json listed = target->first.fields.value(field, json::array());
    auto staged = stageBytesNotIn(blobs, *target->second, files, &listed);
    if (!staged)
        return staged.error();
    if (Status st = attachStaged(replica, blobs, recordId, field, *staged); !st)
        return st.error();
    return staged;
}

Status detachFile(Replica &replica, const std::string &recordId, const std::string &field, const std::string &sha256)
{
    auto target = attachmentField(replica, recordId, field);
    if (!target)
        return target.error();
    json list = target->first.fields.value(field, json::array());
    if (!list.is_array())
        list = json::array();
    const auto before = list.size();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const json &e) { return e.is_object() && e.value("sha256", "") == sha256; }),
               list.end());
    if (list.size() == before)
        return errorOf(Msg::AttachmentNotListed, {sha256});
    return replica.edit(recordId, json{{field, list}});
}

Result<std::string> nameToOpenWith(const AttachmentRef &ref, std::string_view head)
{
    const std::string kind = kindOfBytes(head);
    if (kind.empty() || kind != ref.mime)
        return errorOf(Msg::AttachmentKindMismatch, {ref.name, ref.mime});
    const std::string base = std::filesystem::path(ref.name).filename().string();
    const std::size_t dot = base.rfind('.');
    std::string stem = dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
    const std::string extension = "." + extensionOfKind(kind);
    // A file name holds 255 bytes: a long stem is cut at a character's start.
    if (stem.size() + extension.size() > 255) {
        std::size_t cut = 255 - extension.size();
        while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80)
            --cut;
        stem.resize(cut);
    }
    return (stem.empty() ? std::string("file") : stem) + extension;
}

std::optional<AttachmentRef> findAttachment(Replica &replica, const std::string &sha256)
{
    const SchemaSet *schemas = replica.schemas();
    if (!schemas || !isSha256Hex(sha256))
        return std::nullopt;
    for (const auto &[id, plugin] : schemas->plugins())
        for (const TypeDef &type : plugin.types) {
            if (!hasAttachmentFields(type))
                continue;
            auto records = replica.list(type.id, "", false);
            if (!records)
                continue;
            std::optional<AttachmentRef> found;
            for (const ViewRecord &r : *records) {
                forEachListedFile(type, r.fields, [&](const ListedFile &file) {
                    if (found)
                        return;
                    if (file.sha256 == sha256)
                        found = AttachmentRef{sha256,    file.entry.value("name", ""),     file.entry.value("mime", ""),
                                              file.size, file.entry.value("taken_at", ""), {}};
                    else if (file.thumb == sha256) // a preview: one chunk, its size unknown
                        found = AttachmentRef{sha256, "thumb-" + file.entry.value("name", ""), "image/jpeg", 0, {}, {}};
                });
                if (found)
                    return found;
            }
        }
    return std::nullopt;
}

std::string todayInJapan()
{
    const std::time_t japan = std::time(nullptr) + 9 * 3600; // JST has no daylight saving
    std::tm t{};
    gmtime_r(&japan, &t);
    char day[11];
    std::strftime(day, sizeof day, "%Y-%m-%d", &t);
    return day;
}

Result<std::vector<AttachedFile>> attachmentsOf(Replica &replica, BlobStore &blobs, const std::string &recordId)
{
    auto record = replica.get(recordId);
    if (!record)
        return record.error();
    if (!*record)
        return errorOf(Msg::RecordNotOnDevice, {recordId});
    const TypeDef *type = replica.schemas() ? replica.schemas()->type((*record)->type) : nullptr;
    std::vector<AttachedFile> out;
    if (!type)
        return out;
    for (const FieldDef &f : type->fields) {
        if (f.type != FieldType::Attachments || !(*record)->fields.contains(f.key))
            continue;
        FieldDef lenient = f; // what the record holds is shown even if the schema has since narrowed
        lenient.accept = {"*/*"};
        lenient.maxBytes = kMaxAttachmentMb * 1024 * 1024;
        for (const json &e : (*record)->fields[f.key]) {
            auto one = parseAttachments(lenient, json::array({e}));
            if (!one || one->empty())
                continue;
            const AttachmentRef &ref = one->front();
            out.push_back(
                {f.key, ref, blobs.state(ref.sha256), ref.thumb.empty() ? std::nullopt : blobs.state(ref.thumb)});
        }
    }
    return out;
}

FileWhere whereIs(const std::optional<BlobState> &here, const std::optional<BlobState> &thumbHere, bool moving)
{
    if (here && here->local && !here->uploaded) {
        if (here->sentChunks > 0 || moving)
            return {FilePlace::Uploading, here->percentSent()};
        return {FilePlace::OnlyHere};
    }
    if (here && here->complete)
        return {FilePlace::OnServer, 100};
    // Asked for (opened, a paper of an upcoming meeting) or arriving; an evicted file is neither.
    if (here && (here->chunksHere > 0 || here->wanted || moving))
        return {FilePlace::Downloading, here->percentHere()};
    if (thumbHere && thumbHere->complete)
        return {FilePlace::ThumbnailOnly};
    return {FilePlace::NotHere};
}

} // namespace kyodo
