// Every ordinance-area plugin's own checks: its metadata names exactly the
// record types of its schema; the engine accepts the schema; a typical
// record of each type (as a clerk would enter it) is valid and saves, and
// each way of getting one of its fields wrong is refused with its own code
// before anything is saved; and each of its reports runs over those records
// and counts them.
#include "replicafixture.h"
#include "reportengine.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using namespace kyodo;
using kyodo::test::openReplica;
using kyodo::test::TempDir;

namespace {

const std::map<std::string, std::pair<std::string, json>> &samples()
{
    static const std::map<std::string, std::pair<std::string, json>> all = {
        {"collaboration.project",
         {"city",
          {{"fiscal_year", 2018},
           {"name", "里山保全協働事業"},
           {"department", "環境創造局環境活動支援課"},
           {"partner", "NPO法人よこはま里山ネット"},
           {"origin", "citizen"},
           {"continuation", "new"}}}},
        {"collaboration.contract",
         {"city",
          {{"project", "0190c000-0000-7000-8000-000000000001"},
           {"fiscal_year", 2018},
           {"template", "cohost"},
           {"partner", "NPO法人よこはま里山ネット"},
           {"origin", "citizen"},
           {"signed_on", "2018-05-10"},
           {"status", "signed"}}}},
        {"collaboration.evaluation",
         {"city",
          {{"project", "0190c000-0000-7000-8000-000000000001"},
           {"evaluated_on", "2019-03-20"},
           {"by", "joint"},
           {"achievement", "achieved"}}}},
        {"collaboration.survey",
         {"city",
          {{"title", "協働契約に関する庁内アンケート"},
           {"target", "庁内事業所管課"},
           {"conducted_from", "2017-11-01"},
           {"responses", 42}}}},
        {"proposals.proposal",
         {"city",
          {{"fiscal_year", 2018},
           {"title", "子どもの外遊びの場づくり"},
           {"group", "のはらネットワーク"},
           {"stage", "brushup"},
           {"model_project", true}}}},
        {"proposals.consultation",
         {"city", {{"held_on", "2018-06-01"}, {"from", "ward"}, {"party", "戸塚区地域振興課"}}}},
        {"proposals.stage_event",
         {"city",
          {{"proposal", "0190f000-0000-7000-8000-000000000001"}, {"stage", "presentation"}, {"on", "2018-12-11"}}}},
        {"proposals.brushup_grant",
         {"city",
          {{"proposal", "0190f000-0000-7000-8000-000000000001"}, {"awarded_on", "2018-05-15"}, {"amount", 300000}}}},
        {"proposals.city_event",
         {"city", {{"held_on", "2018-07-02"}, {"kind", "interim_report"}, {"title", "中間報告会"}, {"groups", 6}}}},
        {"accompaniment.visit_note",
         {"group:nohara",
          {{"visited_at", "2018-07-02T15:00"},
           {"group_name", "のはらネットワーク"},
           {"supporter", "市民活動支援課 田中"},
           {"summary", "中間報告の準備"}}}},
        {"accompaniment.follow_up",
         {"group:nohara",
          {{"action", "関連課との打合せを設定"}, {"due_on", "2018-07-20"}, {"owner", "田中"}, {"status", "open"}}}},
        {"accompaniment.assignment",
         {"group:nohara",
          {{"group_name", "のはらネットワーク"},
           {"supporter", "tanaka"},
           {"supporter_name", "市民活動支援課 田中"},
           {"role", "main"},
           {"from", "2019-04-01"}}}},
        {"accompaniment.advisor_dispatch",
         {"group:nohara",
          {{"dispatched_on", "2018-08-03"},
           {"group_name", "のはらネットワーク"},
           {"advisor", "山本 専門アドバイザー"},
           {"fee", 20000}}}},
        {"yume_fund.registered_group",
         {"city", {{"name", "NPO法人よこはま里山ネット"}, {"registered_on", "2015-06-01"}, {"status", "active"}}}},
        {"yume_fund.donation",
         {"city",
          {{"received_on", "2018-04-01"},
           {"donor_kind", "person"},
           {"amount", 10000},
           {"designation", "field"},
           {"designated_field", "children"}}}},
        {"yume_fund.grant",
         {"city",
          {{"kind", "capacity"},
           {"group", "0190d000-0000-7000-8000-000000000001"},
           {"status", "decided"},
           {"decided_on", "2018-07-01"},
           {"amount", 300000}}}},
        {"training.course", {"city", {{"name", "協働入門研修"}, {"mandatory", false}}}},
        {"training.session",
         {"city", {{"course", "0190e000-0000-7000-8000-000000000001"}, {"held_on", "2018-08-21"}, {"attendees", 83}}}},
        {"ward_centers.consultation",
         {"ward:naka",
          {{"received_at", "2018-06-01T10:30"}, {"channel", "visit"}, {"party", "中区の会"}, {"category", "startup"}}}},
        {"ward_centers.activity",
         {"ward:naka",
          {{"name", "市民活動入門講座"},
           {"kind", "course"},
           {"held_at", "2018-09-01T13:30"},
           {"status", "held"},
           {"participants", 24}}}},
        {"ward_centers.network_meeting",
         {"city",
          {{"held_on", "2018-06-05"}, {"theme", "コーディネーターに必要な力とその磨き方"}, {"participants", 25}}}},
        {"ward_centers.support_program",
         {"city", {{"fiscal_year", 2018}, {"program", "strengthening"}, {"ward", "naka"}}}},
        {"ward_centers.intermediate_project",
         {"city",
          {{"fiscal_year", 2018}, {"organization", "NPO法人横浜市まちづくりセンター"}, {"theme", "場所づくり支援"}}}},
        {"ward_centers.coordination_course",
         {"city",
          {{"fiscal_year", 2017}, {"theme", "こどもと育つ地域づくりのためのコーディネート"}, {"participants", 96}}}},
        {"committee.meeting",
         {"committee",
          {{"term", 3}, {"number", 6}, {"title", "第3期第6回"}, {"held_on", "2018-06-25T14:00"}, {"status", "held"}}}},
        {"committee.agenda_item",
         {"committee",
          {{"meeting", "0190a000-0000-7000-8000-000000000001"},
           {"kind", "recommendation"},
           {"subject", "新市庁舎における市民協働スペースに関する意見書（建議）"},
           {"addressed_to", "横浜市長"},
           {"submitted_on", "2017-03-21"}}}},
        {"committee.member",
         {"committee", {{"term", 3}, {"name", "委員A"}, {"role", "chair"}, {"category", "expert"}}}},
        {"committee.attendance",
         {"committee", {{"meeting", "0190a000-0000-7000-8000-000000000001"}, {"member", "委員A"}, {"present", true}}}},
        {"committee.minutes",
         {"committee", {{"meeting", "0190a000-0000-7000-8000-000000000001"}, {"text", "委員長より開会。"}}}},
    };
    return all;
}

const SchemaSet &schemas()
{
    static const SchemaSet set = [] {
        auto loaded = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        if (!loaded)
            throw std::runtime_error(loaded.error().text());
        return loaded.value();
    }();
    return set;
}

class Plugin : public ::testing::TestWithParam<std::string> {};

TEST_P(Plugin, metadataNamesExactlyTheSchemasRecordTypes)
{
    const std::string id = GetParam();
    std::ifstream file(std::string(KYODO_SCHEMA_DIR) + "/" + id + "/" + id + ".json");
    ASSERT_TRUE(file) << "plugins/" << id << "/" << id << ".json";
    const json metadata = json::parse(file);
    std::vector<std::string> declared = metadata.at("RecordTypes"), inSchema;
    const kyodo::PluginSchema *schema = schemas().plugin(id);
    ASSERT_NE(schema, nullptr);
    for (const TypeDef &t : schema->types)
        inSchema.push_back(t.id);
    std::sort(declared.begin(), declared.end());
    std::sort(inSchema.begin(), inSchema.end());
    EXPECT_EQ(declared, inSchema);
    EXPECT_EQ(metadata.at("Id"), id);
}

TEST_P(Plugin, aTypicalRecordOfEachTypeIsValidAndEveryReportCountsThem)
{
    const std::string id = GetParam();
    TempDir dir;
    auto replica = openReplica(dir.file("r.sqlite"));
    const kyodo::PluginSchema *schema = schemas().plugin(id);
    for (const TypeDef &t : schema->types) {
        auto sample = samples().find(t.id);
        ASSERT_NE(sample, samples().end()) << "no typical record for " << t.id;
        const auto &[scope, fields] = sample->second;
        EXPECT_TRUE(schemas().validateRecord(t.id, scope, fields).ok()) << t.id;
        auto created = replica->create(t.id, scope, fields);
        EXPECT_TRUE(created.ok()) << t.id << ": " << (created.ok() ? "" : created.error().text());
    }
    ReportEngine engine(*replica);
    ASSERT_FALSE(schema->reports.empty()) << id << " declares no report";
    for (const ReportDef &def : schema->reports) {
        auto table = engine.run(def);
        ASSERT_TRUE(table.ok()) << def.id << ": " << table.error().text();
        EXPECT_FALSE(table->rows.empty()) << def.id << " counted nothing of the typical records";
    }
}

// The typical record with one thing wrong: what the engine must answer, for
// every field of every type, on this device before it is ever sent.
struct Mistake {
    std::string what;
    std::string scope;
    json fields;
    std::string code;
};

std::vector<Mistake> mistakesOf(const TypeDef &t, const std::string &scope, const json &typical)
{
    std::vector<Mistake> out;
    auto with = [&](const std::string &key, const json &value) {
        json f = typical;
        f[key] = value;
        return f;
    };
    out.push_back({"an unknown field", scope, with("no_such_field", "x"), "unknown_field"});
    for (const auto &[kind, other] : std::map<std::string, std::string>{
             {"ward", "ward:naka"}, {"city", "city"}, {"committee", "committee"}, {"group", "group:nohara"}})
        if (std::find(t.scopeKinds.begin(), t.scopeKinds.end(), kind) == t.scopeKinds.end()) {
            out.push_back({"a scope of another kind (" + other + ")", other, typical, "bad_scope"});
            break;
        }
    for (const FieldDef &f : t.fields) {
        if (f.required) {
            json missing = typical;
            missing.erase(f.key);
            out.push_back({f.key + " left out", scope, missing, "required"});
        }
        const bool number = f.type == FieldType::Int || f.type == FieldType::Yen;
        out.push_back({f.key + " of the wrong type", scope,
                       with(f.key, number || f.type == FieldType::Bool ? json("12") : json(12)), "wrong_type"});
        if (f.type == FieldType::Enum)
            out.push_back({f.key + " not one of its choices", scope, with(f.key, "no_such_choice"), "bad_enum"});
        if ((f.type == FieldType::Text || f.type == FieldType::LongText) && f.max) {
            std::string tooLong;
            for (std::int64_t i = 0; i <= *f.max; ++i)
                tooLong += "あ";
            out.push_back({f.key + " longer than its limit", scope, with(f.key, tooLong), "too_long"});
        }
        if (number && f.max)
            out.push_back({f.key + " above its maximum", scope, with(f.key, *f.max + 1), "out_of_range"});
        if (f.type == FieldType::Yen)
            out.push_back({f.key + " a negative amount", scope, with(f.key, -1), "out_of_range"});
        if (f.type == FieldType::Date || f.type == FieldType::DateTime)
            out.push_back({f.key + " not a date", scope, with(f.key, "2018-02-30"), "wrong_type"});
    }
    return out;
}

TEST_P(Plugin, eachWayOfGettingAFieldWrongIsRefusedWithItsOwnCodeAndNothingIsSaved)
{
    const std::string id = GetParam();
    TempDir dir;
    auto replica = openReplica(dir.file("r.sqlite"));
    size_t checked = 0;
    for (const TypeDef &t : schemas().plugin(id)->types) {
        const auto &[scope, typical] = samples().at(t.id);
        for (const Mistake &m : mistakesOf(t, scope, typical)) {
            auto verdict = schemas().validateRecord(t.id, m.scope, m.fields);
            ASSERT_FALSE(verdict.ok()) << t.id << ": " << m.what << " was accepted";
            EXPECT_EQ(verdict.error().code, m.code) << t.id << ": " << m.what << ": " << verdict.error().text();
            EXPECT_FALSE(verdict.error().messageJa.empty());
            auto saved = replica->create(t.id, m.scope, m.fields);
            ASSERT_FALSE(saved.ok()) << t.id << ": " << m.what << " was saved";
            EXPECT_EQ(saved.error().code, m.code);
            ++checked;
        }
    }
    EXPECT_GT(checked, 10u);
    EXPECT_EQ(replica->outbox(true)->size(), 0u) << "a refused record left something to send";
    EXPECT_TRUE(replica->list("", "", true)->empty()) << "a refused record was saved";
}

INSTANTIATE_TEST_SUITE_P(Plugins, Plugin,
                         ::testing::Values("accompaniment", "collaboration", "committee", "proposals", "training",
                                           "ward_centers", "yume_fund"),
                         [](const auto &info) { return info.param; });

TEST(PluginSchemas, theSevenAreasAreAllThere) { EXPECT_EQ(schemas().plugins().size(), 7u); }

} // namespace
