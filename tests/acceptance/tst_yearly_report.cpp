// The acceptance test of the yearly report: the records clerks would have
// entered (tests/fixtures), imported through kyodoctl on one device, synced
// through a real kyodo-server, and the reports computed on a second device
// must reproduce the city's tables number for number. The expected tables
// are transcribed below from ../shared/reference/yokohama-collaboration-
// report-h28-h30.txt; the fixture's records are not made from them by the
// code under test.
#include "device.h"

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
        server = ServerProcess::start(dir->path(), {{"kimura", "staff", {"city"}}, {"ono", "staff", {"city"}}}).release();
        clerk = new Device(*dir, "clerk");
        reader = new Device(*dir, "second-device");
        clerk->login(*server, "kimura");
        clerk->ok({"import", std::string(KYODO_SOURCE_DIR) + "/tests/fixtures/yume_fund.jsonl"});
        clerk->ok({"sync"});
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

TEST_F(YearlyReport, theTablesReadAsTheCityPrintsThem)
{
    const std::string table = reader->ok({"report", "yume_fund.donations_by_year", "--from", "H28", "--to", "H30"});
    EXPECT_NE(table.find("平成28年度"), std::string::npos) << table;
    EXPECT_NE(table.find("40,157,035円"), std::string::npos) << table;
    EXPECT_NE(table.find("97,915,251円"), std::string::npos) << "three-year total\n" << table;
}

} // namespace
