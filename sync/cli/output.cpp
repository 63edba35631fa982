#include "output.h"

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
    const std::string state = std::string(receiptLabelJa(v.receipt)) + (v.deleted() ? "・削除済み" : "");
    if (!detail) {
        std::string title;
        if (type && !type->title.empty() && v.fields.contains(type->title))
            title = plain(v.fields[type->title]);
        title = shorten(title, 30);
        out << v.id << "  " << v.type << "  " << v.scope << "  [" << state << "]  " << title << "\n";
        return;
    }
    out << "ID: " << v.id << "\n種別 / type: " << (type ? type->labelJa + " (" + v.type + ")" : v.type)
        << "\nスコープ / scope: " << v.scope << "\n状態 / state: " << state << " / " << receiptLabelEn(v.receipt)
        << (v.deleted() ? ", deleted" : "") << "\n";
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
        out << "  理由 / reason [" << e.code << "]: " << e.messageJa << " / " << e.messageEn;
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
        out << "削除と編集の競合 / delete vs edit";
    else
        out << labelOf(type, c.field);
    out << "  [" << conflictStatusName(c.status) << "]\n    基準 / base: " << plain(c.base)
        << "\n    自分 / mine: " << plain(c.mine) << " (" << c.mineBy << ")\n    相手 / theirs: " << plain(c.theirs)
        << " (" << c.theirsBy << ")\n";
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
    out << "同期完了 / sync complete: 送信 sent " << r.pushed << " (反映 applied " << r.applied << ", 競合 conflict "
        << r.conflicts << ", 差し戻し rejected " << r.rejected << "), 受信 received " << r.pulledRecords << "\n";
    for (const std::string &s : r.repairedScopes)
        out << "検証値の不一致を修復しました / repaired checksum mismatch: " << s << "\n";
    for (const std::string &s : r.revokedScopes)
        out << "権限がなくなったスコープを削除しました / removed revoked scope: " << s << "\n";
    if (r.purged.handedToAdmin > 0)
        out << "未反映の変更 " << r.purged.handedToAdmin << " 件は管理者に引き渡しました（サーバーに保管） / "
            << r.purged.handedToAdmin << " unapplied changes were handed to the administrator (kept on the server)\n";
    if (r.purged.discarded > 0)
        out << "差し戻されていた変更 " << r.purged.discarded << " 件はスコープとともに削除しました / "
            << r.purged.discarded << " returned changes were removed with the scope\n";
    if (r.purged.drafts > 0)
        out << "下書き " << r.purged.drafts << " 件はスコープとともに削除しました / " << r.purged.drafts
            << " drafts were removed with the scope\n";
}

} // namespace kyodo
