// Validation against the real ward_centers schema: each row is one mistake a
// clerk or a buggy client could make, with the exact code it must produce.
#include "schema.h"

#include <gtest/gtest.h>

using namespace kyodo;

namespace {

const SchemaSet &schemas()
{
    static SchemaSet set = [] {
        auto loaded = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        if (!loaded)
            throw std::runtime_error(loaded.error().text());
        return std::move(loaded.value());
    }();
    return set;
}

// A plugin "x" of one record type x.t with one field "a" of `type` (text by default).
json onePlugin(int version, json field = {{"key", "a"}, {"type", "text"}, {"label", {{"ja", "a"}, {"en", "a"}}}})
{
    return json{{"plugin", "x"},
                {"version", version},
                {"types", json::array({json{{"id", "x.t"},
                                            {"label", {{"ja", "t"}, {"en", "t"}}},
                                            {"scopes", {"ward"}},
                                            {"fields", json::array({std::move(field)})}}})}};
}

json validConsultation()
{
    return {{"received_at", "2018-06-01T10:30"},
            {"channel", "visit"},
            {"party", "港北まちづくりの会"},
            {"category", "startup"},
            {"summary", "団体の立上げについて相談。会則の作り方を説明した。"},
            {"next_due", "2018-06-15"}};
}

struct Case {
    const char *name;
    const char *type;
    const char *scope;
    json fields;
    const char *code; // "" = valid
};

class RecordValidation : public ::testing::TestWithParam<Case> {};

TEST_P(RecordValidation, givesThePreciseErrorCode)
{
    const Case &c = GetParam();
    Status st = schemas().validateRecord(c.type, c.scope, c.fields);
    if (std::string(c.code).empty()) {
        EXPECT_TRUE(st.ok()) << c.name << ": " << (st.ok() ? "" : st.error().text());
    } else {
        ASSERT_FALSE(st.ok()) << c.name;
        EXPECT_EQ(st.error().code, c.code) << c.name << ": " << st.error().text();
        EXPECT_FALSE(st.error().messageJa.empty());
        EXPECT_FALSE(st.error().messageEn.empty());
    }
}

json with(json j, const char *key, json value)
{
    j[key] = std::move(value);
    return j;
}

json without(json j, const char *key)
{
    j.erase(key);
    return j;
}

const char *kC = "ward_centers.consultation";

INSTANTIATE_TEST_SUITE_P(
    Consultation, RecordValidation,
    ::testing::Values(
        Case{"valid", kC, "ward:kohoku", validConsultation(), ""},
        Case{"unknown type", "ward_centers.nope", "ward:kohoku", validConsultation(), "unknown_type"},
        Case{"unknown field", kC, "ward:kohoku", with(validConsultation(), "colour", "red"), "unknown_field"},
        Case{"missing required", kC, "ward:kohoku", without(validConsultation(), "party"), "required"},
        Case{"required set empty", kC, "ward:kohoku", with(validConsultation(), "party", ""), "required"},
        Case{"required set null", kC, "ward:kohoku", with(validConsultation(), "party", nullptr), "required"},
        Case{"text as number", kC, "ward:kohoku", with(validConsultation(), "party", 42), "wrong_type"},
        Case{"enum value unknown", kC, "ward:kohoku", with(validConsultation(), "channel", "fax"), "bad_enum"},
        Case{"text too long", kC, "ward:kohoku", with(validConsultation(), "party", std::string(201, 'a')), "too_long"},
        Case{"japanese counted as characters", kC, "ward:kohoku",
             with(validConsultation(), "party",
                  [] {
                      std::string s;
                      for (int i = 0; i < 200; ++i)
                          s += "あ";
                      return s;
                  }()),
             ""},
        Case{"bad date", kC, "ward:kohoku", with(validConsultation(), "next_due", "2018-02-30"), "wrong_type"},
        Case{"bad datetime", kC, "ward:kohoku", with(validConsultation(), "received_at", "yesterday"), "wrong_type"},
        Case{"datetime with zone", kC, "ward:kohoku",
             with(validConsultation(), "received_at", "2018-06-01T10:30:00+09:00"), ""},
        // A date is the date alone: what follows would move its fiscal year unseen.
        Case{"date with a time", kC, "ward:kohoku", with(validConsultation(), "next_due", "2019-03-31T20:00-05:00"),
             "wrong_type"},
        Case{"date with more after it", kC, "ward:kohoku", with(validConsultation(), "next_due", "2019-03-31garbage"),
             "wrong_type"},
        Case{"offset no place has", kC, "ward:kohoku",
             with(validConsultation(), "received_at", "2019-04-03T00:00+99:99"), "wrong_type"},
        Case{"offset past +14:00", kC, "ward:kohoku",
             with(validConsultation(), "received_at", "2019-04-03T00:00+14:30"), "wrong_type"},
        Case{"offset past -12:00", kC, "ward:kohoku",
             with(validConsultation(), "received_at", "2019-04-03T00:00-12:30"), "wrong_type"},
        Case{"offset at +14:00", kC, "ward:kohoku", with(validConsultation(), "received_at", "2019-04-03T00:00+14:00"),
             ""},
        Case{"offset at -12:00", kC, "ward:kohoku", with(validConsultation(), "received_at", "2019-04-03T00:00-12:00"),
             ""},
        Case{"invalid utf8", kC, "ward:kohoku", with(validConsultation(), "party", std::string("\xff\xfe")),
             "bad_encoding"},
        Case{"scope kind not allowed", kC, "committee", validConsultation(), "bad_scope"},
        Case{"unknown ward", kC, "ward:shibuya", validConsultation(), "bad_scope"},
        Case{"negative participants", "ward_centers.activity", "ward:naka",
             json{{"name", "講座"}, {"kind", "course"}, {"held_at", "2018-07-01T13:00"}, {"participants", -1}},
             "out_of_range"},
        Case{"yen as string", "ward_centers.activity", "ward:naka",
             json{{"name", "講座"}, {"kind", "course"}, {"held_at", "2018-07-01T13:00"}, {"cost", "12,000"}},
             "wrong_type"},
        Case{"int as float", "ward_centers.activity", "ward:naka",
             json{{"name", "講座"}, {"kind", "course"}, {"held_at", "2018-07-01T13:00"}, {"participants", 1.5}},
             "wrong_type"}));

TEST(PatchValidation, acceptsPartialButNotClearingRequired)
{
    EXPECT_TRUE(schemas().validatePatch(kC, {{"summary", "追記"}}).ok());
    EXPECT_TRUE(schemas().validatePatch(kC, {{"next_due", nullptr}}).ok());
    Status cleared = schemas().validatePatch(kC, {{"party", nullptr}});
    ASSERT_FALSE(cleared.ok());
    EXPECT_EQ(cleared.error().code, "required");
    EXPECT_NE(cleared.error().messageJa.find("相談者・団体"), std::string::npos);
}

// A contract 協議中 has no signing date yet; once signed (or ended) it must.
TEST(RequiredWhen, aFieldIsRequiredOnlyWhileAnotherHoldsOneOfItsValues)
{
    json contract = {{"project", "0190c000-0000-7000-8000-000000000001"},
                     {"fiscal_year", 2019},
                     {"template", "consignment"},
                     {"partner", "認定NPO法人市民セクターよこはま"},
                     {"other_partners", "関内イノベーションイニシアティブ株式会社"},
                     {"origin", "city"},
                     {"status", "draft"}};
    EXPECT_TRUE(schemas().validateRecord("collaboration.contract", "city", contract).ok());
    contract["status"] = "signed";
    Status st = schemas().validateRecord("collaboration.contract", "city", contract);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "required");
    EXPECT_EQ(st.error().field, "signed_on");
    EXPECT_EQ(st.error().messageJa, "「状況」が「締結」のときは「締結日」が必須です");
    contract["signed_on"] = "";
    EXPECT_FALSE(schemas().validateComplete("collaboration.contract", contract).ok());
    contract["signed_on"] = "2019-04-01";
    EXPECT_TRUE(schemas().validateRecord("collaboration.contract", "city", contract).ok());

    SchemaSet set;
    json broken = onePlugin(1, {{"key", "a"},
                                {"type", "text"},
                                {"label", {{"ja", "a"}, {"en", "a"}}},
                                {"required_when", {{"field", "nowhere"}, {"values", {"x"}}}}});
    Status loaded = set.add(broken, "test");
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().text().find("nowhere"), std::string::npos);
}

TEST(SchemaVersion, refusesAVersionTheServerDoesNotKnow)
{
    const int current = schemas().plugin("ward_centers")->version;
    EXPECT_TRUE(schemas().validateVersion(kC, 1).ok());
    EXPECT_TRUE(schemas().validateVersion(kC, current).ok());
    Status st = schemas().validateVersion(kC, current + 1);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "schema_version");
}

// A plugin that raised its oldest accepted version: changes made with an
// older form are refused with "update the app", newer ones go through.
TEST(SchemaVersion, refusesChangesFromAFormOlderThanTheMinimum)
{
    const auto plugin = [](json minVersion) {
        json s = onePlugin(3);
        if (!minVersion.is_null())
            s["min_version"] = std::move(minVersion);
        return s;
    };
    SchemaSet set;
    ASSERT_TRUE(set.add(plugin(2), "test").ok());
    EXPECT_TRUE(set.validateVersion("x.t", 2).ok());
    EXPECT_TRUE(set.validateVersion("x.t", 3).ok());
    Status old = set.validateVersion("x.t", 1);
    ASSERT_FALSE(old.ok());
    EXPECT_EQ(old.error().code, "schema_too_old");
    EXPECT_NE(old.error().messageJa.find("アプリを更新"), std::string::npos) << old.error().messageJa;
    SchemaSet open;
    ASSERT_TRUE(open.add(plugin(nullptr), "test").ok());
    EXPECT_TRUE(open.validateVersion("x.t", 1).ok()) << "without min_version every known version is taken";
    for (json wrong : {json(0), json(4), json("2")}) {
        SchemaSet bad;
        EXPECT_EQ(bad.add(plugin(wrong), "test").error().code, "bad_schema") << wrong.dump();
    }
}

TEST(SchemaLoading, reportsBrokenSchemasPrecisely)
{
    SchemaSet set;
    Status st =
        set.add(onePlugin(1, {{"key", "a"}, {"type", "colour"}, {"label", {{"ja", "a"}, {"en", "a"}}}}), "test");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "bad_schema");
    EXPECT_NE(st.error().messageEn.find("colour"), std::string::npos);
    EXPECT_FALSE(SchemaSet::loadDirectory("/nonexistent").ok());
}

// Found by fuzz_schema_load: a value of the wrong JSON type anywhere in a
// schema (here "required": {...}) is an error naming it, not an exception.
TEST(SchemaLoading, aValueOfTheWrongKindIsAnErrorNotACrash)
{
    const auto schemaWith = [](const char *key, json value) {
        json field{{"key", "a"}, {"type", "text"}, {"label", {{"ja", "a"}, {"en", "a"}}}};
        field[key] = std::move(value);
        return onePlugin(1, std::move(field));
    };
    for (json wrong : {json::object({{"ja", "x"}}), json("yes"), json(1), json::array()}) {
        SchemaSet set;
        Status st = set.add(schemaWith("required", wrong), "test");
        ASSERT_FALSE(st.ok()) << wrong.dump();
        EXPECT_EQ(st.error().code, "bad_schema");
    }
    SchemaSet set;
    json report = schemaWith("required", true);
    report["reports"] = json::array({json{{"id", 7}, {"label", "not an object"}, {"type", "x.t"}}});
    Status st = set.add(report, "test");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "bad_schema");
}

TEST(SchemaLoading, roundTripsThroughJson)
{
    auto copy = SchemaSet::fromJson(schemas().toJson());
    ASSERT_TRUE(copy.ok());
    EXPECT_NE(copy->type(kC), nullptr);
    EXPECT_EQ(copy->type(kC)->field("channel")->conflict, ConflictMode::Flag);
}

} // namespace
