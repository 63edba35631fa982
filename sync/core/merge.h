// The server's merge rules (DESIGN.md §3) as pure functions, so every case is
// decided in one place and tested as a table without a database.
//
// Field versions: every applied change bumps a record's revision `rev`; each
// field remembers the `rev` that last wrote it (0 = never written). A client
// sends, per field, the version it based its edit on.
//
// Causal length `cl`: odd = live, even = deleted. Delete makes an odd cl even,
// restore makes an even cl odd; two concurrent deletes of the same live
// record therefore agree on the same cl.
#pragma once

#include "schema.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kyodo {

using json = nlohmann::json;

struct FieldState {
    json value;                // null when never written
    std::uint64_t version = 0; // rev that last wrote it
    std::uint64_t hlc = 0;     // HLC of that write
    std::string writer;        // client id of that write
};

struct FieldEdit {
    json value;
    std::uint64_t base = 0; // version the editor saw
    std::uint64_t hlc = 0;
    std::string writer;
};

enum class FieldOutcome {
    Apply,     // nobody else wrote the field since the base: take the edit
    Unchanged, // the field already holds this value: nothing to do
    LwwApply,  // concurrent, lww, edit is later: take it, log the overwritten value
    LwwKeep,   // concurrent, lww, edit is earlier: keep the server's, log the edit
    Flag,      // concurrent, flag: keep the server's, open a conflict for a person
};

FieldOutcome mergeField(ConflictMode mode, const FieldState &server, const FieldEdit &edit);

// Later HLC wins; equal HLCs are broken by the writer's client id so every
// replica orders them the same way.
bool editWins(const FieldState &server, const FieldEdit &edit);

enum class EditOnRecord {
    Proceed,        // the record is as live as the editor thought: merge field by field
    KeptInConflict, // it was deleted concurrently: delete wins, the edit goes into a conflict
    Refused,        // the editor knew it was deleted: editing a deleted record is refused
};
EditOnRecord mergeEditLiveness(std::int64_t serverCl, std::int64_t baseCl);

enum class DeleteOutcome {
    Apply,             // nobody changed it since the base: delete
    ApplyKeepingEdits, // edited concurrently: delete wins, the edits are kept in a conflict
    AlreadyDeleted,    // someone deleted it first: nothing to do
};
// `editedByOthers`: a field changed after the deleter's base revision by
// another device (the deleter's own earlier edits are not concurrent).
DeleteOutcome mergeDelete(std::int64_t serverCl, bool editedByOthers);

enum class RestoreOutcome { Apply, AlreadyLive };
RestoreOutcome mergeRestore(std::int64_t serverCl);

inline bool isLive(std::int64_t cl) { return cl % 2 == 1; }
inline std::int64_t deletedCl(std::int64_t cl) { return isLive(cl) ? cl + 1 : cl; }
inline std::int64_t restoredCl(std::int64_t cl) { return isLive(cl) ? cl : cl + 1; }

} // namespace kyodo
