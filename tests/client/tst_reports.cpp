// The report engine over a real replica: grouping by fiscal year (April to
// March, labelled in wareki) and by ward, counts, sums of yen, distinct
// counts, filters on the report and on a column, the year range with empty
// years shown as zero, deleted records left out, and definitions the schema
// loader refuses with a precise reason.
#include "replicafixture.h"
#include "reportengine.h"
#include "schema.h"
#include "wareki.h"

#include <limits>
#include <map>
#include <set>

using namespace kyodo;
using namespace kyodo::test;

namespace {

class Reports : public ::testing::Test {
protected:
    TempDir dir;
    std::unique_ptr<Replica> replica = openReplica(dir.file("r.sqlite"));
    ReportEngine engine{*replica};

    void consult(const std::string &when, const std::string &scope, const std::string &category = "startup",
                 const std::string &party = "会")
    {
        json f = consultation(party);
        f["received_at"] = when;
        f["category"] = category;
        ASSERT_TRUE(replica->create("ward_centers.consultation", scope, f).ok());
    }
    void activity(const std::string &when, const std::string &status, int participants, std::int64_t cost)
    {
        json f{
            {"name", "講座"}, {"kind", "course"}, {"held_at", when}, {"status", status}, {"participants", participants},
            {"cost", cost}};
        auto id = replica->create("ward_centers.activity", "ward:naka", f);
        ASSERT_TRUE(id.ok()) << id.error().text();
    }
    ReportDef define(const json &j)
    {
        const SchemaSet *set = replica->schemas();
        auto def = parseReport(j, "ward_centers", set->type(reportTypeOf(j)));
        EXPECT_TRUE(def.ok()) << def.error().text();
        return def.ok() ? def.value() : ReportDef{};
    }
};

TEST(Wareki, FiscalYearsRunAprilToMarchAndReadInTheEraOfTheirEnd)
{
    EXPECT_EQ(fiscalYearOf("2019-03-31T23:59"), 2018);
    EXPECT_EQ(fiscalYearOf("2019-04-01"), 2019);
    EXPECT_EQ(fiscalYearOf("not a date"), 0);
    // The last minute of 9999 west of Japan is January 10000 here: still FY9999, not （未設定）.
    EXPECT_EQ(fiscalYearOf("9999-12-31T23:59-12:00"), 9999);
    EXPECT_EQ(fiscalYearOf("0001-04-01"), 1);
    EXPECT_EQ(fiscalYearOf("12345-04-01"), 0);
    EXPECT_EQ(fiscalYearLabelJa(2013), "平成25年度");
    EXPECT_EQ(fiscalYearLabelJa(2018), "平成30年度");
    EXPECT_EQ(fiscalYearLabelJa(2019), "令和元年度");
    EXPECT_EQ(fiscalYearLabelJa(2020), "令和2年度");
    EXPECT_EQ(fiscalYearLabelJa(1989), "平成元年度");
    EXPECT_EQ(fiscalYearLabelEn(2019), "FY2019");
}

TEST(Wareki, ReadsTheYearsPeopleType)
{
    for (const auto &[text, year] : std::vector<std::pair<std::string, int>>{{"2018", 2018},
                                                                             {"H30", 2018},
                                                                             {"平成30", 2018},
                                                                             {"平成30年度", 2018},
                                                                             {"30年度", 2018},
                                                                             {"28", 2016},
                                                                             {"R1", 2019},
                                                                             {"令和元", 2019},
                                                                             {"令和元年度", 2019},
                                                                             {"平成31", 2019},
                                                                             {"FY2020", 2020}})
        EXPECT_EQ(parseFiscalYear(text).value(), year) << text;
    EXPECT_FALSE(parseFiscalYear("来年").ok());
    EXPECT_FALSE(parseFiscalYear("H0").ok());
    EXPECT_EQ(parseFiscalYear("x").error().code, "bad_fiscal_year");
    // Four digits are a Western year: "0000" is none, not an open end of a range.
    for (const char *none : {"0000", "0001", "1867"})
        EXPECT_EQ(parseFiscalYear(none).error().code, "bad_fiscal_year") << none;
    EXPECT_EQ(parseFiscalYear("1868").value(), 1868);
    // 昭和 fiscal years, as the city's older tables write them: 2 to 63.
    EXPECT_EQ(parseFiscalYear("昭和63年度").value(), 1988);
    EXPECT_EQ(parseFiscalYear("S63").value(), 1988);
    EXPECT_EQ(parseFiscalYear("昭和2").value(), 1927);
    for (const char *none : {"昭和64", "S1", "昭和元"})
        EXPECT_FALSE(parseFiscalYear(none).ok()) << none;
    EXPECT_EQ(fiscalYearLabelJa(1988), "昭和63年度");
    EXPECT_EQ(fiscalYearLabelJa(1927), "昭和2年度");
    EXPECT_EQ(fiscalYearLabelJa(1926), "1926年度");
    EXPECT_EQ(fiscalYearLabelJa(1989), "平成元年度");
    for (int fy = 1927; fy <= 2030; ++fy)
        EXPECT_EQ(parseFiscalYear(fiscalYearLabelJa(fy)).value(), fy) << fiscalYearLabelJa(fy);
}

// As a clerk types a year: the report's own "H28 年度" with a space,
// full-width digits and letters, 令和2 without 年度.
TEST(Wareki, ReadsWhatAClerkTypesAndRefusesWhatIsAmbiguous)
{
    for (const auto &[text, year] : std::vector<std::pair<std::string, int>>{{"H28 年度", 2016},
                                                                             {"Ｈ２８年度", 2016},
                                                                             {"平成２８年度", 2016},
                                                                             {"令和2", 2019 + 1},
                                                                             {"令和２年度", 2020},
                                                                             {"２０１８", 2018},
                                                                             {" R1 ", 2019},
                                                                             {"ＦＹ２０２０", 2020},
                                                                             {"28年度", 2016}})
        EXPECT_EQ(parseFiscalYear(text, 2026).value(), year) << text;
    // 7年度 in FY2026 is 平成7 (FY1995) or 令和7 (FY2025): the message names both.
    auto seven = parseFiscalYear("7年度", 2026);
    ASSERT_FALSE(seven.ok());
    EXPECT_EQ(seven.error().code, "ambiguous_fiscal_year");
    EXPECT_NE(seven.error().messageJa.find("平成7年度（1995年度）"), std::string::npos) << seven.error().messageJa;
    EXPECT_NE(seven.error().messageJa.find("令和7年度（2025年度）"), std::string::npos) << seven.error().messageJa;
    EXPECT_NE(seven.error().messageEn.find("FY1995"), std::string::npos);
    EXPECT_NE(seven.error().messageEn.find("FY2025"), std::string::npos);
    EXPECT_EQ(parseFiscalYear("８", 2026).error().code, "ambiguous_fiscal_year") << "令和8 is this year";
    EXPECT_EQ(parseFiscalYear("9", 2026).error().code, "ambiguous_fiscal_year") << "令和9 is next year's, planned now";
    EXPECT_EQ(parseFiscalYear("10", 2026).value(), 1998) << "令和10 is still years away";
    EXPECT_FALSE(parseFiscalYear("H32", 2026).ok()) << "平成 ended in its 31st year";
    EXPECT_FALSE(parseFiscalYear("123", 2026).ok());
}

// A moment written with an offset belongs to the fiscal year of its date in Japan.
TEST(Wareki, FiscalYearsAreDecidedInTokyo)
{
    EXPECT_EQ(inTokyo("2019-03-31T16:30:00Z"), "2019-04-01T01:30");
    EXPECT_EQ(fiscalYearOf("2019-03-31T16:30:00Z"), 2019) << "1 April 01:30 JST is 令和元年度";
    EXPECT_EQ(fiscalYearOf("2019-03-31T16:30:00+09:00"), 2018);
    EXPECT_EQ(fiscalYearOf("2019-03-31T10:00:00.250-05:00"), 2019) << "New York's evening is Japan's next morning";
    EXPECT_EQ(fiscalYearOf("2019-04-01T08:59+0900"), 2019);
    EXPECT_EQ(fiscalYearOf("2019-04-01T08:59Z"), 2019);
    EXPECT_EQ(fiscalYearOf("2020-03-31T15:00Z"), 2020) << "across a leap day's month";
    EXPECT_EQ(inTokyo("2019-03-31T16:30"), "2019-03-31T16:30") << "no offset: already Japan's clock";
    EXPECT_EQ(inTokyo("2019-03-31"), "2019-03-31");
    EXPECT_EQ(inTokyo("2019-12-31T20:00Z"), "2020-01-01T05:00");
}

TEST_F(Reports, CountsByFiscalYearWithEveryYearOfTheRange)
{
    consult("2016-04-01T09:00", "ward:naka");   // FY2016
    consult("2017-03-31T17:00", "ward:naka");   // FY2016
    consult("2018-05-10T10:00", "ward:kohoku"); // FY2018
    auto deleted = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(replica->remove(*deleted).ok()); // FY2018, deleted: not counted
    auto t = engine.run("ward_centers.consultations_by_year", {2015, 2019});
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 5u);
    EXPECT_EQ(t->rows[0].keys[0].labelJa, "平成27年度");
    EXPECT_EQ(t->rows[0].values[0], 0);
    EXPECT_EQ(t->rows[1].keys[0].labelJa, "平成28年度");
    EXPECT_EQ(t->rows[1].values[0], 2);
    EXPECT_EQ(t->rows[2].values[0], 0);
    EXPECT_EQ(t->rows[3].values[0], 1);
    EXPECT_EQ(t->rows[4].keys[0].labelJa, "令和元年度");
    EXPECT_EQ(t->totals, std::vector<std::int64_t>{3});
}

TEST_F(Reports, FiltersAndSumsAsTheSchemaDeclares)
{
    activity("2018-06-01T10:00", "held", 25, 12000);
    activity("2018-07-01T10:00", "held", 15, 8000);
    activity("2018-08-01T10:00", "cancelled", 0, 0);
    auto t = engine.run("ward_centers.activities_by_year");
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 1u);
    EXPECT_EQ(t->rows[0].values, (std::vector<std::int64_t>{2, 40}));
}

TEST_F(Reports, ColumnsWithTheirOwnFiltersAndPerWardBreakdowns)
{
    consult("2018-05-01T10:00", "ward:naka", "funding", "A");
    consult("2018-05-02T10:00", "ward:naka", "funding", "A");
    consult("2018-05-03T10:00", "ward:naka", "startup", "B");
    consult("2018-05-04T10:00", "ward:kohoku", "funding", "C");
    const ReportDef def = define(
        {{"id", "ward_centers.by_ward"},
         {"label", {{"ja", "区別"}, {"en", "By ward"}}},
         {"type", "ward_centers.consultation"},
         {"group", {"fiscal_year(received_at)", "ward(scope)"}},
         {"columns",
          {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}},
           {{"label", {{"ja", "資金"}, {"en", "Funding"}}}, {"agg", "count"}, {"filter", {{"category", "funding"}}}},
           {{"label", {{"ja", "団体数"}, {"en", "Parties"}}}, {"agg", "distinct(party)"}}}}});
    auto t = engine.run(def);
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 2u);
    EXPECT_EQ(t->rows[0].keys[1].labelJa, "中区");
    EXPECT_EQ(t->rows[0].values, (std::vector<std::int64_t>{3, 2, 2}));
    EXPECT_EQ(t->rows[1].keys[1].labelJa, "港北区");
    EXPECT_EQ(t->rows[1].values, (std::vector<std::int64_t>{1, 1, 1}));
    EXPECT_EQ(t->totals, (std::vector<std::int64_t>{4, 3, 3})) << "a distinct total counts each party once";

    const std::string text = reportAsText(*t, false);
    EXPECT_NE(text.find("平成30年度"), std::string::npos) << text;
    EXPECT_NE(text.find("合計"), std::string::npos) << text;
    const std::string csv = reportAsCsv(*t, true);
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "Fiscal year,Ward,Count,Funding,Parties");
    EXPECT_NE(csv.find("FY2018,Naka,3,2,2"), std::string::npos) << csv;
    EXPECT_EQ(reportAsJson(*t)["rows"][0]["keys"][0]["value"], 2018);
}

TEST_F(Reports, TheFirstTextOfAGroupReadsWithEtcForTheOthers)
{
    consult("2018-09-01T10:00", "ward:naka", "funding", "後の相談");
    consult("2018-05-01T10:00", "ward:naka", "funding", "最初の相談");
    consult("2018-06-01T10:00", "ward:naka", "funding", "最初の相談");
    consult("2019-05-01T10:00", "ward:naka", "startup", "翌年度");
    consult("2019-04-01T10:00", "ward:naka", "funding", "資金でない列には数えない");
    const ReportDef def = define({{"id", "ward_centers.first_party"},
                                  {"label", {{"ja", "最初の相談者"}, {"en", "First party"}}},
                                  {"type", "ward_centers.consultation"},
                                  {"group", {"fiscal_year(received_at)"}},
                                  {"columns",
                                   {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}},
                                    {{"label", {{"ja", "相談者"}, {"en", "Party"}}},
                                     {"agg", "first(party)"},
                                     {"order", "received_at"},
                                     {"filter", {{"category", "startup"}}}},
                                    {{"label", {{"ja", "資金の相談者"}, {"en", "Funding party"}}},
                                     {"agg", "first(party)"},
                                     {"order", "received_at"},
                                     {"filter", {{"category", "funding"}}}}}}});
    auto t = engine.run(def, {2018, 2020});
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 3u);
    EXPECT_EQ(t->rows[0].texts, (std::vector<std::string>{"", "", "最初の相談"}));
    EXPECT_EQ(t->rows[0].values, (std::vector<std::int64_t>{3, 0, 2})) << "two different parties asked in FY2018";
    EXPECT_EQ(t->rows[1].texts, (std::vector<std::string>{"", "翌年度", "資金でない列には数えない"}));
    EXPECT_EQ(t->rows[2].texts, (std::vector<std::string>{"", "", ""})) << "an empty year has no text";
    const std::string text = reportAsText(*t, false);
    EXPECT_NE(text.find("最初の相談 等"), std::string::npos) << text;
    EXPECT_EQ(text.find("翌年度 等"), std::string::npos) << "one value alone has no 等\n" << text;
    EXPECT_NE(reportAsText(*t, true).find("最初の相談 etc."), std::string::npos);
    EXPECT_NE(reportAsCsv(*t, false).find("平成30年度,3,,最初の相談 等\r\n"), std::string::npos)
        << reportAsCsv(*t, false);
}

TEST_F(Reports, TheTextTableShowsARecordsTextWithoutLettingItActOnTheTerminal)
{
    ReportTable t;
    t.def = define({{"id", "ward_centers.first_party"},
                    {"label", {{"ja", "最初の相談者"}, {"en", "First party"}}},
                    {"type", "ward_centers.consultation"},
                    {"group", {"category"}},
                    {"columns",
                     {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}},
                      {{"label", {{"ja", "相談者"}, {"en", "Party"}}}, {"agg", "first(party)"}}}}});
    // A line break, an escape sequence that would clear the screen and
    // recolour it, a right-to-left override, a zero-width space, a stray byte.
    const std::string hostile = "一行目\n二行目\t\x1B[2J\x1B[31m赤\xE2\x80\xAE"
                                "fdp.exe\xE2\x80\x8B\xFF";
    t.rows.push_back({{{json("naka"), "中区", "Naka"}}, {1, 1}, {"", hostile}});
    t.rows.push_back({{{json("nishi"), "西区\x1B]0;title\x07", "Nishi"}}, {1, 1}, {"", "普通の団体"}});
    t.totals = {2, 2};
    const std::string text = reportAsText(t, false);
    EXPECT_EQ(text.find('\x1B'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
    EXPECT_EQ(text.find("\xE2\x80\xAE"), std::string::npos) << text;
    EXPECT_EQ(text.find("\xE2\x80\x8B"), std::string::npos) << text;
    EXPECT_NE(text.find("一行目 二行目 \xEF\xBF\xBD[2J\xEF\xBF\xBD[31m赤\xEF\xBF\xBD"
                        "fdp.exe"),
              std::string::npos)
        << text;
    // Every line of the table is one line: title, header, rule, two rows, rule, total.
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 7) << text;
}

TEST_F(Reports, TheFirstTextComesFromARecordWithTheOrderBeforeOneWithout)
{
    // 定員 (capacity) as the order: the course without one comes last, not first.
    auto add = [&](const std::string &name, std::optional<int> capacity) {
        json f{{"name", name}, {"kind", "course"}, {"held_at", "2018-05-01T10:00"}};
        if (capacity)
            f["capacity"] = *capacity;
        ASSERT_TRUE(replica->create("ward_centers.activity", "ward:naka", f).ok());
    };
    add("定員なし", std::nullopt);
    add("二番目", 20);
    add("一番目", 10);
    const ReportDef def =
        define({{"id", "ward_centers.first_course"},
                {"label", {{"ja", "最初の講座"}, {"en", "First course"}}},
                {"type", "ward_centers.activity"},
                {"group", {"fiscal_year(held_at)"}},
                {"columns",
                 {{{"label", {{"ja", "講座"}, {"en", "Course"}}}, {"agg", "first(name)"}, {"order", "capacity"}}}}});
    auto t = engine.run(def, {2018, 2018});
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 1u);
    EXPECT_EQ(t->rows[0].texts, (std::vector<std::string>{"一番目"}));
}

TEST_F(Reports, ACsvCellThatWouldRunAsAFormulaIsTextAndTheTotalLineIsThere)
{
    consult("2018-05-01T10:00", "ward:naka", "startup", "=HYPERLINK(\"http://example.invalid\",\"x\")");
    consult("2018-06-01T10:00", "ward:naka", "startup", "@SUM(1+1)");
    consult("2019-05-01T10:00", "ward:naka", "startup", "-2+3");
    consult("2019-06-01T10:00", "ward:naka", "startup", "+81 45");
    const ReportDef def =
        define({{"id", "ward_centers.first_party"},
                {"label", {{"ja", "最初の相談者"}, {"en", "First party"}}},
                {"type", "ward_centers.consultation"},
                {"group", {"fiscal_year(received_at)"}},
                {"columns",
                 {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}},
                  {{"label", {{"ja", "相談者"}, {"en", "Party"}}}, {"agg", "first(party)"}, {"order", "received_at"}},
                  {{"label", {{"ja", "団体数"}, {"en", "Parties"}}}, {"agg", "distinct(party)"}}}}});
    auto t = engine.run(def, {2018, 2019});
    ASSERT_TRUE(t.ok()) << t.error().text();
    const std::string csv = reportAsCsv(*t, false);
    EXPECT_NE(csv.find("平成30年度,2,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\") 等\",2\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("令和元年度,2,'-2+3 等,2\r\n"), std::string::npos) << csv;
    for (const char *formula : {",=", ",@", ",-", ",+", ",\"="})
        EXPECT_EQ(csv.find(formula), std::string::npos) << formula << "\n" << csv;
    // The total as on the screen: four parties, counted once each.
    EXPECT_TRUE(csv.ends_with("合計,4,,4\r\n")) << csv;
    EXPECT_TRUE(reportAsCsv(*t, true).ends_with("Total,4,,4\r\n")) << reportAsCsv(*t, true);
}

TEST_F(Reports, TextKeysCountNumbersAsNumbersAndTheCitysSectionsComeFirst)
{
    for (const char *meeting : {"第3期第10回", "第3期第6回", "第4期第1回", "第3期第9回"})
        consult("2018-05-01T10:00", "ward:naka", "startup", meeting);
    const ReportDef def = define({{"id", "ward_centers.by_party"},
                                  {"label", {{"ja", "相談者別"}, {"en", "By party"}}},
                                  {"type", "ward_centers.consultation"},
                                  {"group", {"party"}},
                                  {"columns", {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}}}}});
    auto t = engine.run(def);
    ASSERT_TRUE(t.ok());
    std::vector<std::string> order;
    for (const auto &r : t->rows)
        order.push_back(r.keys[0].value.get<std::string>());
    EXPECT_EQ(order, (std::vector<std::string>{"第3期第6回", "第3期第9回", "第3期第10回", "第4期第1回"}));

    std::vector<std::string> sections;
    bool sawUnsectioned = false;
    for (const ReportDef *r : engine.reports()) {
        if (r->section.empty())
            sawUnsectioned = true;
        else {
            EXPECT_FALSE(sawUnsectioned) << r->id << " of the city's report comes after one that is not";
            sections.push_back(r->section);
        }
    }
    ASSERT_GE(sections.size(), 2u);
    EXPECT_EQ(sections.front().substr(0, 4), "2(1)");
    EXPECT_EQ(sections.back(), "5");
}

// Group keys keep their type and size: "007" is not 7, a 20-digit number
// written as text is text (it used to fail the whole report), and the
// first() text of each group is its own.
TEST_F(Reports, GroupKeysKeepTheirTypeAndTheirFirstText)
{
    for (const auto &[party, staff] : std::vector<std::pair<std::string, std::string>>{
             {"007", "佐藤"}, {"7", "田中"}, {"98765432109876543210", "林"}}) {
        json f = consultation(party);
        f["staff"] = staff;
        ASSERT_TRUE(replica->create("ward_centers.consultation", "ward:naka", f).ok());
    }
    const ReportDef def = define({{"id", "ward_centers.by_party_first"},
                                  {"label", {{"ja", "相談者別"}, {"en", "By party"}}},
                                  {"type", "ward_centers.consultation"},
                                  {"group", {"party"}},
                                  {"columns",
                                   {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}},
                                    {{"label", {{"ja", "担当"}, {"en", "Staff"}}}, {"agg", "first(staff)"}}}}});
    auto t = engine.run(def);
    ASSERT_TRUE(t.ok()) << t.error().text();
    std::map<std::string, std::string> firstOf;
    for (const auto &r : t->rows) {
        ASSERT_TRUE(r.keys[0].value.is_string()) << r.keys[0].value.dump();
        EXPECT_EQ(r.values[0], 1) << r.keys[0].value.dump();
        firstOf[r.keys[0].value.get<std::string>()] = r.texts[1];
    }
    EXPECT_EQ(firstOf,
              (std::map<std::string, std::string>{{"007", "佐藤"}, {"7", "田中"}, {"98765432109876543210", "林"}}));
}

// Text is grouped, counted distinct and searched after NFKC (ＮＰＯ = NPO,
// ７ = 7) and 保土ヶ谷 = 保土ケ谷; what is stored stays what was typed.
TEST_F(Reports, TextComparesAfterNormalizationAndStaysAsTyped)
{
    consult("2018-05-01T10:00", "ward:naka", "startup", "ＮＰＯ法人かもめ");
    consult("2018-05-02T10:00", "ward:naka", "startup", "NPO法人かもめ");
    consult("2018-05-03T10:00", "ward:naka", "funding", "保土ヶ谷の会");
    consult("2018-05-04T10:00", "ward:naka", "funding", "保土ケ谷の会");
    consult("2018-05-05T10:00", "ward:naka", "funding", "第７回");
    consult("2018-05-06T10:00", "ward:naka", "funding", "第7回");
    const ReportDef byParty = define({{"id", "ward_centers.by_party_folded"},
                                      {"label", {{"ja", "相談者別"}, {"en", "By party"}}},
                                      {"type", "ward_centers.consultation"},
                                      {"group", {"party"}},
                                      {"columns", {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}}}}});
    auto t = engine.run(byParty);
    ASSERT_TRUE(t.ok()) << t.error().text();
    ASSERT_EQ(t->rows.size(), 3u);
    for (const auto &r : t->rows)
        EXPECT_EQ(r.values[0], 2) << r.keys[0].labelJa;
    const ReportDef distinct =
        define({{"id", "ward_centers.parties_folded"},
                {"label", {{"ja", "団体数"}, {"en", "Parties"}}},
                {"type", "ward_centers.consultation"},
                {"group", {"fiscal_year(received_at)"}},
                {"columns", {{{"label", {{"ja", "団体数"}, {"en", "Parties"}}}, {"agg", "distinct(party)"}}}}});
    auto d = engine.run(distinct);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->totals, (std::vector<std::int64_t>{3}));
    // Stored as typed.
    auto all = replica->list("ward_centers.consultation", "ward:naka", false);
    std::set<std::string> parties;
    for (const auto &r : *all)
        parties.insert(r.fields["party"].get<std::string>());
    EXPECT_TRUE(parties.count("ＮＰＯ法人かもめ") && parties.count("保土ヶ谷の会"));
    // Search finds both spellings, whichever is typed.
    ListQuery q;
    q.type = "ward_centers.consultation";
    q.search = "npo法人";
    EXPECT_EQ(replica->listIds(q)->size(), 2u);
    q.search = "保土ヶ谷";
    EXPECT_EQ(replica->listIds(q)->size(), 2u);
    q.search = "第７回";
    EXPECT_EQ(replica->listIds(q)->size(), 2u);
}

// Wards are listed in the city's own order, and the list filter by fiscal
// year decides it in Japan like the reports.
TEST_F(Reports, WardsInTheCitysOrderAndYearsDecidedInTokyo)
{
    for (const char *ward : {"seya", "totsuka", "aoba", "hodogaya", "konan", "tsurumi"})
        consult("2019-03-31T16:30:00Z", std::string("ward:") + ward);
    const ReportDef def = define({{"id", "ward_centers.by_ward_order"},
                                  {"label", {{"ja", "区別"}, {"en", "By ward"}}},
                                  {"type", "ward_centers.consultation"},
                                  {"group", {"fiscal_year(received_at)", "ward(scope)"}},
                                  {"columns", {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}}}}});
    auto t = engine.run(def);
    ASSERT_TRUE(t.ok()) << t.error().text();
    std::vector<std::string> order;
    for (const auto &r : t->rows) {
        EXPECT_EQ(r.keys[0].value, 2019) << "1 April 01:30 JST is 令和元年度";
        order.push_back(r.keys[1].labelJa);
    }
    EXPECT_EQ(order, (std::vector<std::string>{"鶴見区", "港南区", "保土ケ谷区", "青葉区", "戸塚区", "瀬谷区"}));
    ListQuery q;
    q.type = "ward_centers.consultation";
    q.dateField = "received_at";
    q.fiscalYear = 2019;
    EXPECT_EQ(replica->listIds(q)->size(), 6u);
    q.fiscalYear = 2018;
    EXPECT_EQ(replica->listIds(q)->size(), 0u);
}

// A figure reads with thousands separators, a sum of yen with its unit.
TEST(ReportCells, FiguresReadWithThousandsSeparatorsToTheExtremesOfInt64)
{
    ReportColumn count;
    ReportColumn yen;
    yen.agg = ReportColumn::Agg::Sum;
    yen.unit = "yen";
    EXPECT_EQ(reportCellText(count, 0, "", false), "0");
    EXPECT_EQ(reportCellText(count, 999, "", false), "999");
    EXPECT_EQ(reportCellText(count, 1000, "", false), "1,000");
    EXPECT_EQ(reportCellText(count, -1000, "", false), "-1,000");
    EXPECT_EQ(reportCellText(yen, 1234567, "", false), "1,234,567円");
    EXPECT_EQ(reportCellText(yen, -45000, "", true), "-45,000 yen");
    // A sum of hostile figures can reach either end; neither may overflow.
    EXPECT_EQ(reportCellText(count, std::numeric_limits<std::int64_t>::max(), "", false), "9,223,372,036,854,775,807");
    EXPECT_EQ(reportCellText(count, std::numeric_limits<std::int64_t>::min(), "", false), "-9,223,372,036,854,775,808");
}

// Reports count what happened: a contract counts once signed (or ended), a
// meeting once held; the status they depend on is required, so none is left
// out by being blank.
TEST(ReportStatuses, ContractsAndMeetingsCountWhatHappened)
{
    TempDir dir;
    auto replica = openReplica(dir.file("s.sqlite"));
    const SchemaSet *set = replica->schemas();
    for (const char *type : {"collaboration.contract", "committee.meeting"}) {
        const FieldDef *status = set->type(type)->field("status");
        ASSERT_NE(status, nullptr) << type;
        EXPECT_TRUE(status->required) << type << ": a report depends on its status";
    }
    for (const char *id : {"collaboration.contracts_by_year", "collaboration.article10_contracts_by_year",
                           "collaboration.contracts_by_template", "committee.schedule"}) {
        const ReportDef *def = set->report(id);
        ASSERT_NE(def, nullptr) << id;
        bool statusTerm = false;
        for (const auto &t : def->filter.terms)
            if (t.field == "status") {
                statusTerm = true;
                EXPECT_FALSE(t.negate) << id << " counts by what happened, not by what did not";
                for (const json &v : t.anyOf)
                    EXPECT_TRUE(v == "signed" || v == "ended" || v == "held") << id << ": " << v.dump();
            }
        EXPECT_TRUE(statusTerm) << id;
    }
    // A planned meeting is not in the schedule of meetings held.
    ReportEngine engine(*replica);
    int number = 6;
    for (const char *status : {"held", "planned", "cancelled"})
        ASSERT_TRUE(replica
                        ->create("committee.meeting", "committee",
                                 json{{"term", 3},
                                      {"number", number++},
                                      {"title", std::string("第3期 ") + status},
                                      {"held_on", "2018-06-25T14:00"},
                                      {"status", status}})
                        .ok());
    auto t = engine.run("committee.schedule");
    ASSERT_TRUE(t.ok()) << t.error().text();
    std::int64_t held = 0;
    for (std::int64_t v : t->totals)
        held = std::max(held, v);
    EXPECT_EQ(held, 1);
}

TEST_F(Reports, UnsentChangesCountAsTheUserSeesThem)
{
    consult("2018-05-01T10:00", "ward:naka", "funding");
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(replica->edit(*id, json{{"received_at", "2019-05-01T10:00"}}).ok());
    auto t = engine.run("ward_centers.consultations_by_year", {2018, 2019});
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->rows[0].values[0], 1);
    EXPECT_EQ(t->rows[1].values[0], 1);
}

TEST_F(Reports, AYearRangeNeedsAReportByYear)
{
    const ReportDef def = define({{"id", "ward_centers.by_category"},
                                  {"label", {{"ja", "区分別"}, {"en", "By topic"}}},
                                  {"type", "ward_centers.consultation"},
                                  {"group", {"category"}},
                                  {"columns", {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}}}}});
    EXPECT_EQ(engine.run(def, {2018, 2018}).error().code, "usage");
    EXPECT_EQ(engine.run("ward_centers.nonexistent").error().code, "not_found");
}

TEST(ReportDefinitions, TheLoaderRefusesWhatCannotBeComputed)
{
    auto schemas = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
    ASSERT_TRUE(schemas.ok());
    const TypeDef *type = schemas->type("ward_centers.activity");
    const json base = {{"id", "ward_centers.x"},
                       {"label", {{"ja", "x"}, {"en", "x"}}},
                       {"type", "ward_centers.activity"},
                       {"group", {"fiscal_year(held_at)"}},
                       {"columns", {{{"label", {{"ja", "件数"}, {"en", "Count"}}}, {"agg", "count"}}}}};
    ASSERT_TRUE(parseReport(base, "ward_centers", type).ok());
    auto refused = [&](const char *path, const json &value, const std::string &mentions) {
        json j = base;
        j[json::json_pointer(path)] = value;
        auto r = parseReport(j, "ward_centers", schemas->type(reportTypeOf(j)));
        ASSERT_FALSE(r.ok()) << path;
        EXPECT_EQ(r.error().code, "bad_report");
        EXPECT_NE(r.error().messageEn.find(mentions), std::string::npos) << r.error().messageEn;
        EXPECT_FALSE(r.error().messageJa.empty());
    };
    refused("/group/0", "fiscal_year(name)", "date or year field");
    refused("/group/0", "colour", "unknown field");
    refused("/columns/0/agg", "sum(name)", "number or yen");
    refused("/columns/0/agg", "median(cost)", "agg must be");
    refused("/columns/0/agg", "first(participants)", "needs a text field");
    refused("/columns/0/order", "held_at", "order belongs to a first() column");
    refused("/section", "", "section must be");
    refused("/filter", json{{"status", "maybe"}}, "filter value");
    refused("/filter", json{{"nope", 1}}, "unknown field");
    refused("/type", "ward_centers.nothing", "unknown record type");
    refused("/id", "other.x", "must start with");
}

} // namespace
