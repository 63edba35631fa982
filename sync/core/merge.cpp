#include "merge.h"

namespace kyodo {

bool editWins(const FieldState &server, const FieldEdit &edit)
{
    if (edit.hlc != server.hlc)
        return edit.hlc > server.hlc;
    return edit.writer > server.writer;
}

FieldOutcome mergeField(ConflictMode mode, const FieldState &server, const FieldEdit &edit)
{
    if (server.value == edit.value)
        return FieldOutcome::Unchanged;
    if (server.version == edit.base)
        return FieldOutcome::Apply;
    // A device's own edits reach the server in cseq order: a newer edit of the
    // field it wrote last is a continuation, not a concurrent change.
    if (!edit.writer.empty() && server.writer == edit.writer)
        return FieldOutcome::Apply;
    if (mode == ConflictMode::Flag)
        return FieldOutcome::Flag;
    return editWins(server, edit) ? FieldOutcome::LwwApply : FieldOutcome::LwwKeep;
}

EditOnRecord mergeEditLiveness(std::int64_t serverCl, std::int64_t baseCl)
{
    if (isLive(serverCl))
        return EditOnRecord::Proceed; // live now (maybe restored since): merge normally
    if (isLive(baseCl))
        return EditOnRecord::KeptInConflict;
    return EditOnRecord::Refused;
}

DeleteOutcome mergeDelete(std::int64_t serverCl, bool editedByOthers)
{
    if (!isLive(serverCl))
        return DeleteOutcome::AlreadyDeleted;
    return editedByOthers ? DeleteOutcome::ApplyKeepingEdits : DeleteOutcome::Apply;
}

RestoreOutcome mergeRestore(std::int64_t serverCl)
{
    return isLive(serverCl) ? RestoreOutcome::AlreadyLive : RestoreOutcome::Apply;
}

} // namespace kyodo
