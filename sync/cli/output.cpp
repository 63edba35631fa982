#include "output.h"

#include "messages.h"

namespace kyodo {

namespace {

std::string plain(const json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string labelOf(const TypeDef *type, const std::string &key)
{
    const FieldDef *f = type ? type->field(key) : nullptr;
    return f ? f->labelJa + " (" + key + ")" : key;
}

// At most `chars` characters, never cutting a UTF-8 sequence in half.
std::string shorten(const std::string &text, size_t chars)
{
    size_t bytes = 0;
    for (size_t n = 0; bytes < text.size(); ++n) {
        if (n == chars)
            return text.substr(0, bytes) + "…";
        const unsigned char c = static_cast<unsigned char>(text[bytes]);
        bytes += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    }
    return text;
}

} // namespace

void printRecord(std::ostream &out, const ViewRecord &v, bool asJson, const TypeDef *type, bool detail)
{
    if (asJson) {
        out << json{{"id", v.id},           {"type", v.type},
                    {"scope", v.scope},     {"deleted", v.deleted()},
                    {"pending", v.pending}, {"receipt", toString(v.receipt)},
                    {"fields", v.fields}}
                   .dump()
            << "\n";
        return;
    }
    TextPair state{receiptLabelJa(v.receipt), receiptLabelEn(v.receipt)};
    if (v.deleted())
        state = textOf(Txt::StateDeleted, {MessageArg::perLanguage(state.ja, state.en)});
    if (!detail) {
        std::string title;
        if (type && !type->title.empty() && v.fields.contains(type->title))
            title = plain(v.fields[type->title]);
        title = shorten(title, 30);
        out << v.id << "  " << v.type << "  " << v.scope << "  [" << state.ja << "]  " << title << "\n";
        return;
    }
    out << "ID: " << v.id << "\n"
        << bilingual(Txt::RecordType) << ": " << (type ? type->labelJa + " (" + v.type + ")" : v.type) << "\n"
        << bilingual(Txt::RecordScope) << ": " << v.scope << "\n"
        << bilingual(Txt::RecordState) << ": " << state.bilingual() << "\n";
    for (const auto &[key, value] : v.fields.items())
        out << "  " << labelOf(type, key) << ": " << plain(value) << "\n";
}

void printOutboxEntry(std::ostream &out, const OutboxEntry &e, bool asJson)
{
    const Mutation &m = e.mutation;
    if (asJson) {
        json j{{"cseq", m.cseq},   {"op", opName(m.op)},         {"record", m.record}, {"type", m.type},
               {"scope", m.scope}, {"state", toString(e.state)}, {"fields", m.fields}, {"saved_at", e.savedAt}};
        if (e.state == OutboxState::Rejected)
            j["reason"] = {{"code", e.code}, {"message", e.messageJa}, {"message_en", e.messageEn}};
        out << j.dump() << "\n";
        return;
    }
    out << "#" << m.cseq << "  " << opName(m.op) << "  " << m.record << "  " << m.type << "  "
        << receiptLabelJa(e.state) << " / " << receiptLabelEn(e.state);
    if (e.state == OutboxState::Rejected)
        out << "  " << bilingual(Txt::Reason) << " [" << e.code << "]: " << e.messageJa << " / " << e.messageEn;
    out << "\n";
}

void printConflict(std::ostream &out, const ConflictInfo &c, bool asJson, const TypeDef *type)
{
    if (asJson) {
        out << conflictToJson(c).dump() << "\n";
        return;
    }
    out << c.id << "  " << c.record << "  ";
    if (c.kind == ConflictKind::DeleteEdit)
        out << bilingual(Txt::DeleteVsEdit);
    else
        out << labelOf(type, c.field);
    out << "  [" << conflictStatusName(c.status) << "]\n"
        << "    " << bilingual(Txt::ConflictBase) << ": " << plain(c.base) << "\n"
        << "    " << bilingual(Txt::ConflictMine) << ": " << plain(c.mine) << " (" << c.mineBy << ")\n"
        << "    " << bilingual(Txt::ConflictTheirs) << ": " << plain(c.theirs) << " (" << c.theirsBy << ")\n";
}

void printSyncReport(std::ostream &out, const SyncReport &r, bool asJson)
{
    if (asJson) {
        out << json{{"pushed", r.pushed},
                    {"applied", r.applied},
                    {"conflicts", r.conflicts},
                    {"rejected", r.rejected},
                    {"pulled_records", r.pulledRecords},
                    {"pulled_conflicts", r.pulledConflicts},
                    {"repaired_scopes", r.repairedScopes},
                    {"resent_after_restore", r.resentAfterRestore},
                    {"revoked_scopes", r.revokedScopes},
                    {"purged",
                     {{"scopes", r.purged.scopes},
                      {"handed_to_admin", r.purged.handedToAdmin},
                      {"discarded", r.purged.discarded},
                      {"drafts", r.purged.drafts}}}}
                   .dump()
            << "\n";
        return;
    }
    out << lineOf(MixedLine::SyncSummary, {r.pushed, r.applied, r.conflicts, r.rejected, r.pulledRecords}) << "\n";
    if (r.resentAfterRestore > 0)
        out << bilingual(Txt::ResentAfterRestore, {r.resentAfterRestore}) << "\n";
    for (const std::string &s : r.repairedScopes)
        out << bilingual(Txt::RepairedChecksum) << ": " << s << "\n";
    for (const std::string &s : r.revokedScopes)
        out << bilingual(Txt::RemovedRevokedScope) << ": " << s << "\n";
    if (r.purged.handedToAdmin > 0)
        out << bilingual(Txt::HandedToAdmin, {r.purged.handedToAdmin}) << "\n";
    if (r.purged.discarded > 0)
        out << bilingual(Txt::ReturnedChangesRemoved, {r.purged.discarded}) << "\n";
    if (r.purged.drafts > 0)
        out << bilingual(Txt::DraftsRemoved, {r.purged.drafts}) << "\n";
}

} // namespace kyodo
