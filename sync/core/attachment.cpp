#include "attachment.h"

#include "messages.h"

#include <openssl/evp.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

namespace kyodo {

namespace {

std::string toHex(const unsigned char *bytes, unsigned length)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned i = 0; i < length; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

Error aboutField(const FieldDef &def, Error e)
{
    e.field = def.key;
    e.detail = "field " + def.key;
    return e;
}

Error malformed(const FieldDef &def, const std::string &what)
{
    return aboutField(def,
                      errorOf(Msg::AttachmentMalformed, {MessageArg::perLanguage(def.labelJa, def.labelEn), what}));
}

bool dateTimeText(const json &value)
{
    FieldDef asDateTime;
    asDateTime.type = FieldType::DateTime;
    return validateFieldValue(asDateTime, value).ok();
}

// A name is shown and used as a download's file name: UTF-8, no paths, no
// control characters (C0, DEL, C1), no invisible format characters (a
// right-to-left override shows "bidi\u202Efdp.exe" as "bidiexe.pdf"; a
// zero-width space makes two names that read alike), and something other
// than blanks before its extension.
bool plainName(const std::string &name)
{
    if (name.empty() || name.size() > 255 || name == "." || name == "..")
        return false;
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(name.data());
    const auto length = static_cast<std::int32_t>(name.size());
    bool visibleStem = false;
    const std::size_t extension = name.rfind('.');
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t at = i;
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0 || c == '/' || c == '\\')
            return false;
        const std::int8_t kind = u_charType(c);
        if (kind == U_CONTROL_CHAR || kind == U_FORMAT_CHAR || kind == U_LINE_SEPARATOR ||
            kind == U_PARAGRAPH_SEPARATOR || kind == U_UNASSIGNED || kind == U_PRIVATE_USE_CHAR)
            return false;
        if ((extension == std::string::npos || static_cast<std::size_t>(at) < extension) && !u_isUWhiteSpace(c))
            visibleStem = true;
    }
    return visibleStem;
}

bool mediaType(const std::string &mime)
{
    const auto slash = mime.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == mime.size() || mime.size() > 100)
        return false;
    return std::all_of(mime.begin(), mime.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '+' || c == '-';
    });
}

std::map<std::string, json> bySha(const json &list)
{
    std::map<std::string, json> out;
    if (list.is_array())
        for (const json &e : list)
            if (e.is_object() && e.contains("sha256") && e["sha256"].is_string())
                out.emplace(e["sha256"].get<std::string>(), e);
    return out;
}

} // namespace

json AttachmentRef::toJson() const
{
    json j = {{"sha256", sha256}, {"name", name}, {"mime", mime}, {"size", size}};
    if (!takenAt.empty())
        j["taken_at"] = takenAt;
    if (!thumb.empty())
        j["thumb"] = thumb;
    return j;
}

bool isSha256Hex(std::string_view text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Sha256Stream::Sha256Stream() : m_ctx(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX *>(m_ctx), EVP_sha256(), nullptr);
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX *>(m_ctx)); }

void Sha256Stream::add(std::string_view bytes)
{
    EVP_DigestUpdate(static_cast<EVP_MD_CTX *>(m_ctx), bytes.data(), bytes.size());
}

std::string Sha256Stream::finishHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX *>(m_ctx), digest, &length);
    return toHex(digest, length);
}

std::string sha256Hex(std::string_view bytes)
{
    Sha256Stream s;
    s.add(bytes);
    return s.finishHex();
}

std::int64_t chunkCount(std::int64_t size) { return size <= 0 ? 0 : (size + kBlobChunkSize - 1) / kBlobChunkSize; }

std::int64_t chunkLength(std::int64_t size, std::int64_t index)
{
    if (index < 0 || index >= chunkCount(size))
        return 0;
    return std::min(kBlobChunkSize, size - index * kBlobChunkSize);
}

std::string kindOfBytes(std::string_view head)
{
    if (head.starts_with("\xFF\xD8\xFF"))
        return "image/jpeg";
    if (head.starts_with("\x89PNG\r\n\x1A\n"))
        return "image/png";
    if (head.starts_with("GIF87a") || head.starts_with("GIF89a"))
        return "image/gif";
    if (head.starts_with("%PDF-"))
        return "application/pdf";
    if (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP")
        return "image/webp";
    if (head.size() >= 12 && head.substr(4, 4) == "ftyp" &&
        (head.substr(8, 4) == "heic" || head.substr(8, 4) == "mif1"))
        return "image/heic";
    return {};
}

std::string extensionOfKind(std::string_view mime)
{
    static const std::map<std::string, std::string, std::less<>> kExtensions = {
        {"application/pdf", "pdf"}, {"image/gif", "gif"}, {"image/heic", "heic"},
        {"image/jpeg", "jpg"},      {"image/png", "png"}, {"image/webp", "webp"},
    };
    const auto it = kExtensions.find(mime);
    return it == kExtensions.end() ? std::string() : it->second;
}

bool bytesMayBe(std::string_view mime, std::string_view head)
{
    return extensionOfKind(mime).empty() || kindOfBytes(head) == mime;
}

bool mimeAccepted(const std::vector<std::string> &accept, std::string_view mime)
{
    // "image/*" means the pictures Kyodo shows and takes the place out of;
    // an SVG (which may carry script) or a kind no device here reads is
    // taken only where a plugin names it.
    static constexpr std::string_view kPictures[] = {"image/jpeg", "image/png", "image/webp", "image/gif"};
    for (const std::string &a : accept) {
        if (a == mime || a == "*/*")
            return true;
        if (a == "image/*") {
            if (std::find(std::begin(kPictures), std::end(kPictures), mime) != std::end(kPictures))
                return true;
            continue;
        }
        if (a.size() > 2 && a.ends_with("/*") && mime.size() > a.size() - 1 &&
            mime.starts_with(a.substr(0, a.size() - 1)))
            return true;
    }
    return false;
}

std::string humanSize(std::int64_t bytes)
{
    char text[32];
    if (bytes < 1024)
        std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
    else if (bytes < 1024 * 1024)
        std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024);
    else
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
    return text;
}

Result<std::vector<AttachmentRef>> parseAttachments(const FieldDef &def, const json &value)
{
    if (!value.is_array())
        return aboutField(def,
                          errorOf(Msg::FieldNeedsAttachments, {MessageArg::perLanguage(def.labelJa, def.labelEn)}));
    if (value.size() > kMaxAttachmentsPerField)
        return aboutField(def, errorOf(Msg::AttachmentsTooMany, {MessageArg::perLanguage(def.labelJa, def.labelEn),
                                                                 static_cast<std::int64_t>(kMaxAttachmentsPerField)}));
    std::vector<AttachmentRef> out;
    std::set<std::string> seen;
    for (const json &e : value) {
        if (!e.is_object())
            return malformed(def, "an entry is not an object");
        for (const auto &[key, v] : e.items())
            if (key != "sha256" && key != "name" && key != "mime" && key != "size" && key != "taken_at" &&
                key != "thumb")
                return malformed(def, "unknown key '" + key + "'");
        AttachmentRef a;
        if (!e.contains("sha256") || !e["sha256"].is_string() || !isSha256Hex(e["sha256"].get<std::string>()))
            return malformed(def, "sha256 must be 64 lowercase hex digits");
        a.sha256 = e["sha256"].get<std::string>();
        if (!seen.insert(a.sha256).second)
            return malformed(def, "the same file is listed twice");
        if (!e.contains("name") || !e["name"].is_string() || !plainName(e["name"].get<std::string>()))
            return aboutField(def,
                              errorOf(Msg::AttachmentNameRefused, {MessageArg::perLanguage(def.labelJa, def.labelEn)}));
        a.name = e["name"].get<std::string>();
        if (!e.contains("mime") || !e["mime"].is_string() || !mediaType(e["mime"].get<std::string>()))
            return malformed(def, "mime must be a media type such as image/jpeg");
        a.mime = e["mime"].get<std::string>();
        if (!e.contains("size") || !e["size"].is_number_integer() || e["size"].get<std::int64_t>() < 1)
            return malformed(def, "size must be a positive number of bytes");
        a.size = e["size"].get<std::int64_t>();
        if (e.contains("taken_at")) {
            if (!dateTimeText(e["taken_at"]))
                return malformed(def, "taken_at must be a date and time");
            a.takenAt = e["taken_at"].get<std::string>();
        }
        if (e.contains("thumb")) {
            if (!e["thumb"].is_string() || !isSha256Hex(e["thumb"].get<std::string>()))
                return malformed(def, "thumb must be 64 lowercase hex digits");
            a.thumb = e["thumb"].get<std::string>();
        }
        const MessageArg field = MessageArg::perLanguage(def.labelJa, def.labelEn);
        if (!mimeAccepted(def.accept, a.mime)) {
            std::string accepted;
            for (const std::string &m : def.accept)
                accepted += (accepted.empty() ? "" : ", ") + m;
            return aboutField(def, errorOf(Msg::AttachmentTypeRefused, {field, a.name, a.mime, accepted}));
        }
        if (a.size > def.maxBytes)
            return aboutField(
                def, errorOf(Msg::AttachmentTooLarge, {field, a.name, humanSize(a.size), humanSize(def.maxBytes)}));
        out.push_back(std::move(a));
    }
    return out;
}

json mergeAttachmentLists(const json &server, const json &seen, const json &mine)
{
    const auto seenBySha = bySha(seen);
    const auto mineBySha = bySha(mine);
    json out = json::array();
    std::set<std::string> listed;
    for (const json &e : server.is_array() ? server : json::array()) {
        const std::string sha = e.value("sha256", "");
        const bool removedByEditor = seenBySha.count(sha) && !mineBySha.count(sha);
        if (removedByEditor || !listed.insert(sha).second)
            continue;
        const auto mineEntry = mineBySha.find(sha);
        const auto seenEntry = seenBySha.find(sha);
        const bool changedByEditor =
            mineEntry != mineBySha.end() && (seenEntry == seenBySha.end() || seenEntry->second != mineEntry->second);
        out.push_back(changedByEditor ? mineEntry->second : e);
    }
    for (const json &e : mine.is_array() ? mine : json::array()) {
        const std::string sha = e.value("sha256", "");
        if (!seenBySha.count(sha) && listed.insert(sha).second)
            out.push_back(e);
    }
    return out;
}

bool hasAttachmentFields(const TypeDef &type)
{
    return std::any_of(type.fields.begin(), type.fields.end(),
                       [](const FieldDef &f) { return f.type == FieldType::Attachments; });
}

void forEachListedFile(const TypeDef &type, const json &fields, const std::function<void(const ListedFile &)> &visit)
{
    if (!fields.is_object())
        return;
    for (const FieldDef &f : type.fields) {
        const auto list = fields.find(f.key);
        if (f.type != FieldType::Attachments || list == fields.end() || !list->is_array())
            continue;
        for (const json &e : *list) {
            if (!e.is_object())
                continue;
            const auto sha = e.find("sha256");
            if (sha == e.end() || !sha->is_string() || !isSha256Hex(sha->get<std::string>()))
                continue;
            const auto thumb = e.find("thumb");
            const auto size = e.find("size");
            visit({f, e, sha->get<std::string>(),
                   thumb != e.end() && thumb->is_string() && isSha256Hex(thumb->get<std::string>())
                       ? thumb->get<std::string>()
                       : std::string(),
                   size != e.end() && size->is_number_integer() ? size->get<std::int64_t>() : 0});
        }
    }
}

std::map<std::string, ListedBlob> blobsListed(const TypeDef &type, const json &fields)
{
    std::map<std::string, std::int64_t> sizes;
    std::map<std::string, std::set<std::string>> kinds;
    forEachListedFile(type, fields, [&](const ListedFile &file) {
        sizes[file.sha256] = std::max(sizes[file.sha256], file.size);
        const auto mime = file.entry.find("mime");
        if (mime != file.entry.end() && mime->is_string())
            kinds[file.sha256].insert(mime->get<std::string>());
        if (!file.thumb.empty()) {
            sizes.emplace(file.thumb, 0); // a thumbnail: one chunk, its size unknown
            kinds[file.thumb].insert("image/jpeg");
        }
    });
    std::map<std::string, ListedBlob> out;
    for (const auto &[sha, size] : sizes) {
        ListedBlob &b = out[sha];
        b.size = size;
        for (const std::string &k : kinds[sha])
            b.kinds += (b.kinds.empty() ? "" : " ") + k;
    }
    return out;
}

std::vector<std::string> listedKinds(const std::string &kinds)
{
    std::vector<std::string> out;
    for (std::size_t at = 0; at < kinds.size();) {
        const std::size_t end = std::min(kinds.find(' ', at), kinds.size());
        if (end > at)
            out.push_back(kinds.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

std::set<std::string> referencedBlobs(const TypeDef &type, const json &fields)
{
    std::set<std::string> out;
    forEachListedFile(type, fields, [&](const ListedFile &file) {
        out.insert(file.sha256);
        if (!file.thumb.empty())
            out.insert(file.thumb);
    });
    return out;
}

} // namespace kyodo
