// One place that knows the column order of the outbox table.
#pragma once

#include "replica.h"

namespace kyodo {

inline constexpr const char *kOutboxColumns =
    "cseq, mid, op, record, type, scope, sv, fields, base, base_cl, base_rev, hlc, conflict, take, "
    "state, result, code, message, message_en, saved_at, prev";
// An entry is its receipt row in outbox and its payload (fields, base,
// prev) in outbox_payload: marking a batch sent or answered rewrites only
// the small receipt rows (replica format 4).
inline constexpr const char *kOutboxFrom = " FROM outbox JOIN outbox_payload USING (cseq)";

OutboxEntry outboxEntryFromRow(const Statement &st);

// A record as the user sees it, with the receipt of its latest change.
inline constexpr const char *kViewSelect =
    "SELECT v.id, v.type, v.scope, v.cl, v.fields, v.pending, v.rev,"
    " COALESCE((SELECT state FROM outbox o WHERE o.record=v.id AND o.state<>'discarded'"
    "           ORDER BY cseq DESC LIMIT 1), 'applied')"
    " FROM record_view v";
ViewRecord viewRecordFromRow(const Statement &st);
void insertOutboxEntry(SqliteDb &db, const Mutation &m, OutboxState state, const std::string &savedAt);
std::string nowIso();

} // namespace kyodo
