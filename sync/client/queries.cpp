// Reads for the app and kyodoctl: records as the user sees them, the outbox
// with each change's receipt state, and conflicts.
#include "outboxrow.h"
#include "replica.h"

namespace kyodo {

Result<std::optional<ViewRecord>> Replica::get(const std::string &id)
{
    try {
        return viewOf(id);
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<ViewRecord>> Replica::list(const std::string &type, const std::string &scope, bool includeDeleted)
{
    try {
        Statement st = m_db.prepare(std::string(kViewSelect) + " WHERE (?1='' OR v.type=?1) AND (?2='' OR v.scope=?2)"
                                                               " AND (?3 OR v.cl % 2 = 1) ORDER BY v.id");
        st.bindAll(type, scope, includeDeleted ? 1 : 0);
        std::vector<ViewRecord> out;
        while (st.step())
            out.push_back(viewRecordFromRow(st));
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<OutboxEntry>> Replica::outbox(bool includeSettled)
{
    try {
        Statement st =
            m_db.prepare(std::string("SELECT ") + kOutboxColumns + kOutboxFrom +
                         (includeSettled ? "" : " WHERE state IN ('saved','sent','rejected')") + " ORDER BY cseq");
        std::vector<OutboxEntry> out;
        while (st.step())
            out.push_back(outboxEntryFromRow(st));
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::int64_t> Replica::pendingCount()
{
    try {
        return m_db.queryInt("SELECT count(*) FROM outbox WHERE state IN ('saved','sent')").value_or(0);
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<ConflictInfo>> Replica::conflicts(bool openOnly)
{
    try {
        Statement st = m_db.prepare(std::string("SELECT doc FROM conflicts") +
                                    (openOnly ? " WHERE status='open'" : "") + " ORDER BY seq");
        std::vector<ConflictInfo> out;
        while (st.step()) {
            auto c = conflictFromJson(json::parse(st.text(0)));
            if (c)
                out.push_back(std::move(c.value()));
        }
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::vector<OutboxEntry>> Replica::entriesToPush(std::size_t max, std::int64_t afterCseq)
{
    try {
        Statement st = m_db.prepare(std::string("SELECT ") + kOutboxColumns +
                                    " FROM outbox INDEXED BY outbox_unsent JOIN outbox_payload USING (cseq)"
                                    " WHERE (state='saved' OR (state='sent' AND result='')) AND cseq > ?"
                                    " ORDER BY cseq LIMIT ?");
        st.bindAll(afterCseq, static_cast<std::int64_t>(max));
        std::vector<OutboxEntry> out;
        while (st.step())
            out.push_back(outboxEntryFromRow(st));
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<Replica::PushText> Replica::pushText(std::size_t max, std::int64_t afterCseq)
{
    try {
        Statement st = m_db.prepare(
            "SELECT cseq, mid, op, record, type, scope, sv, fields, base, base_cl, base_rev, hlc, conflict, take, prev"
            " FROM outbox INDEXED BY outbox_unsent JOIN outbox_payload USING (cseq)"
            " WHERE (state='saved' OR (state='sent' AND result='')) AND cseq > ? ORDER BY cseq LIMIT ?");
        st.bindAll(afterCseq, static_cast<std::int64_t>(max));
        PushText out;
        out.mutations = "[";
        auto quoted = [](const std::string &s) { return json(s).dump(); };
        while (st.step()) {
            if (!out.cseqs.empty())
                out.mutations += ',';
            out.cseqs.push_back(st.integer(0));
            out.mutations +=
                "{\"cseq\":" + std::to_string(st.integer(0)) + ",\"mid\":" + quoted(st.text(1)) +
                ",\"op\":" + quoted(st.text(2)) + ",\"record\":" + quoted(st.text(3)) +
                ",\"type\":" + quoted(st.text(4)) + ",\"scope\":" + quoted(st.text(5)) +
                ",\"sv\":" + std::to_string(st.integer(6)) + ",\"fields\":" + st.text(7) + ",\"base\":" + st.text(8) +
                ",\"base_cl\":" + std::to_string(st.integer(9)) + ",\"base_rev\":" + std::to_string(st.integer(10)) +
                ",\"hlc\":" + std::to_string(static_cast<std::uint64_t>(st.integer(11))) + ",\"prev\":" + st.text(14);
            if (st.text(2) == opName(Op::Resolve))
                out.mutations += ",\"conflict\":" + quoted(st.text(12)) + ",\"take\":" + quoted(st.text(13));
            out.mutations += '}';
        }
        out.mutations += ']';
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::markSent(const std::vector<std::int64_t> &cseqs)
{
    try {
        RelaxedDurability relaxed(m_db); // lost marks only mean sending again
        Transaction tx(m_db);
        Statement st =
            m_db.prepare("UPDATE outbox SET state='sent', sent_at=?, client=? WHERE cseq=? AND state='saved'");
        const std::string now = nowIso(), client = clientId();
        for (std::int64_t c : cseqs) {
            st.bindAll(now, client, c);
            st.run();
        }
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::unmarkSent(const std::vector<std::int64_t> &cseqs)
{
    try {
        Transaction tx(m_db);
        Statement st =
            m_db.prepare("UPDATE outbox SET state='saved', sent_at=NULL WHERE cseq=? AND state='sent' AND result=''");
        for (std::int64_t c : cseqs) {
            st.bind(1, c);
            st.run();
        }
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::recordResults(const std::vector<MutationResult> &results)
{
    try {
        RelaxedDurability relaxed(m_db); // lost results are asked for again (idempotent push)
        Transaction tx(m_db);
        Statement accepted = m_db.prepare("UPDATE outbox SET result=? WHERE cseq=? AND state='sent'");
        Statement rejected = m_db.prepare(
            "UPDATE outbox SET state='rejected', result='rejected', code=?, message=?, message_en=?, settled_at=?"
            " WHERE cseq=? AND state='sent'");
        std::vector<std::string> touched;
        for (const MutationResult &r : results) {
            if (r.outcome == Outcome::Rejected) {
                rejected.bindAll(r.code, r.messageJa, r.messageEn, nowIso(), r.cseq);
                rejected.run();
                Statement rec = m_db.prepare("SELECT record FROM outbox WHERE cseq=?");
                rec.bind(1, r.cseq);
                if (rec.step())
                    touched.push_back(rec.text(0));
            } else {
                accepted.bindAll(std::string(outcomeName(r.outcome)), r.cseq);
                accepted.run();
            }
        }
        for (const std::string &id : touched)
            rebuildOverlay(id);
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Status Replica::unsendAll()
{
    try {
        Transaction tx(m_db);
        // Entries the server already answered stay answered (under the old id);
        // only those whose fate is unknown go out again.
        m_db.exec("UPDATE outbox SET state='saved' WHERE state='sent' AND result=''");
        tx.commit();
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::int64_t> Replica::answeredCseq()
{
    try {
        // Walks the outbox down from its newest entry: the answer is usually near the top.
        Statement st = m_db.prepare("SELECT cseq FROM outbox WHERE client=? AND result<>'' AND state<>'discarded'"
                                    " ORDER BY cseq DESC LIMIT 1");
        st.bind(1, clientId());
        return st.step() ? st.integer(0) : std::int64_t(0);
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

Result<std::int64_t> Replica::resendForgotten(std::int64_t serverLastCseq)
{
    try {
        Transaction tx(m_db);
        std::vector<std::string> records;
        Statement forgotten = m_db.prepare("SELECT DISTINCT record FROM outbox WHERE client=? AND cseq>?"
                                           " AND result<>'' AND state<>'discarded'");
        forgotten.bindAll(clientId(), serverLastCseq);
        while (forgotten.step())
            records.push_back(forgotten.text(0));
        // Same cseq and mid: the server has no trace of them, so they apply
        // as new, and a retry of this push is answered from its record.
        // A rejection is asked for again too: the restored server neither
        // holds it for an administrator nor counts its number.
        Statement unsettle = m_db.prepare(
            "UPDATE outbox SET state='saved', result='', code='', message='', message_en='',"
            " sent_at=NULL, settled_at=NULL WHERE client=? AND cseq>? AND result<>'' AND state<>'discarded'");
        unsettle.bindAll(clientId(), serverLastCseq);
        unsettle.run();
        const std::int64_t count = unsettle.changes();
        for (const std::string &id : records)
            rebuildOverlay(id);
        noteServerRestore();
        tx.commit();
        return count;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

void Replica::noteServerRestore() { setMeta("server_restores", std::to_string(serverRestores() + 1)); }

std::int64_t Replica::serverRestores() { return std::stoll(meta("server_restores", "0")); }

Result<std::vector<ScopeCursor>> Replica::cursors()
{
    try {
        Statement st = m_db.prepare("SELECT scope, cursor FROM scopes ORDER BY scope");
        std::vector<ScopeCursor> out;
        while (st.step())
            out.push_back({st.text(0), st.integer(1)});
        return out;
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

std::string Replica::appSetting(const std::string &name)
{
    try {
        return meta("app." + name);
    } catch (const std::exception &) {
        return {}; // a fact the app can do without
    }
}

Status Replica::setAppSetting(const std::string &name, const std::string &value)
{
    try {
        setMeta("app." + name, value);
        return {};
    } catch (const std::exception &e) {
        return storageError(e);
    }
}

} // namespace kyodo
