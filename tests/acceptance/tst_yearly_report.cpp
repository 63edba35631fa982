// The acceptance test of the yearly report: the records clerks would have
// entered (tests/fixtures), imported through kyodoctl where they are kept
// (the city's by 市民局's clerk, each ward's own by that ward's clerk),
// synced through a real kyodo-server, and the reports computed on the device
// of a second city clerk, who reads every ward but may write none, must
// reproduce the city's tables number for number. The expected tables
// are transcribed below from ../shared/reference/yokohama-collaboration-
// report-h28-h30.txt; the fixture's records are not made from them by the
// code under test.
#include "device.h"
#include "scope.h"

#include <fstream>
#include <map>
#include <set>
#include <tuple>

using namespace kyodo::test;

namespace {

struct YearRow {
    int fiscalYear;
    std::vector<std::int64_t> values;
};

class YearlyReport : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir = new TempDir;
        // The fixtures' records, split by the scope that keeps them.
        std::map<std::string, std::string> byScope;
        for (const char *fixture : {"yume_fund.jsonl", "ward_centers_city.jsonl", "training.jsonl",
                                    "collaboration.jsonl", "proposals.jsonl", "accompaniment.jsonl"}) {
            std::ifstream in(std::string(KYODO_SOURCE_DIR) + "/tests/fixtures/" + fixture);
            for (std::string line; std::getline(in, line);)
                if (!line.empty())
                    byScope[json::parse(line).at("scope").get<std::string>()] += line + "\n";
        }
        std::vector<std::string> allWards;
        for (const kyodo::Ward &w : kyodo::wards())
            allWards.push_back(std::string("ward:") + w.romaji);
        std::vector<ServerProcess::User> users = {{"kimura", "staff", {"city"}},
                                                  {"ono", "staff", {"city"}, allWards},
                                                  {"hayashi", "committee", {"committee"}}};
        // Each ward's own clerk; each accompanied group's supporter; 市民局's second
        // clerk reads them all.
        for (const auto &[scope, lines] : byScope) {
            const std::string who = scope.substr(scope.find(':') + 1);
            if (scope.rfind("ward:", 0) == 0)
                users.push_back({"clerk-" + who, "staff", {scope}});
            if (scope.rfind("group:", 0) == 0) {
                users.push_back({"supporter-" + who, "supporter", {scope}});
                users[1].readScopes.push_back(scope);
            }
        }
        server = ServerProcess::start(dir->path(), users).release();
        for (const auto &[scope, lines] : byScope) {
            const std::string file = dir->file("import-" + scope.substr(scope.find(':') + 1) + ".jsonl");
            std::ofstream(file) << lines;
            const std::string who = scope.substr(scope.find(':') + 1);
            Device *device = scope == "city" ? (clerk = new Device(*dir, "clerk")) : new Device(*dir, "device-" + who);
            device->login(*server, scope == "city"                 ? "kimura"
                                   : scope.rfind("group:", 0) == 0 ? "supporter-" + who
                                                                   : "clerk-" + who);
            device->ok({"import", file});
            device->ok({"sync"});
            if (device != clerk)
                delete device;
        }
        ASSERT_NE(clerk, nullptr);
        EXPECT_GT(byScope.size(), 10u) << "the ward-recorded projects and programs are in their wards";
        reader = new Device(*dir, "second-device");
        reader->login(*server, "ono");
        reader->ok({"sync"});
    }
    static void TearDownTestSuite()
    {
        delete reader;
        delete clerk;
        delete server;
        delete dir;
    }

    // The report as the second device computes it, one row per fiscal year.
    static std::vector<YearRow> report(const std::string &id, const std::string &from, const std::string &to)
    {
        auto lines = reader->jsonLines({"report", id, "--from", from, "--to", to});
        EXPECT_EQ(lines.size(), 1u);
        std::vector<YearRow> rows;
        for (const json &r : lines.at(0)["rows"])
            rows.push_back({r["keys"][0]["value"].get<int>(), r["values"].get<std::vector<std::int64_t>>()});
        return rows;
    }

    // Any report as rows of (key values…, numbers…), keys as the engine gives them.
    struct Row {
        std::vector<json> keys;
        std::vector<std::int64_t> values;
        bool operator==(const Row &o) const { return keys == o.keys && values == o.values; }
    };
    // A record id (8-4-4-4-12 hex digits), as a group by reference holds.
    static bool isRecordId(const json &v)
    {
        if (!v.is_string() || v.get<std::string>().size() != 36)
            return false;
        const std::string &s = v.get_ref<const std::string &>();
        for (size_t i = 0; i < s.size(); ++i)
            if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-'
                                                          : !std::isxdigit(static_cast<unsigned char>(s[i])))
                return false;
        return true;
    }
    static std::vector<Row> rows(const std::string &id, const std::string &from, const std::string &to)
    {
        auto lines = reader->jsonLines({"report", id, "--from", from, "--to", to});
        EXPECT_EQ(lines.size(), 1u);
        std::vector<Row> out;
        for (const json &r : lines.at(0)["rows"]) {
            Row row;
            // A group by reference reads as the referenced record's title, as the city prints it.
            for (const json &k : r["keys"])
                row.keys.push_back(isRecordId(k["value"]) ? k["ja"] : k["value"]);
            row.values = r["values"].get<std::vector<std::int64_t>>();
            out.push_back(std::move(row));
        }
        return out;
    }

    static void expectTable(const std::vector<YearRow> &actual, const std::vector<YearRow> &expected)
    {
        ASSERT_EQ(actual.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(actual[i].fiscalYear, expected[i].fiscalYear);
            EXPECT_EQ(actual[i].values, expected[i].values) << "fiscal year " << expected[i].fiscalYear;
        }
    }

    static TempDir *dir;
    static ServerProcess *server;
    static Device *clerk;
    static Device *reader;
};

TempDir *YearlyReport::dir = nullptr;
ServerProcess *YearlyReport::server = nullptr;
Device *YearlyReport::clerk = nullptr;
Device *YearlyReport::reader = nullptr;

// 2(1) 3年間の協働事業数の推移: 協働事業数, うち協働契約締結事業数 (事業, 件).
TEST_F(YearlyReport, collaborationProjectsAndContracts)
{
    expectTable(report("collaboration.projects_by_year", "H28", "H30"), {
                                                                            {2016, {186}},
                                                                            {2017, {195}},
                                                                            {2018, {200}},
                                                                        });
    expectTable(report("collaboration.contracts_by_year", "H28", "H30"), {
                                                                             {2016, {20, 51}},
                                                                             {2017, {21, 55}},
                                                                             {2018, {25, 60}},
                                                                         });
}

// 2(1)【参考】第10条（市民発意）事業の推移, 25～30年度: 新規, 継続, 協働契約締結数, 合計 4 / 4 / 8.
// The report's "—" (継続, 25年度: none before the first year) reads as 0.
TEST_F(YearlyReport, citizenInitiatedProjects)
{
    expectTable(report("collaboration.article10_projects_by_year", "H25", "H30"), {
                                                                                      {2013, {1, 0}},
                                                                                      {2014, {1, 1}},
                                                                                      {2015, {0, 2}},
                                                                                      {2016, {0, 0}},
                                                                                      {2017, {1, 0}},
                                                                                      {2018, {1, 1}},
                                                                                  });
    expectTable(report("collaboration.article10_contracts_by_year", "H25", "H30"), {
                                                                                       {2013, {1}},
                                                                                       {2014, {2}},
                                                                                       {2015, {2}},
                                                                                       {2016, {0}},
                                                                                       {2017, {1}},
                                                                                       {2018, {2}},
                                                                                   });
    auto projects =
        reader->jsonLines({"report", "collaboration.article10_projects_by_year", "--from", "H25", "--to", "H30"});
    EXPECT_EQ(projects.at(0)["totals"], json::array({4, 4}));
    auto contracts =
        reader->jsonLines({"report", "collaboration.article10_contracts_by_year", "--from", "H25", "--to", "H30"});
    EXPECT_EQ(contracts.at(0)["totals"], json::array({8}));
}

// 3(1)ウ 平成30年度実施団体 (6団体) / 令和元年度実施団体 (3団体) of the proposal-support model project.
TEST_F(YearlyReport, modelProjectGroups)
{
    std::map<int, std::set<std::string>> groups;
    for (const Row &r : rows("proposals.model_groups_by_year", "H30", "R1"))
        groups[r.keys[0].get<int>()].insert(r.keys[1].get<std::string>());
    EXPECT_EQ(groups[2018], (std::set<std::string>{"肺がん患者の会ワンステップ2", "のはらネットワーク",
                                                   "てんでんこプロジェクト（金沢区災害ボランティアネットワーク）",
                                                   "Small Step", "アオバ住宅社", "かながわ311ネットワーク"}));
    EXPECT_EQ(groups[2019], (std::set<std::string>{"肺がん患者の会ワンステップ2", "のはらネットワーク",
                                                   "てんでんこプロジェクト（金沢区災害ボランティアネットワーク）"}));
}

// 3(1)エ 平成29年度: 市民活動支援課への事前相談 21件 (18団体), 申請受理 16件 (団体), 平成30年度採択 6件 (団体);
// 平成30年度: 公開プレゼンテーション 6団体, 最終選考で 3団体を採択 (落選した3団体は不採択);
// 令和元年度: 平成31年4月1日に協働契約を締結, 3団体が事業を開始. Each stage is an event of its proposal.
TEST_F(YearlyReport, proposalStagesAsTheirHistory)
{
    std::map<std::pair<int, std::string>, std::vector<std::int64_t>> actual;
    for (const Row &r : rows("proposals.stages_by_year", "H29", "R1"))
        actual[{r.keys[0].get<int>(), r.keys[1].get<std::string>()}] = r.values;
    const std::map<std::pair<int, std::string>, std::vector<std::int64_t>> expected = {
        {{2017, "pre_consultation"}, {21, 18}}, {{2017, "applied"}, {16, 16}},      {{2017, "adopted"}, {6, 6}},
        {{2017, "not_adopted"}, {10, 10}},      {{2018, "brushup"}, {6, 6}},        {{2018, "presentation"}, {6, 6}},
        {{2018, "final_selection"}, {6, 6}},    {{2018, "adopted"}, {3, 3}},        {{2018, "not_adopted"}, {3, 3}},
        {{2019, "contract"}, {3, 3}},           {{2019, "implementation"}, {3, 3}},
    };
    EXPECT_EQ(actual, expected);
}

// 3(1)エ 平成30年度 市民協働事業提案アイデアブラッシュアップ助成金: 6団体に助成 (30万円 / 1団体).
TEST_F(YearlyReport, brushupGrants)
{
    expectTable(report("proposals.brushup_grants_by_year", "H29", "H30"), {{2017, {0, 0}}, {2018, {6, 1800000}}});
}

// 3(1)エ 市民局の催し. 平成29年度: スキルアップ道場 1コース5回 延べ127名, 助成金説明会 2回 35名,
// 協働契約ハンドブック意見交換会 16名, その検討委員会 (市民委員3名・市職員委員3名) 計4回; 平成30年度: 中間報告会 6団体, 公開プレゼンテーション 6団体,
// 協働・共創スキルアップ道場 3回 延べ50名.
TEST_F(YearlyReport, cityEventsOfTheCivicAffairsBureau)
{
    std::map<std::pair<int, std::string>, std::vector<std::int64_t>> actual;
    for (const Row &r : rows("proposals.city_events_by_year", "H29", "H30"))
        actual[{r.keys[0].get<int>(), r.keys[1].get<std::string>()}] = r.values;
    const std::map<std::pair<int, std::string>, std::vector<std::int64_t>> expected = {
        {{2017, "dojo"}, {5, 127, 0}},       {{2017, "briefing"}, {2, 35, 0}},      {{2017, "exchange"}, {1, 16, 0}},
        {{2017, "study_group"}, {4, 24, 0}}, {{2018, "interim_report"}, {1, 0, 6}}, {{2018, "presentation"}, {1, 0, 6}},
        {{2018, "dojo"}, {3, 50, 0}},
    };
    EXPECT_EQ(actual, expected);
}

// 3(2) 協働契約ハンドブック: 庁内事業所管課向けアンケート, 平成29年11～12月.
TEST_F(YearlyReport, handbookSurvey)
{
    auto lines = reader->jsonLines({"report", "collaboration.surveys_by_year", "--from", "H29", "--to", "H29"});
    ASSERT_EQ(lines.at(0)["rows"].size(), 1u);
    EXPECT_EQ(lines.at(0)["rows"][0]["values"][0], 1);
    EXPECT_EQ(lines.at(0)["rows"][0]["texts"][2], "協働契約に関する庁内アンケート");
}

// 3(1)エ 令和元年度: 3団体にそれぞれ2名の伴走支援者を配置.
TEST_F(YearlyReport, accompanimentAssignments)
{
    auto table = report("accompaniment.assignments_by_year", "R1", "R1");
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table[0].fiscalYear, 2019);
    EXPECT_EQ(std::vector<std::int64_t>(table[0].values.begin(), table[0].values.begin() + 2),
              (std::vector<std::int64_t>{6, 3}));
}

// 4 〔参考〕各区局からの協働に関する市民活動支援課への相談件数: 平成29年度 2件, 平成30年度 24件 (延べ).
TEST_F(YearlyReport, consultationsFromWardsAndBureaus)
{
    expectTable(report("proposals.consultations_from_city", "H29", "H30"), {{2017, {2}}, {2018, {24}}});
}

// 5 The committee's meetings: 第3期 第6回 (H30.6), 第7回 (H30.10), 第8回 (H30.12.11, 公開プレゼンテーション),
// 第9回 (H30.12.17, 最終選考), 第10回 (H31.3); 第4期 第1回 (R1.7); and what the 市民協働推進センター
// table lists as each meeting's 検討内容.
TEST_F(YearlyReport, committeeSchedule)
{
    // The committee scope is the committee's: a member's device computes it.
    Device member(*dir, "committee-member");
    member.login(*server, "hayashi");
    member.ok({"import", std::string(KYODO_SOURCE_DIR) + "/tests/fixtures/committee.jsonl"});
    member.ok({"sync"});
    auto lines = member.jsonLines({"report", "committee.schedule", "--from", "H30", "--to", "R1"});
    std::vector<std::tuple<int, int, int>> meetings;
    for (const json &r : lines.at(0)["rows"])
        meetings.emplace_back(r["keys"][0]["value"].get<int>(), r["keys"][1]["value"].get<int>(),
                              r["keys"][2]["value"].get<int>());
    EXPECT_EQ(meetings, (std::vector<std::tuple<int, int, int>>{
                            {2018, 3, 6}, {2018, 3, 7}, {2018, 3, 8}, {2018, 3, 9}, {2018, 3, 10}, {2019, 4, 1}}));

    // 検討内容 of the meetings on the 市民協働推進センター: its 協議, 審議 and 報告 items in the meetings' order.
    // Items belong to their meeting by reference: a row per meeting, named by its title.
    auto items = member.jsonLines({"report", "committee.items_by_meeting"});
    std::vector<std::tuple<std::string, std::string, std::string>> computed;
    for (const json &r : items.at(0)["rows"])
        computed.emplace_back(r["keys"][0]["ja"].get<std::string>(), r["keys"][1]["ja"].get<std::string>(),
                              r["texts"][1].get<std::string>());
    EXPECT_EQ(computed, (std::vector<std::tuple<std::string, std::string, std::string>>{
                            {"第3期第6回", "協議事項", "市民協働推進センターの機能の方向性について協議"},
                            {"第3期第7回", "協議事項", "機能の詳細と、それに伴う事業内容について協議"},
                            {"第3期第9回", "協議事項", "前回の協議を踏まえ、募集要項の概要等について協議"},
                            {"第3期第10回", "審議事項", "運営事業者委託公募型プロポーザル募集要項（案）について審議"},
                            {"第4期第1回", "報告事項", "主な機能や運営方法等について市から報告"},
                        }));
}

// 2(2)ア 寄附金の推移: 件数, 寄附額.
TEST_F(YearlyReport, yumeFundDonations)
{
    expectTable(report("yume_fund.donations_by_year", "H28", "H30"), {
                                                                         {2016, {245, 40157035}},
                                                                         {2017, {276, 27247411}},
                                                                         {2018, {373, 30510805}},
                                                                     });
}

// 2(2)イ 助成金交付の推移: 登録団体助成金 (件数, 金額), 組織基盤強化助成金 (件数, 金額).
TEST_F(YearlyReport, yumeFundGrants)
{
    expectTable(report("yume_fund.grants_by_year", "平成28", "平成30"), {
                                                                            {2016, {34, 15622672, 6, 1800000}},
                                                                            {2017, {40, 34249356, 8, 2400000}},
                                                                            {2018, {42, 21721741, 8, 2400000}},
                                                                        });
}

// 3(4)イ 各区市民活動支援センターネットワーク事業: 実施回数, テーマ, 参加者（延べ）.
TEST_F(YearlyReport, networkMeetings)
{
    const std::vector<std::tuple<int, std::int64_t, std::string, std::int64_t>> city = {
        {2016, 5, "団体支援に関する相談対応について", 131},
        {2017, 4, "課題解決に向けたコーディネートについて考える", 130},
        {2018, 4, "コーディネーターに必要な力とその磨き方", 96},
    };
    auto lines = reader->jsonLines({"report", "ward_centers.network_meetings_by_year", "--from", "H28", "--to", "H30"});
    std::vector<std::tuple<int, std::int64_t, std::string, std::int64_t>> computed;
    for (const json &r : lines.at(0)["rows"])
        computed.emplace_back(r["keys"][0]["value"].get<int>(), r["values"][0].get<std::int64_t>(),
                              r["texts"][1].get<std::string>(), r["values"][2].get<std::int64_t>());
    EXPECT_EQ(computed, city);
    // Printed as the city does: the year's first theme, 等 for the others.
    const std::string table =
        reader->ok({"report", "ward_centers.network_meetings_by_year", "--from", "H28", "--to", "H30"});
    for (const auto &[year, meetings, theme, participants] : city)
        EXPECT_NE(table.find(theme + " 等"), std::string::npos) << table;
}

// 3(4)ア 市民局が支援した区: 年度, 事業名, 区数, and the wards by name.
TEST_F(YearlyReport, wardsSupportedPerProgramAndYear)
{
    EXPECT_EQ(rows("ward_centers.supported_wards_by_year", "H28", "H30"), (std::vector<Row>{
                                                                              {{2016, "liaison"}, {8}},
                                                                              {{2017, "liaison"}, {7}},
                                                                              {{2018, "strengthening"}, {5}},
                                                                          }));
    // 28年度 神奈川・西・南・金沢・港北・青葉・都筑・戸塚; 29年度 神奈川・南・保土ヶ谷・金沢・港北・戸塚・栄;
    // 30年度 神奈川・中・金沢・青葉・都筑: in the city's own ward order, as the report lists them
    // (青葉・都筑 before 戸塚), not the order of the municipal codes.
    std::map<int, std::vector<std::string>> wards;
    for (const Row &r : rows("ward_centers.supported_wards_list", "H28", "H30"))
        wards[r.keys[0].get<int>()].push_back(r.keys[2].get<std::string>());
    EXPECT_EQ(wards[2016], (std::vector<std::string>{"kanagawa", "nishi", "minami", "kanazawa", "kohoku", "aoba",
                                                     "tsuzuki", "totsuka"}));
    EXPECT_EQ(wards[2017],
              (std::vector<std::string>{"kanagawa", "minami", "hodogaya", "kanazawa", "kohoku", "totsuka", "sakae"}));
    EXPECT_EQ(wards[2018], (std::vector<std::string>{"kanagawa", "naka", "kanazawa", "aoba", "tsuzuki"}));
}

// 3(4)ウ 中間支援組織機能強化事業: 年度, 団体名, テーマ.
TEST_F(YearlyReport, intermediateSupportProjects)
{
    EXPECT_EQ(rows("ward_centers.intermediate_projects_by_year", "H28", "H30"),
              (std::vector<Row>{
                  {{2016, "横浜コミュニティカフェ・ネットワーク", "カフェ型中間支援機能の創出・強化・普及"}, {1}},
                  {{2017, "横浜コミュニティカフェ・ネットワーク", "カフェ型中間支援機能の創出・強化・普及"}, {1}},
                  {{2018, "NPO法人横浜市まちづくりセンター", "活動を展開する場所づくり支援事業"}, {1}},
              }));
}

// 3(4)エ 市民活動コーディネート講座: 年度, テーマ, 参加者（延べ）.
TEST_F(YearlyReport, coordinationCourses)
{
    EXPECT_EQ(rows("ward_centers.coordination_courses_by_year", "H28", "H29"),
              (std::vector<Row>{
                  {{2016, "市民の力を引き出し夢を実現するためのコーディネート"}, {96}},
                  {{2017, "こどもと育つ地域づくりのためのコーディネート"}, {96}},
              }));
}

// 3(3)ア 市職員の人材育成: 参加人数 by course, 28～30年度 ("—" cells: not held, no row).
TEST_F(YearlyReport, staffTrainingAttendance)
{
    const std::string c1 = "区役所経営責任職向け地域支援研修",
                      c2 = "【必須】新任責任職（課長・課長補佐・係長・専任職）研修", c3 = "【必須】採用2年目研修",
                      c4 = "【必須】新採用職員研修", c5 = "地区担当職員向けスキルアップ研修",
                      c6 = "eラーニング「協働講座」", c7 = "協働入門研修・協働実践研修等", c8 = "協働入門研修";
    const std::vector<std::tuple<std::string, int, int, int>> table = {
        // course, 28年度, 29年度, 30年度 (-1: —)
        {c1, 124, 131, 114}, {c2, 666, 634, 593}, {c3, 535, 521, -1}, {c4, 834, 889, 782},
        {c5, 618, 740, 176}, {c6, -1, 797, 574},  {c7, 160, 155, -1}, {c8, -1, -1, 83},
    };
    std::map<std::pair<int, std::string>, std::int64_t> actual;
    for (const Row &r : rows("training.attendance_by_course", "H28", "H30"))
        actual[{r.keys[0].get<int>(), r.keys[1].get<std::string>()}] = r.values[0];
    std::map<std::pair<int, std::string>, std::int64_t> expected;
    for (const auto &[course, y28, y29, y30] : table)
        for (const auto &[year, n] : {std::pair{2016, y28}, {2017, y29}, {2018, y30}})
            if (n >= 0)
                expected[{year, course}] = n;
    EXPECT_EQ(actual, expected);
}

// 市民局 compiles the report from every ward's records: its clerk reads them
// all, and may change none of them (nor the server let a change through).
TEST_F(YearlyReport, theCityClerkReadsEveryWardsRecordsAndChangesNone)
{
    auto listed = reader->jsonLines({"list", "--type", "collaboration.project", "--scope", "ward:naka"});
    ASSERT_FALSE(listed.empty()) << "中区's own projects reach the city clerk";
    const std::string id = listed.front()["id"];
    RunResult edit = reader->ctl({"edit", id, "name=書き換え"});
    EXPECT_NE(edit.exitCode, 0);
    EXPECT_NE(edit.err.find("閲覧のみ"), std::string::npos) << edit.err;
    reader->ok({"sync"});
    auto again = reader->jsonLines({"list", "--type", "collaboration.project", "--scope", "ward:naka"});
    EXPECT_EQ(again.front()["fields"]["name"], listed.front()["fields"]["name"]);
}

TEST_F(YearlyReport, theTablesReadAsTheCityPrintsThem)
{
    const std::string table = reader->ok({"report", "yume_fund.donations_by_year", "--from", "H28", "--to", "H30"});
    EXPECT_NE(table.find("平成28年度"), std::string::npos) << table;
    EXPECT_NE(table.find("40,157,035円"), std::string::npos) << table;
    EXPECT_NE(table.find("97,915,251円"), std::string::npos) << "three-year total\n" << table;
}

} // namespace
