#include "replicacheck.h"

#include <cstdio>
#include <cstdlib>

namespace kyodo {

namespace {

struct Check {
    const char *invariant; // "I5: …", numbered as in replica.h
    const char *sql;       // returns one offending row's description, or nothing
};

// Each query names the first row that breaks its invariant. The state words
// are those of outboxstate.cpp.
const Check kChecks[] = {
    {"I5: every outbox entry is in one of the six states",
     "SELECT 'cseq ' || cseq || ' in state ' || quote(state) FROM outbox"
     " WHERE state NOT IN ('saved','sent','applied','conflict','rejected','discarded') LIMIT 1"},
    {"I2: cseq values come from next_cseq and are never reused",
     "SELECT 'cseq ' || cseq || ' >= next_cseq ' || (SELECT value FROM meta WHERE key='next_cseq') FROM outbox"
     " WHERE cseq >= CAST((SELECT value FROM meta WHERE key='next_cseq') AS INTEGER) LIMIT 1"},
    {"I6: an entry is its receipt row and its payload row, both or neither",
     "SELECT 'cseq ' || cseq || ' has no payload' FROM outbox WHERE cseq NOT IN (SELECT cseq FROM outbox_payload)"
     " UNION ALL SELECT 'payload ' || cseq || ' has no entry' FROM outbox_payload"
     " WHERE cseq NOT IN (SELECT cseq FROM outbox) LIMIT 1"},
    {"I7: a saved entry has no answer; a sent one has its send time and client id; an answer is a server outcome",
     "SELECT 'cseq ' || cseq || ' ' || state || ' result ' || quote(result) FROM outbox"
     " WHERE (state='saved' AND (result<>'' OR settled_at IS NOT NULL))"
     "    OR (state='sent' AND (sent_at IS NULL OR client=''))"
     "    OR result NOT IN ('','applied','conflict','rejected') LIMIT 1"},
    {"I8: a settled entry (applied, conflict, rejected, discarded) has its settling time",
     "SELECT 'cseq ' || cseq || ' ' || state || ' without settled_at' FROM outbox"
     " WHERE state IN ('applied','conflict','rejected','discarded') AND settled_at IS NULL LIMIT 1"},
    {"I9: the overlay holds exactly the records with unsettled (saved or sent) entries",
     "SELECT 'overlay row ' || id || ' without an unsettled entry' FROM overlay"
     " WHERE id NOT IN (SELECT record FROM outbox WHERE state IN ('saved','sent'))"
     " UNION ALL SELECT 'record ' || record || ' has unsettled entries but no overlay row' FROM outbox"
     " WHERE state IN ('saved','sent') AND record NOT IN (SELECT id FROM overlay) LIMIT 1"},
    {"I10: each scope's count and checksum sums match its records",
     "SELECT 'scope ' || coalesce(s.scope, r.scope) FROM scope_sums s FULL OUTER JOIN"
     " (SELECT scope, count(*) AS n, sum(checksum & 4294967295) AS lo, sum((checksum >> 32) & 4294967295) AS hi"
     "  FROM records GROUP BY scope) r ON r.scope = s.scope"
     " WHERE coalesce(s.n, 0) <> coalesce(r.n, 0) OR coalesce(s.lo, 0) <> coalesce(r.lo, 0)"
     "    OR coalesce(s.hi, 0) <> coalesce(r.hi, 0) LIMIT 1"},
};

} // namespace

std::vector<std::string> replicaInvariantViolations(SqliteDb &db)
{
    std::vector<std::string> violated;
    for (const Check &c : kChecks) {
        Statement st = db.prepare(c.sql);
        if (st.step())
            violated.push_back(std::string(c.invariant) + " (" + st.text(0) + ")");
    }
    return violated;
}

void checkInvariantsAtEveryCommit([[maybe_unused]] SqliteDb &db)
{
#ifndef NDEBUG
    db.setBeforeCommit([](SqliteDb &d) {
        const std::vector<std::string> violated = replicaInvariantViolations(d);
        if (violated.empty())
            return;
        std::fprintf(stderr, "kyodo: a replica invariant is violated at this commit:\n");
        for (const std::string &v : violated)
            std::fprintf(stderr, "  %s\n", v.c_str());
        std::abort();
    });
#endif
}

} // namespace kyodo
