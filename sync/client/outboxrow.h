// One place that knows the column order of the outbox table.
#pragma once

#include "replica.h"

namespace kyodo {

inline constexpr const char *kOutboxColumns =
    "cseq, mid, op, record, type, scope, sv, fields, base, base_cl, base_rev, hlc, conflict, take, "
    "state, result, code, message, message_en, saved_at, prev";

OutboxEntry outboxEntryFromRow(const Statement &st);
void insertOutboxEntry(SqliteDb &db, const Mutation &m, const std::string &state, const std::string &savedAt);
std::string nowIso();

} // namespace kyodo
