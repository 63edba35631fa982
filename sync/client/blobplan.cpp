#include "blobplan.h"

#include "attachment.h"
#include "wareki.h"

#include <chrono>
#include <cstdio>

namespace kyodo {

namespace {

// The day of a field's prefetch_before: a date of the record, or of the
// record its ref field points to ("meeting.held_on"); "" when there is none.
// The day in Japan: 08:30 in Yokohama may be written as the evening before in UTC.
std::string prefetchDay(Replica &replica, const TypeDef &type, const ViewRecord &record, const std::string &path)
{
    if (path.empty())
        return {};
    const auto dot = path.find('.');
    const json *holder = &record.fields;
    std::optional<Replica::RefTarget> target;
    std::string key = path;
    if (dot != std::string::npos) {
        const FieldDef *ref = type.field(path.substr(0, dot));
        if (!ref || !record.fields.contains(ref->key))
            return {};
        target = replica.refTarget(record.fields[ref->key], ref->refType);
        if (!target)
            return {};
        holder = &target->record.fields;
        key = path.substr(dot + 1);
    }
    if (!holder->contains(key) || !(*holder)[key].is_string())
        return {};
    return inTokyo((*holder)[key].get<std::string>()).substr(0, 10);
}

// Every file a draft names: an entry anywhere in its values with a sha256
// (and its thumbnail), however the page lays its draft out.
void collectDraftFiles(const json &value, std::set<std::string> &out)
{
    if (value.is_array()) {
        for (const json &v : value)
            collectDraftFiles(v, out);
        return;
    }
    if (!value.is_object())
        return;
    for (const char *key : {"sha256", "thumb"})
        if (value.contains(key) && value[key].is_string() && isSha256Hex(value[key].get<std::string>()))
            out.insert(value[key].get<std::string>());
    for (const auto &[key, v] : value.items())
        collectDraftFiles(v, out);
}

} // namespace

Result<BlobPlan> planBlobs(Replica &replica, const std::string &today, int days)
{
    const SchemaSet *schemas = replica.schemas();
    BlobPlan plan;
    plan.serverRestores = replica.serverRestores();
    if (!schemas)
        return plan;
    // The last day whose papers are fetched ahead: today + days, as text.
    const auto ymd =
        std::chrono::year_month_day{std::chrono::sys_days{std::chrono::year_month_day{
                                        std::chrono::year{std::stoi(today.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(std::stoi(today.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(std::stoi(today.substr(8, 2)))}}} +
                                    std::chrono::days{days}};
    char until[16]; // YYYY-MM-DD, with room the compiler cannot rule out
    std::snprintf(until, sizeof until, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    for (const auto &[pluginId, plugin] : schemas->plugins()) {
        for (const TypeDef &type : plugin.types) {
            if (!hasAttachmentFields(type))
                continue;
            // A deleted record keeps its files here (it may be restored, and a
            // photo only this device has must not go with a delete); only a
            // record that left the device (a revoked scope) lets them go.
            auto records = replica.list(type.id, "", true);
            if (!records)
                return records.error();
            for (const ViewRecord &r : *records) {
                std::map<std::string, bool> soonOf; // per field: its papers are fetched ahead
                const auto soon = [&](const FieldDef &f) {
                    auto it = soonOf.find(f.key);
                    if (it == soonOf.end()) {
                        const std::string day = prefetchDay(replica, type, r, f.prefetchBefore);
                        it = soonOf.emplace(f.key, !day.empty() && day >= today && day <= until).first;
                    }
                    return it->second;
                };
                forEachListedFile(type, r.fields, [&](const ListedFile &file) {
                    plan.referenced.insert(file.sha256);
                    if (!file.thumb.empty())
                        plan.referenced.insert(file.thumb);
                    if (r.deleted())
                        return;
                    if (!file.thumb.empty())
                        plan.fetch.emplace(file.thumb, 0);
                    if (soon(file.field)) {
                        plan.fetch[file.sha256] = file.size;
                        plan.pinned.insert(file.sha256);
                    }
                });
            }
        }
    }
    auto drafts = replica.drafts();
    if (!drafts)
        return drafts.error();
    std::set<std::string> drafted;
    for (const Draft &d : *drafts)
        collectDraftFiles(d.fields, drafted);
    for (const std::string &sha : drafted)
        if (plan.referenced.insert(sha).second)
            plan.draftOnly.insert(sha);
    return plan;
}

} // namespace kyodo
