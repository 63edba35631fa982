// Staging of pull pages and the checkpoint that applies them (invariant 4 in
// replica.h). Documents are stored as the text the server sent: no parse and
// re-serialize per record; the server sends id, type and cl beside each document.
#include "outboxrow.h"
#include "replica.h"

#include "checksum.h"

#include <algorithm>

namespace kyodo {

Status Replica::clearStaging()
{
    try {
        Transaction tx(m_db);
        m_db.exec("DELETE FROM staging; DELETE FROM staging_conflicts; DELETE FROM staging_gone;");
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::stage(const std::vector<StagedRecord> &records, const std::vector<ConflictInfo> &conflicts,
                      const std::vector<Departure> &gone)
{
    try {
        Transaction tx(m_db);
        Statement rec = m_db.prepare(
            "INSERT INTO staging(scope, id, type, cl, seq, rev, doc, versions, checksum) VALUES(?,?,?,?,?,?,?,?,?)");
        for (const StagedRecord &r : records) {
            rec.bindAll(r.scope, r.id, r.type, r.cl, r.seq, r.rev, r.doc, r.versions, toStored(recordChecksum(r.doc)));
            rec.run();
        }
        Statement con = m_db.prepare(
            "INSERT OR REPLACE INTO staging_conflicts(id, scope, record, status, seq, doc) VALUES(?,?,?,?,?,?)");
        for (const ConflictInfo &c : conflicts) {
            con.bindAll(c.id, c.scope, c.record, conflictStatusName(c.status), c.seq, conflictToJson(c).dump());
            con.run();
        }
        Statement left = m_db.prepare("INSERT INTO staging_gone(scope, record, rev) VALUES(?,?,?)");
        for (const Departure &d : gone) {
            left.bindAll(d.scope, d.record, d.rev);
            left.run();
        }
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

// Adds (+1) or takes away (-1) the records whose ids are staged, from their
// scopes' sums: called around the statements that apply a pull, it moves
// scope_sums by exactly what they changed.
namespace {

// Count and checksum sum (two sums of 32-bit halves) of records, per scope;
// a WHERE clause may follow before the GROUP BY.
std::string scopeSumsOfRecords(const std::string &where)
{
    return "SELECT scope, count(*) AS n, sum(checksum & 4294967295) AS lo, sum((checksum >> 32) & 4294967295) AS hi"
           " FROM records " +
           where + " GROUP BY scope";
}

} // namespace

void Replica::adjustScopeSums(int sign)
{
    m_db.prepare("INSERT INTO scope_sums(scope, n, lo, hi) SELECT scope, ?1 * n, ?1 * lo, ?1 * hi FROM (" +
                 scopeSumsOfRecords("WHERE id IN (SELECT id FROM staging UNION SELECT record FROM staging_gone)") +
                 ") WHERE true ON CONFLICT(scope) DO UPDATE SET n=n+excluded.n, lo=lo+excluded.lo, hi=hi+excluded.hi")
        .bind(1, static_cast<std::int64_t>(sign))
        .run();
}

void Replica::recountScopeSums()
{
    m_db.exec("DELETE FROM scope_sums");
    m_db.exec("INSERT INTO scope_sums(scope, n, lo, hi) " + scopeSumsOfRecords(""));
}

void Replica::dropScope(const std::string &scope)
{
    m_db.prepare("DELETE FROM records WHERE scope=?").bind(1, scope).run();
    m_db.prepare("DELETE FROM scope_sums WHERE scope=?").bind(1, scope).run();
    m_db.prepare("DELETE FROM conflicts WHERE scope=?").bind(1, scope).run();
    // The user's unsettled changes stay in view while the scope is pulled
    // again: their overlay rows are kept (replica.h invariant 9; the debug
    // check found that dropping them hid a pending record until the re-pull).
    m_db.prepare("DELETE FROM overlay WHERE scope=? AND id NOT IN"
                 " (SELECT record FROM outbox WHERE state IN ('saved','sent'))")
        .bind(1, scope)
        .run();
    m_db.prepare("DELETE FROM scopes WHERE scope=?").bind(1, scope).run();
}

bool Replica::hasPurgePending() { return meta("purge_pending", "[]") != "[]"; }

Result<PurgeReport> Replica::purgeRevoked()
{
    try {
        json pending = json::parse(meta("purge_pending", "[]"), nullptr, false);
        if (!pending.is_array() || pending.empty())
            return PurgeReport{};
        PurgeReport report;
        Transaction tx(m_db);
        json left = json::array();
        for (const json &entry : pending) {
            if (!entry.is_string())
                continue;
            const std::string scope = entry.get<std::string>();
            // Unsent entries wait for the next push: the server keeps what it refuses.
            Statement unsent = m_db.prepare("SELECT EXISTS (SELECT 1 FROM outbox WHERE scope=? AND result='')");
            unsent.bind(1, scope);
            if (unsent.step() && unsent.integer(0) != 0) {
                left.push_back(scope);
                continue;
            }
            Statement kept = m_db.prepare(
                "SELECT count(*) FILTER (WHERE result='rejected' AND code='forbidden'),"
                " count(*) FILTER (WHERE result='rejected' AND code<>'forbidden') FROM outbox WHERE scope=?");
            kept.bind(1, scope);
            if (kept.step()) {
                report.handedToAdmin += kept.integer(0);
                report.discarded += kept.integer(1);
            }
            Statement drafts = m_db.prepare("SELECT count(*) FROM drafts WHERE scope=?");
            drafts.bind(1, scope);
            if (drafts.step())
                report.drafts += drafts.integer(0);
            m_db.prepare("DELETE FROM outbox_payload WHERE cseq IN (SELECT cseq FROM outbox WHERE scope=?)")
                .bind(1, scope)
                .run();
            m_db.prepare("DELETE FROM outbox WHERE scope=?").bind(1, scope).run();
            m_db.prepare("DELETE FROM drafts WHERE scope=?").bind(1, scope).run();
            m_db.prepare("DELETE FROM overlay WHERE scope=?").bind(1, scope).run();
            report.scopes.push_back(scope);
        }
        setMeta("purge_pending", left.dump());
        // The session no longer lists them among the user's scopes.
        json session = json::parse(meta("session", "{}"), nullptr, false);
        if (session.is_object() && session.contains("scopes") && session["scopes"].is_array()) {
            json kept = json::array();
            for (const json &scope : session["scopes"])
                if (std::find(report.scopes.begin(), report.scopes.end(), scope.get<std::string>()) ==
                    report.scopes.end())
                    kept.push_back(scope);
            session["scopes"] = kept;
            setMeta("session", session.dump());
        }
        tx.commit();
        // The WAL still holds the pages as they were: copied back and emptied.
        if (!report.scopes.empty())
            m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        return report;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

std::vector<ScopeMismatch> Replica::compareScopes(const std::vector<Checkpoint> &checkpoints)
{
    std::vector<ScopeMismatch> bad;
    // Kept with every write to records (migration 3): what summing the table
    // gives, without reading every record after each pull.
    Statement each = m_db.prepare("SELECT n, lo, hi FROM scope_sums WHERE scope=?");
    for (const Checkpoint &cp : checkpoints) {
        each.bind(1, cp.scope);
        std::int64_t count = 0;
        std::uint64_t actual = 0;
        if (each.step()) {
            count = each.integer(0);
            actual = static_cast<std::uint64_t>(each.integer(1)) +
                     (static_cast<std::uint64_t>(each.integer(2)) << 32); // unsigned: wraps mod 2^64
        }
        each.reset();
        if (actual != cp.checksum || count != cp.count)
            bad.push_back({cp.scope, cp.checksum, actual});
    }
    return bad;
}

Result<std::vector<ScopeMismatch>> Replica::applyStaged(const std::vector<Checkpoint> &checkpoints,
                                                        const std::vector<std::string> &revoked, std::int64_t lastCseq)
{
    // A lost checkpoint takes the cursors it moved with it: pulled again.
    RelaxedDurability relaxed(m_db);
    try {
        Transaction tx(m_db);
        if (m_db.queryInt("SELECT EXISTS (SELECT 1 FROM records)").value_or(1) != 0)
            adjustScopeSums(-1); // a first pull into an empty replica has nothing to take away
        // A record can arrive in several scopes' pages when it moved; the
        // highest revision wins whatever order the pages came in. Its type
        // never changes (the server refuses that), so its index is left alone.
        m_db.exec("INSERT INTO records(id, scope, type, cl, rev, seq, doc, versions, checksum)"
                  " SELECT id, scope, type, cl, rev, seq, doc, versions, checksum FROM staging WHERE true ORDER BY n"
                  " ON CONFLICT(id) DO UPDATE SET scope=excluded.scope, cl=excluded.cl,"
                  " rev=excluded.rev, seq=excluded.seq, doc=excluded.doc, versions=excluded.versions,"
                  " checksum=excluded.checksum WHERE excluded.rev >= records.rev");
        // CROSS JOIN keeps staging_gone (usually empty) as the outer loop.
        m_db.exec("DELETE FROM records WHERE rowid IN (SELECT r.rowid FROM staging_gone g CROSS JOIN records r"
                  " ON r.id = g.record AND r.scope = g.scope AND r.rev < g.rev)");
        adjustScopeSums(+1);
        m_db.exec("INSERT OR REPLACE INTO conflicts(id, scope, record, status, seq, doc)"
                  " SELECT id, scope, record, status, seq, doc FROM staging_conflicts");
        m_db.exec("DELETE FROM staging; DELETE FROM staging_conflicts; DELETE FROM staging_gone;");
        for (const std::string &scope : revoked)
            dropScope(scope);
        if (!revoked.empty()) {
            // Its outbox and drafts go too, once one last push has handed
            // what is unsent to the server (purgeRevoked, after the sync's push).
            json pending = json::parse(meta("purge_pending", "[]"), nullptr, false);
            if (!pending.is_array())
                pending = json::array();
            for (const std::string &scope : revoked)
                if (std::find(pending.begin(), pending.end(), scope) == pending.end())
                    pending.push_back(scope);
            setMeta("purge_pending", pending.dump());
        }
        // A server restored from a backup counts its sequence again from
        // where the backup stood: what this device holds past that point may
        // differ from what the server now has under the same numbers, even
        // where the sums happen to agree.
        std::vector<std::string> wentBack;
        Statement was = m_db.prepare("SELECT cursor FROM scopes WHERE scope=?");
        for (const Checkpoint &cp : checkpoints) {
            was.bind(1, cp.scope);
            if (was.step() && was.integer(0) > cp.seq)
                wentBack.push_back(cp.scope);
            was.reset();
        }
        if (!wentBack.empty())
            noteServerRestore();
        Statement cur =
            m_db.prepare("INSERT INTO scopes(scope, cursor, checksum, count, synced_at) VALUES(?,?,?,?,?)"
                         " ON CONFLICT(scope) DO UPDATE SET cursor=excluded.cursor, checksum=excluded.checksum,"
                         " count=excluded.count, synced_at=excluded.synced_at");
        const std::string now = nowIso();
        for (const Checkpoint &cp : checkpoints) {
            cur.bindAll(cp.scope, cp.seq, checksumHex(cp.checksum), cp.count, now);
            cur.run();
        }
        // Settle: the confirmed state now contains every change of this client up
        // to last_cseq, and every answered change sent under an earlier client id
        // (it was committed before this pull's snapshot).
        m_db.prepare("UPDATE outbox SET state=result, settled_at=? WHERE state='sent' AND result<>''"
                     " AND (cseq<=? OR client<>?)")
            .bindAll(now, lastCseq, clientId())
            .run();
        rebuildAllOverlays();
        std::vector<ScopeMismatch> bad = compareScopes(checkpoints);
        for (const Checkpoint &cp : checkpoints)
            if (std::find(wentBack.begin(), wentBack.end(), cp.scope) != wentBack.end() &&
                std::none_of(bad.begin(), bad.end(), [&](const ScopeMismatch &m) { return m.scope == cp.scope; }))
                bad.push_back({cp.scope, cp.checksum, cp.checksum});
        for (const ScopeMismatch &m : bad)
            dropScope(m.scope); // pulled again from zero by the caller
        tx.commit();
        return bad;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<ScopeMismatch>> Replica::verify()
{
    try {
        std::vector<Checkpoint> expected;
        Statement st = m_db.prepare("SELECT scope, cursor, checksum, count FROM scopes");
        while (st.step())
            expected.push_back({st.text(0), st.integer(1), parseChecksumHex(st.text(2)).value_or(0), st.integer(3)});
        Transaction tx(m_db);
        // Recompute each stored checksum from its document: a damaged row shows up here.
        std::vector<std::pair<std::string, std::int64_t>> fixes;
        Statement rows = m_db.prepare("SELECT id, doc, checksum FROM records");
        while (rows.step()) {
            const std::int64_t real = toStored(recordChecksum(rows.text(1)));
            if (real != rows.integer(2))
                fixes.emplace_back(rows.text(0), real);
        }
        Statement fix = m_db.prepare("UPDATE records SET checksum=? WHERE id=?");
        for (const auto &[id, sum] : fixes) {
            fix.bindAll(sum, id);
            fix.run();
        }
        recountScopeSums();
        std::vector<ScopeMismatch> bad = compareScopes(expected);
        for (const ScopeMismatch &m : bad)
            dropScope(m.scope);
        tx.commit();
        return bad;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

} // namespace kyodo
