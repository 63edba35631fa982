#include "replica.h"

#include "emptywal.h"
#include "hlc.h"
#include "messages.h"
#include "migrations.h"
#include "replicacheck.h"
#include "replicakey.h"
#include "sqlfunctions.h"
#include "uuid.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace kyodo {

Error storageError(const std::exception &e) { return errorOf(Msg::DeviceDatabaseError, {e.what()}); }

Replica::Replica(SqliteDb db) : m_db(std::move(db)) {}
Replica::~Replica() = default;

Result<std::unique_ptr<Replica>> Replica::open(const std::string &path)
{
    try {
        auto key = replicaKey(path);
        if (!key)
            return key.error();
        std::unique_ptr<Replica> r(new Replica(SqliteDb::open(path, *key)));
        r->m_path = path;
        r->m_db.enableStatementHook();
        addReplicaFunctions(r->m_db);
        r->m_db.exec("PRAGMA journal_mode=WAL");
        // FULL: a save must survive power loss, not only a killed process;
        // measured in tests/bench (save p99).
        r->m_db.exec("PRAGMA synchronous=FULL");
        r->m_db.exec("PRAGMA foreign_keys=ON");
        // Deleted rows are overwritten, not only unlinked (a revoked scope,
        // a wipe): the file keeps no readable leftovers, even given its key.
        r->m_db.exec("PRAGMA main.secure_delete=ON");
        // 32 MiB of page cache: a checkpoint of 100,000 records updates three
        // indexes, which thrash SQLite's default 2 MiB.
        r->m_db.exec("PRAGMA cache_size=-32768");
        r->migrate();
        checkInvariantsAtEveryCommit(r->m_db);
        // Staging is scratch: no rollback journal for it (clearing 100,000 staged
        // rows took most of a second journaling pages about to be thrown away).
        r->m_db.exec("PRAGMA temp.journal_mode=OFF");
        r->m_db.exec(kStagingTables);
        if (Status st = r->finishWipe(); !st)
            return st.error();
        const std::uint64_t last = std::stoull(r->meta("hlc", "0"));
        r->m_clock = std::make_unique<HybridClock>(HybridClock::systemMillis, last);
        return r;
    } catch (const SqliteError &e) {
        return errorOf(Msg::CannotOpenDeviceDatabase, {e.what()});
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

int Replica::schemaVersion() { return static_cast<int>(m_db.queryInt("PRAGMA user_version").value_or(0)); }

void Replica::migrate()
{
    const auto &steps = replicaMigrations();
    const int current = schemaVersion();
    if (current > static_cast<int>(steps.size()))
        throw SqliteError(SQLITE_ERROR, "the replica was written by a newer version of Kyodo (format " +
                                            std::to_string(current) + ")");
    for (int v = current; v < static_cast<int>(steps.size()); ++v) {
        Transaction tx(m_db);
        m_db.exec(steps[static_cast<size_t>(v)]);
        m_db.exec("PRAGMA user_version=" + std::to_string(v + 1));
        tx.commit();
    }
    if (meta("client_id").empty()) {
        Transaction tx(m_db);
        setMeta("client_id", newUuidV7());
        setMeta("next_cseq", "1");
        tx.commit();
    }
}

std::string Replica::meta(const std::string &key, const std::string &fallback)
{
    Statement st = m_db.prepare("SELECT value FROM meta WHERE key=?");
    st.bind(1, key);
    return st.step() ? st.text(0) : fallback;
}

void Replica::setMeta(const std::string &key, const std::string &value)
{
    m_db.prepare("INSERT INTO meta(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value")
        .bindAll(key, value)
        .run();
}

std::string Replica::clientId() { return meta("client_id"); }

Status Replica::renewClientId()
{
    try {
        Transaction tx(m_db);
        setMeta("previous_client_id", meta("client_id"));
        setMeta("client_id", newUuidV7());
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

std::optional<Session> Replica::session()
{
    const std::string raw = meta("session");
    if (raw.empty())
        return std::nullopt;
    json j = json::parse(raw, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    Session s;
    s.url = j.value("url", "");
    s.caFile = j.value("ca", "");
    s.token = j.value("token", "");
    s.user = j.value("user", "");
    s.role = j.value("role", "");
    s.scopes = j.value("scopes", std::vector<std::string>{});
    s.readOnlyScopes = j.value("read_only", std::vector<std::string>{});
    s.expiresAt = j.value("expires_at", std::int64_t(0));
    s.renewAfter = j.value("renew_after", std::int64_t(0));
    return s;
}

Status Replica::noteGrants(const std::vector<Checkpoint> &checkpoints)
{
    auto s = session();
    if (!s || checkpoints.empty())
        return {};
    std::vector<std::string> scopes, readOnly;
    for (const Checkpoint &cp : checkpoints) {
        scopes.push_back(cp.scope);
        if (cp.readOnly)
            readOnly.push_back(cp.scope);
    }
    std::sort(scopes.begin(), scopes.end());
    auto known = s->scopes;
    auto knownReadOnly = s->readOnlyScopes;
    std::sort(known.begin(), known.end());
    std::sort(knownReadOnly.begin(), knownReadOnly.end());
    if (known == scopes && knownReadOnly == readOnly)
        return {};
    s->scopes = std::move(scopes);
    s->readOnlyScopes = std::move(readOnly);
    return saveSession(*s);
}

Status Replica::checkWritable(const std::string &scope)
{
    // Asked on every save (a bulk import saves thousands): one lookup in the
    // stored session, not a parse of all of it.
    try {
        Statement st = m_db.prepare("SELECT 1 FROM meta, json_each(CASE WHEN json_valid(meta.value) THEN meta.value"
                                    " ELSE '{}' END, '$.read_only') r WHERE meta.key='session' AND r.value=?");
        st.bind(1, scope);
        if (st.step())
            return errorOf(Msg::ScopeReadOnly, {scope});
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::saveSession(const Session &s)
{
    try {
        json j{{"url", s.url},
               {"ca", s.caFile},
               {"token", s.token},
               {"user", s.user},
               {"role", s.role},
               {"scopes", s.scopes},
               {"read_only", s.readOnlyScopes},
               {"expires_at", s.expiresAt},
               {"renew_after", s.renewAfter}};
        Transaction tx(m_db);
        setMeta("session", j.dump());
        if (!s.token.empty())
            m_db.prepare("DELETE FROM meta WHERE key='wiped'").run(); // signed in again
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::wipe(const WipeNotice &notice)
{
    try {
        // Freed pages are overwritten, not only unlinked from the tree.
        m_db.exec("PRAGMA secure_delete=ON");
        {
            Transaction tx(m_db);
            std::vector<std::string> tables;
            Statement list = m_db.prepare(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> 'meta'");
            while (list.step())
                tables.push_back(list.text(0));
            for (const std::string &t : tables)
                m_db.exec("DELETE FROM \"" + t + "\"");
            m_db.exec("DELETE FROM meta");
            setMeta("client_id", newUuidV7()); // a new device as far as the server knows
            setMeta("next_cseq", "1");
            setMeta("wiped",
                    json{{"at", notice.at}, {"message", notice.messageJa}, {"message_en", notice.messageEn}}.dump());
            // Until the WAL is empty: the session is gone with the rest, so
            // no server order comes again; the next open finishes it.
            setMeta(kWalToEmpty, "1");
            tx.commit();
        }
        m_schemas.reset();
        return finishWipe();
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::finishWipe()
{
    if (meta(kWalToEmpty).empty())
        return {};
    // The WAL still holds the deleted pages until it is checkpointed and
    // truncated; VACUUM then rewrites the database file itself. A reader
    // that keeps the old pages past the wait leaves the mark for next time.
    if (!emptyWal(m_db))
        return errorOf(Msg::DeviceDatabaseError, {"the replica is in use: its journal could not be emptied"});
    m_db.exec("VACUUM");
    {
        Transaction tx(m_db);
        m_db.prepare("DELETE FROM meta WHERE key=?").bind(1, kWalToEmpty).run();
        tx.commit();
    }
    if (!emptyWal(m_db))
        return errorOf(Msg::DeviceDatabaseError, {"the replica is in use: its journal could not be emptied"});
    return {};
}

std::optional<WipeNotice> Replica::wipeNotice()
{
    const std::string raw = meta("wiped");
    json j = json::parse(raw, nullptr, false);
    if (raw.empty() || !j.is_object())
        return std::nullopt;
    return WipeNotice{j.value("at", ""), j.value("message", ""), j.value("message_en", "")};
}

Status Replica::saveSchemas(const json &schemas)
{
    auto parsed = SchemaSet::fromJson(schemas);
    if (!parsed)
        return parsed.error();
    try {
        Transaction tx(m_db);
        setMeta("schemas", schemas.dump());
        tx.commit();
        m_schemas = std::move(parsed.value());
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

const SchemaSet *Replica::schemas()
{
    if (!m_schemas) {
        auto set = SchemaSet::fromJson(json::parse(meta("schemas", "null"), nullptr, false));
        if (!set)
            return nullptr;
        m_schemas = std::move(set.value());
    }
    return &*m_schemas;
}

std::uint64_t Replica::nextHlc()
{
    // Another connection to this file (the app's sync thread) may have moved
    // the clock on; never hand out a time below the one it stored.
    const std::uint64_t stored = std::stoull(meta("hlc", "0"));
    const std::uint64_t t = stored > m_clock->last() ? m_clock->receive(stored) : m_clock->now();
    setMeta("hlc", std::to_string(t));
    return t;
}

Status Replica::checkpointWal()
{
    try {
        m_db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::observeServerClock(std::uint64_t hlc)
{
    try {
        Transaction tx(m_db);
        setMeta("hlc", std::to_string(m_clock->receive(hlc)));
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

std::int64_t Replica::takeCseq()
{
    const std::int64_t cseq = std::stoll(meta("next_cseq", "1"));
    setMeta("next_cseq", std::to_string(cseq + 1));
    return cseq;
}

} // namespace kyodo
