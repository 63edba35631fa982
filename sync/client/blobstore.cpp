#include "blobstore.h"

#include "emptywal.h"

#include "messages.h"
#include "replicakey.h"

#include <algorithm>
#include <ctime>
#include <fstream>

namespace kyodo {

namespace {

const char *const kBlobTables = R"SQL(
CREATE TABLE IF NOT EXISTS blobs(
  sha TEXT PRIMARY KEY, size INTEGER NOT NULL,
  local INTEGER NOT NULL DEFAULT 0,     -- attached on this device
  uploaded INTEGER NOT NULL DEFAULT 0,  -- the server has all of it for our scope
  sent INTEGER NOT NULL DEFAULT 0,      -- chunks the server confirmed
  complete INTEGER NOT NULL DEFAULT 0,  -- every chunk here, hash checked
  pinned INTEGER NOT NULL DEFAULT 0,
  named INTEGER NOT NULL DEFAULT 0,     -- a record here has named it
  added_at INTEGER NOT NULL, used_at INTEGER NOT NULL, wanted_at INTEGER);
CREATE TABLE IF NOT EXISTS blob_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chunks(
  sha TEXT NOT NULL REFERENCES blobs(sha) ON DELETE CASCADE, idx INTEGER NOT NULL, bytes BLOB NOT NULL,
  UNIQUE(sha, idx));
)SQL";

// Chunk files (chunkfiles.h): a store made before them keeps its bytes in
// `chunks.bytes` (len NULL) and is read as it is; what comes now is sealed in
// a file (bytes empty, len its length) under the blob's seal.
struct AddedColumn {
    const char *table, *column, *type;
};
constexpr AddedColumn kChunkFileColumns[] = {
    {"chunks", "len", "INTEGER"}, {"blobs", "seal_name", "TEXT"}, {"blobs", "seal_key", "BLOB"}};

bool hasColumn(SqliteDb &db, const AddedColumn &c)
{
    Statement st = db.prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name=?");
    st.bind(1, c.table).bind(2, c.column);
    return st.step() && st.integer(0) > 0;
}

// All of them or none (a device killed half-way, two connections opening an
// old store at once): checked again under the write lock.
void addChunkFileColumns(SqliteDb &db)
{
    auto missing = [&](const AddedColumn &c) { return !hasColumn(db, c); };
    if (std::none_of(std::begin(kChunkFileColumns), std::end(kChunkFileColumns), missing))
        return;
    Transaction tx(db);
    for (const AddedColumn &c : kChunkFileColumns)
        if (missing(c))
            db.exec(std::string("ALTER TABLE ") + c.table + " ADD COLUMN " + c.column + " " + c.type);
    tx.commit();
}

// The code of a chunk that is not here whole (gone, cut short, not what was
// sealed there), as against a disk that cannot be read right now.
bool isLost(const Error &e) { return e.code == messageInfo(Msg::AttachmentNotOnDevice).code; }

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

template <typename F>
auto guarded(F &&f) -> decltype(f())
{
    try {
        return f();
    } catch (const std::exception &e) {
        return errorOf(Msg::DeviceDatabaseError, {e.what()});
    }
}

} // namespace

std::int64_t BlobState::percentHere() const
{
    const std::int64_t n = chunkCount(size);
    return n == 0 ? 100 : chunksHere * 100 / n;
}

std::int64_t BlobState::percentSent() const
{
    const std::int64_t n = chunkCount(size);
    return uploaded || n == 0 ? 100 : sentChunks * 100 / n;
}

BlobStore::BlobStore(SqliteDb db, const std::string &path) : m_db(std::move(db)), m_files(path + ".d") {}

Result<std::unique_ptr<BlobStore>> BlobStore::openBeside(const std::string &replicaPath)
{
    auto key = replicaKey(replicaPath);
    if (!key)
        return key.error();
    return open(pathBeside(replicaPath), keyFrom(*key));
}

DbKey BlobStore::keyFrom(const DbKey &replicaKey)
{
    DbKey key = replicaKey;
    // SQLCipher's own 4 KiB pages: the bytes are in chunk files, so a chunk
    // landing rewrites a few small rows. A store made when the bytes were in
    // its pages has 64 KiB ones, which each such write encrypted whole.
    key.cipherPageSize = 0;
    key.formerPageSize = 65536;
    key.hmacSha256 = true;
    return key;
}

Result<std::unique_ptr<BlobStore>> BlobStore::open(const std::string &path, const DbKey &key)
{
    try {
        std::unique_ptr<BlobStore> s(new BlobStore(SqliteDb::open(path, key), path));
        s->m_db.enableStatementHook(); // the simulation kills a device between any two statements
        s->m_db.exec("PRAGMA journal_mode=WAL");
        // A chunk written is worth keeping over a power loss: it is not sent again.
        s->m_db.exec("PRAGMA synchronous=NORMAL");
        s->m_db.exec("PRAGMA foreign_keys=ON");
        s->m_db.exec("PRAGMA secure_delete=ON"); // an evicted photo leaves nothing readable
        s->m_db.exec(kBlobTables);
        addChunkFileColumns(s->m_db);
        return s;
    } catch (const SqliteError &e) {
        return errorOf(Msg::CannotOpenDeviceDatabase, {e.what()});
    }
}

Result<AttachmentRef> BlobStore::store(const std::string &sha256, std::int64_t size, const std::string &name,
                                       const std::string &mime,
                                       const std::function<Result<std::string>(std::int64_t)> &chunkAt)
{
    AttachmentRef ref{sha256, name, mime, size, {}, {}};
    return guarded([&]() -> Result<AttachmentRef> {
        Transaction tx(m_db);
        const auto have = state(sha256);
        const std::int64_t t = now();
        m_db.prepare("INSERT INTO blobs(sha,size,local,added_at,used_at) VALUES(?,?,1,?,?) "
                     "ON CONFLICT(sha) DO UPDATE SET local=1, used_at=excluded.used_at")
            .bindAll(sha256, size, t, t)
            .run();
        // Picked again: what is here already stays, unless it no longer reads
        // back whole (picking the photo again mends a damaged copy).
        std::optional<ChunkSeal> old;
        if (!have || !have->complete || !readsBackWhole(sha256, have->size)) {
            // Under a new seal: should this fail half-way, the chunks already
            // here (a download under way) are still theirs, untouched.
            if (have)
                old = forgetBytes(sha256);
            const ChunkSeal seal = sealOf(sha256);
            Sha256Stream check;
            for (std::int64_t i = 0; i < chunkCount(size); ++i) {
                auto bytes = chunkAt(i);
                if (!bytes)
                    return bytes.error();
                if (static_cast<std::int64_t>(bytes->size()) != chunkLength(size, i))
                    return errorOf(Msg::AttachmentBytesMismatch, {name});
                check.add(*bytes);
                // The only copy of what the user picked: on the disk before the row says it is here.
                if (Status st = putSealed(sha256, seal, i, *bytes, true); !st)
                    return st.error();
            }
            if (check.finishHex() != sha256) // the file changed between the two readings
                return errorOf(Msg::AttachmentBytesMismatch, {name});
            m_db.prepare("UPDATE blobs SET complete=1 WHERE sha=?").bind(1, sha256).run();
        }
        tx.commit();
        if (old)
            m_files.remove(old->name, chunkCount(have->size));
        return ref;
    });
}

Result<AttachmentRef> BlobStore::addFile(const std::string &path, const std::string &name, const std::string &mime)
{
    // First reading: the hash and the size; second (in store): the chunks,
    // checked to give the same hash, so a file cut short in between is refused.
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return errorOf(Msg::AttachmentUnreadable, {path});
    Sha256Stream hash;
    std::int64_t size = 0;
    std::string buffer(static_cast<std::size_t>(kBlobChunkSize), '\0');
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        hash.add(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
        size += got;
    }
    if (in.bad())
        return errorOf(Msg::AttachmentUnreadable, {path});
    if (size == 0)
        return errorOf(Msg::AttachmentUnreadable, {path}); // nothing to attach
    const std::string sha = hash.finishHex();
    std::ifstream again(path, std::ios::binary);
    return store(sha, size, name, mime, [&](std::int64_t index) -> Result<std::string> {
        std::string bytes(static_cast<std::size_t>(chunkLength(size, index)), '\0');
        again.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, again.gcount())));
        return bytes;
    });
}

Result<AttachmentRef> BlobStore::addBytes(std::string_view bytes, const std::string &name, const std::string &mime)
{
    if (bytes.empty())
        return errorOf(Msg::AttachmentUnreadable, {name});
    const auto size = static_cast<std::int64_t>(bytes.size());
    return store(sha256Hex(bytes), size, name, mime, [&](std::int64_t index) -> Result<std::string> {
        return std::string(bytes.substr(static_cast<std::size_t>(index * kBlobChunkSize),
                                        static_cast<std::size_t>(chunkLength(size, index))));
    });
}

std::optional<BlobState> BlobStore::state(const std::string &sha256)
{
    Statement st = m_db.prepare("SELECT size, local, uploaded, sent, complete, pinned, "
                                "(SELECT count(*) FROM chunks WHERE chunks.sha=blobs.sha), wanted_at IS NOT NULL "
                                "FROM blobs WHERE sha=?");
    st.bind(1, sha256);
    if (!st.step())
        return std::nullopt;
    BlobState s;
    s.sha256 = sha256;
    s.size = st.integer(0);
    s.local = st.integer(1) != 0;
    s.uploaded = st.integer(2) != 0;
    s.sentChunks = st.integer(3);
    s.complete = st.integer(4) != 0;
    s.pinned = st.integer(5) != 0;
    s.chunksHere = st.integer(6);
    s.wanted = st.integer(7) != 0;
    return s;
}

void BlobStore::touch(const std::string &sha256)
{
    m_db.prepare("UPDATE blobs SET used_at=? WHERE sha=?").bindAll(now(), sha256).run();
}

Result<std::string> BlobStore::read(const std::string &sha256)
{
    return guarded([&]() -> Result<std::string> {
        const auto s = state(sha256);
        if (!s || !s->complete)
            return errorOf(Msg::AttachmentNotOnDevice, {sha256});
        std::string out;
        out.reserve(static_cast<std::size_t>(s->size));
        std::string seal;
        for (std::int64_t i = 0; i < std::max<std::int64_t>(1, chunkCount(s->size)); ++i) {
            auto bytes = chunkHere(sha256, i, &seal);
            if (!bytes)
                return isLost(bytes.error()) ? lostChunk(sha256, seal) : bytes.error();
            out += *bytes;
        }
        if (sha256Hex(out) != sha256)
            return lostChunk(sha256, seal);
        touch(sha256);
        return out;
    });
}

Status BlobStore::writeTo(const std::string &sha256, const std::string &path)
{
    auto bytes = read(sha256);
    if (!bytes)
        return bytes.error();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    out.close();
    if (!out)
        return errorOf(Msg::CannotOpenFile, {path});
    return {};
}

std::vector<std::string> BlobStore::pendingUploads()
{
    std::vector<std::string> out;
    Statement st =
        m_db.prepare("SELECT sha FROM blobs WHERE local=1 AND uploaded=0 AND complete=1 ORDER BY added_at, sha");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

Result<std::string> BlobStore::chunk(const std::string &sha256, std::int64_t index)
{
    return guarded([&]() -> Result<std::string> {
        std::string seal;
        auto bytes = chunkHere(sha256, index, &seal);
        if (!bytes && isLost(bytes.error()))
            return lostChunk(sha256, seal);
        return bytes;
    });
}

Status BlobStore::markSent(const std::string &sha256, std::int64_t chunksOnServer, bool complete)
{
    return guarded([&]() -> Status {
        m_db.prepare("UPDATE blobs SET sent=?, uploaded=? WHERE sha=?")
            .bindAll(chunksOnServer, std::int64_t(complete ? 1 : 0), sha256)
            .run();
        return {};
    });
}

Status BlobStore::recheckUploadsAfter(std::int64_t serverRestores)
{
    return guarded([&]() -> Status {
        const std::int64_t seen = m_db.queryInt("SELECT value FROM blob_meta WHERE key='server_restores'").value_or(0);
        if (seen == serverRestores)
            return {};
        Transaction tx(m_db);
        m_db.exec("UPDATE blobs SET uploaded=0, sent=0 WHERE local=1");
        m_db.prepare("INSERT OR REPLACE INTO blob_meta(key,value) VALUES('server_restores',?)")
            .bind(1, serverRestores)
            .run();
        tx.commit();
        return {};
    });
}

Status BlobStore::want(const std::string &sha256, std::int64_t size, bool pinned)
{
    return guarded([&]() -> Status {
        const std::int64_t t = now();
        m_db.prepare("INSERT INTO blobs(sha,size,pinned,added_at,used_at,wanted_at) VALUES(?,?,?,?,?,?) "
                     "ON CONFLICT(sha) DO UPDATE SET wanted_at=coalesce(wanted_at, excluded.wanted_at), "
                     "pinned=max(pinned, excluded.pinned)")
            .bindAll(sha256, size, std::int64_t(pinned ? 1 : 0), t, t, t)
            .run();
        return {};
    });
}

std::vector<std::int64_t> BlobStore::missingChunks(const std::string &sha256)
{
    std::vector<std::int64_t> out;
    const auto s = state(sha256);
    if (!s || s->complete)
        return out;
    std::set<std::int64_t> here;
    Statement st = m_db.prepare("SELECT idx FROM chunks WHERE sha=?");
    st.bind(1, sha256);
    while (st.step())
        here.insert(st.integer(0));
    for (std::int64_t i = 0; i < std::max<std::int64_t>(1, chunkCount(s->size)); ++i)
        if (!here.count(i))
            out.push_back(i);
    return out;
}

Status BlobStore::putChunk(const std::string &sha256, std::int64_t index, std::string_view bytes,
                           const std::string *wholeHash, StagedChunk *staged)
{
    return guarded([&]() -> Status {
        Transaction tx(m_db);
        const auto s = state(sha256);
        if (!s)
            return errorOf(Msg::AttachmentNotOnDevice, {sha256});
        // Made whole meanwhile (the same photo attached on this device):
        // what is here stays as it is.
        if (s->complete)
            return {};
        // A thumbnail's size is not in the record: it is one chunk, as long as it comes.
        const bool thumbnail =
            s->size == 0 && index == 0 && !bytes.empty() && static_cast<std::int64_t>(bytes.size()) <= kBlobChunkSize;
        if (!thumbnail && static_cast<std::int64_t>(bytes.size()) != chunkLength(s->size, index))
            return errorOf(Msg::AttachmentBytesMismatch, {sha256});
        if (thumbnail)
            m_db.prepare("UPDATE blobs SET size=? WHERE sha=?")
                .bindAll(static_cast<std::int64_t>(bytes.size()), sha256)
                .run();
        // Fetched again, should a power loss take it: not worth a flush per chunk.
        const ChunkSeal seal = sealOf(sha256);
        // Staged under another seal (the blob was forgotten and wanted
        // again meanwhile), or swept away by another run: written here.
        bool placed = false;
        if (staged && !staged->empty() && staged->sealName() == seal.name) {
            recordChunkFile(sha256, index, static_cast<std::int64_t>(bytes.size()));
            placed = static_cast<bool>(m_files.place(*staged));
        }
        if (!placed)
            if (Status st = putSealed(sha256, seal, index, bytes, false); !st)
                return st;
        const bool last = static_cast<std::int64_t>(missingChunks(sha256).size()) == 0;
        if (last) {
            // Not whole: all of it is fetched again.
            if (wholeHash ? *wholeHash != sha256 : !readsBackWhole(sha256, s->size)) {
                forgetBytes(sha256);
                if (thumbnail)
                    m_db.prepare("UPDATE blobs SET size=0 WHERE sha=?").bind(1, sha256).run();
                tx.commit();
                m_files.remove(seal.name, chunkCount(s->size));
                return errorOf(Msg::AttachmentBytesMismatch, {sha256});
            }
            m_db.prepare("UPDATE blobs SET complete=1, used_at=? WHERE sha=?").bindAll(now(), sha256).run();
        }
        tx.commit();
        return {};
    });
}

Result<ChunkSeal> BlobStore::downloadSeal(const std::string &sha256)
{
    return guarded([&]() -> Result<ChunkSeal> {
        // A blob resumed, or fetched again, has its seal already: no write lock for that.
        if (auto seal = existingSeal(sha256))
            return *seal;
        Transaction tx(m_db);
        if (!state(sha256))
            return errorOf(Msg::AttachmentNotOnDevice, {sha256});
        ChunkSeal seal = sealOf(sha256);
        tx.commit();
        return seal;
    });
}

std::optional<ChunkSeal> BlobStore::existingSeal(const std::string &sha256)
{
    Statement st = m_db.prepare("SELECT seal_name, seal_key FROM blobs WHERE sha=? AND seal_name IS NOT NULL");
    st.bind(1, sha256);
    if (!st.step())
        return std::nullopt;
    return ChunkSeal{st.text(0), st.blob(1)};
}

ChunkSeal BlobStore::sealOf(const std::string &sha256)
{
    if (auto seal = existingSeal(sha256))
        return *seal;
    ChunkSeal seal = ChunkSeal::fresh();
    m_db.prepare("UPDATE blobs SET seal_name=?, seal_key=? WHERE sha=?")
        .bind(1, seal.name)
        .bindBlob(2, seal.key)
        .bind(3, sha256)
        .run();
    return seal;
}

Status BlobStore::putSealed(const std::string &sha256, const ChunkSeal &seal, std::int64_t index,
                            std::string_view bytes, bool durable)
{
    // The row first, inside the caller's transaction (whose write lock keeps
    // sweepFiles away): a crash before the commit leaves only a file no row
    // names, which the next sweep takes.
    recordChunkFile(sha256, index, static_cast<std::int64_t>(bytes.size()));
    return m_files.write(seal, index, bytes, durable);
}

void BlobStore::recordChunkFile(const std::string &sha256, std::int64_t index, std::int64_t length)
{
    m_db.prepare("INSERT OR REPLACE INTO chunks(sha,idx,bytes,len) VALUES(?,?,x'',?)")
        .bindAll(sha256, index, length)
        .run();
}

bool BlobStore::readsBackWhole(const std::string &sha256, std::int64_t size)
{
    Sha256Stream check;
    for (std::int64_t i = 0; i < std::max<std::int64_t>(1, chunkCount(size)); ++i) {
        auto bytes = chunkHere(sha256, i);
        if (!bytes)
            return false;
        check.add(*bytes);
    }
    return check.finishHex() == sha256;
}

Result<std::string> BlobStore::chunkHere(const std::string &sha256, std::int64_t index, std::string *sealName)
{
    Statement st = m_db.prepare("SELECT c.len IS NULL, c.bytes, b.seal_name, b.seal_key "
                                "FROM chunks c JOIN blobs b ON b.sha=c.sha WHERE c.sha=? AND c.idx=?");
    st.bind(1, sha256).bind(2, index);
    if (!st.step())
        return errorOf(Msg::AttachmentNotOnDevice, {sha256});
    if (st.integer(0) != 0)
        return st.blob(1); // kept in the row by a store from before chunk files
    if (st.isNull(2))
        return errorOf(Msg::AttachmentNotOnDevice, {sha256});
    if (sealName)
        *sealName = st.text(2);
    return m_files.read(ChunkSeal{st.text(2), st.blob(3)}, index);
}

std::optional<ChunkSeal> BlobStore::forgetBytes(const std::string &sha256)
{
    std::optional<ChunkSeal> seal = existingSeal(sha256);
    m_db.prepare("DELETE FROM chunks WHERE sha=?").bind(1, sha256).run();
    // A new seal next time: the old files' names are never used again.
    m_db.prepare("UPDATE blobs SET complete=0, seal_name=NULL, seal_key=NULL WHERE sha=?").bind(1, sha256).run();
    return seal;
}

Error BlobStore::lostChunk(const std::string &sha256, const std::string &sealName)
{
    // Decided under the write lock on what is there now: another connection
    // may have evicted the file, or attached it again, since it was read.
    Transaction tx(m_db);
    const auto s = state(sha256);
    if (!s)
        return errorOf(Msg::AttachmentNotOnDevice, {sha256});
    // Attached here and not yet sent: no other copy, so it stays and says it is damaged.
    if (s->local && !s->uploaded)
        return errorOf(Msg::AttachmentBytesMismatch, {sha256});
    const std::optional<ChunkSeal> seal = existingSeal(sha256);
    if ((seal ? seal->name : std::string()) != sealName)
        return errorOf(Msg::AttachmentNotOnDevice, {sha256}); // sealed anew meanwhile: not the copy that failed
    // Fetched from the server (or sent to it): forgotten and fetched again.
    forgetBytes(sha256);
    m_db.prepare("UPDATE blobs SET wanted_at=coalesce(wanted_at, ?) WHERE sha=?").bindAll(now(), sha256).run();
    tx.commit();
    if (seal)
        m_files.remove(seal->name, chunkCount(s->size));
    return errorOf(Msg::AttachmentNotOnDevice, {sha256});
}

void BlobStore::sweepFiles()
{
    std::set<std::pair<std::string, std::int64_t>> named;
    Statement st = m_db.prepare("SELECT b.seal_name, c.idx FROM chunks c JOIN blobs b ON b.sha=c.sha "
                                "WHERE c.len IS NOT NULL AND b.seal_name IS NOT NULL");
    while (st.step())
        named.emplace(st.text(0), st.integer(1));
    m_files.sweep([&](const std::string &name, std::int64_t index) { return named.count({name, index}) > 0; });
}

std::vector<std::string> BlobStore::wanted()
{
    std::vector<std::string> out;
    Statement st = m_db.prepare("SELECT sha FROM blobs WHERE complete=0 AND wanted_at IS NOT NULL "
                                "ORDER BY pinned DESC, size, wanted_at, sha");
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

Result<std::int64_t> BlobStore::keepOnly(const std::set<std::string> &referenced, std::int64_t graceSeconds)
{
    return guarded([&]() -> Result<std::int64_t> {
        Transaction tx(m_db);
        std::vector<std::string> drop;
        Statement st = m_db.prepare("SELECT sha, named, added_at FROM blobs");
        while (st.step()) {
            const std::string sha = st.text(0);
            // A file being attached right now is named by its record a moment later.
            const bool beingAttached = st.integer(1) == 0 && st.integer(2) > now() - graceSeconds;
            if (!referenced.count(sha) && !beingAttached)
                drop.push_back(sha);
        }
        std::vector<std::pair<ChunkSeal, std::int64_t>> gone;
        for (const std::string &sha : drop) {
            if (auto seal = existingSeal(sha))
                gone.emplace_back(*seal, state(sha)->size);
            m_db.prepare("DELETE FROM blobs WHERE sha=?").bind(1, sha).run();
        }
        for (const std::string &sha : referenced)
            m_db.prepare("UPDATE blobs SET named=1 WHERE sha=? AND named=0").bind(1, sha).run();
        sweepFiles();
        tx.commit();
        for (const auto &[seal, size] : gone)
            m_files.remove(seal.name, chunkCount(size));
        return static_cast<std::int64_t>(drop.size());
    });
}

Status BlobStore::setPinned(const std::set<std::string> &pinned)
{
    return guarded([&]() -> Status {
        Transaction tx(m_db);
        m_db.exec("UPDATE blobs SET pinned=0");
        for (const std::string &sha : pinned)
            m_db.prepare("UPDATE blobs SET pinned=1 WHERE sha=?").bind(1, sha).run();
        tx.commit();
        return {};
    });
}

std::int64_t BlobStore::bytesHere()
{
    return m_db.queryInt("SELECT coalesce(sum(coalesce(len, length(bytes))),0) FROM chunks").value_or(0);
}

Result<std::int64_t> BlobStore::evictToLimit(const std::set<std::string> &keep)
{
    return guarded([&]() -> Result<std::int64_t> {
        std::int64_t here = bytesHere(), evicted = 0;
        if (here <= m_cacheLimit)
            return evicted;
        // Fetched or already uploaded, not pinned: the server has them.
        Statement st = m_db.prepare(
            "SELECT sha, (SELECT coalesce(sum(coalesce(len, length(bytes))),0) FROM chunks c WHERE c.sha=b.sha), size "
            "FROM blobs b WHERE pinned=0 AND (local=0 OR uploaded=1) ORDER BY used_at, sha");
        struct Candidate {
            std::string sha;
            std::int64_t bytes = 0, size = 0;
        };
        std::vector<Candidate> candidates;
        while (st.step())
            candidates.push_back({st.text(0), st.integer(1), st.integer(2)});
        Transaction tx(m_db);
        std::vector<std::pair<ChunkSeal, std::int64_t>> gone;
        for (const Candidate &c : candidates) {
            if (here <= m_cacheLimit)
                break;
            if (c.bytes == 0 || keep.count(c.sha))
                continue;
            // The row stays (the file is known, not here); only its bytes go.
            if (auto seal = forgetBytes(c.sha))
                gone.emplace_back(*seal, c.size);
            m_db.prepare("UPDATE blobs SET wanted_at=NULL WHERE sha=?").bind(1, c.sha).run();
            here -= c.bytes;
            ++evicted;
        }
        tx.commit();
        for (const auto &[seal, size] : gone)
            m_files.remove(seal.name, chunkCount(size));
        return evicted;
    });
}

Status BlobStore::wipe()
{
    return guarded([&]() -> Status {
        // Each file's own key is in its row: with the rows overwritten (not
        // only unlinked) and out of the WAL, no copy of a chunk file can be read.
        m_db.exec("PRAGMA secure_delete=ON");
        {
            Transaction tx(m_db);
            m_db.exec("DELETE FROM chunks; DELETE FROM blobs;");
            m_files.removeAll(); // under the write lock: no file of another connection is half-written
            tx.commit();
        }
        if (Status st = truncateWal(); !st)
            return st;
        m_db.exec("VACUUM");
        return truncateWal();
    });
}

Status BlobStore::truncateWal()
{
    if (emptyWal(m_db))
        return {};
    return errorOf(Msg::DeviceDatabaseError, {"the files' store is in use: its journal could not be emptied"});
}

} // namespace kyodo
