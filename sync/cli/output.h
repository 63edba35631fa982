// How kyodoctl prints: one JSON object per line with --json (for scripts),
// otherwise short Japanese-first text for people.
#pragma once

#include "replica.h"
#include "syncengine.h"

#include <ostream>

namespace kyodo {

void printRecord(std::ostream &out, const ViewRecord &record, bool asJson, const TypeDef *type, bool detail);
void printOutboxEntry(std::ostream &out, const OutboxEntry &entry, bool asJson);
void printConflict(std::ostream &out, const ConflictInfo &conflict, bool asJson, const TypeDef *type);
void printSyncReport(std::ostream &out, const SyncReport &report, bool asJson);

} // namespace kyodo
