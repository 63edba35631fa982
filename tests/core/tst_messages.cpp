// The catalogue of the engine's messages (messages.h): every message has a
// row, both languages say it with the same placeholders, every code it
// carries is registered, and filling a template inserts arguments as given;
// the same for the texts that are not errors and kyodoctl's mixed lines.
#include "errorcodes.h"
#include "messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace kyodo;

namespace {

// The numbers of the placeholders {n} in a template.
std::set<int> placeholders(std::string_view text)
{
    std::set<int> found;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{')
            continue;
        std::size_t j = i + 1;
        int n = 0;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9')
            n = n * 10 + (text[j++] - '0');
        if (j > i + 1 && j < text.size() && text[j] == '}')
            found.insert(n);
    }
    return found;
}

} // namespace

TEST(Messages, everyMessageHasItsRowInOrder)
{
    ASSERT_EQ(allMessages().size(), static_cast<std::size_t>(Msg::Count));
    for (std::size_t i = 0; i < allMessages().size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(allMessages()[i].msg), i);
        EXPECT_EQ(&messageInfo(static_cast<Msg>(i)), &allMessages()[i]);
    }
}

TEST(Messages, bothLanguagesSayItWithTheSamePlaceholders)
{
    for (const MessageInfo &m : allMessages()) {
        const auto row = static_cast<int>(m.msg);
        EXPECT_FALSE(m.ja.empty()) << row;
        EXPECT_FALSE(m.en.empty()) << row;
        EXPECT_NE(m.ja, m.en) << row;
        const std::set<int> ja = placeholders(m.ja), en = placeholders(m.en);
        EXPECT_EQ(ja, en) << row << ": " << m.ja << " / " << m.en;
        int expected = 1; // numbered 1..n without a gap
        for (int n : ja)
            EXPECT_EQ(n, expected++) << row << ": " << m.ja;
    }
}

TEST(Messages, everyCodeCarriedIsRegistered)
{
    for (const MessageInfo &m : allMessages()) {
        if (m.code.empty()) // the call site gives the code
            continue;
        EXPECT_NE(findErrorCode(m.code), nullptr) << "not in errorcodes.cpp: " << m.code;
    }
    EXPECT_TRUE(messageInfo(Msg::NthRecordFailed).code.empty());
    EXPECT_TRUE(messageInfo(Msg::ServerAnsweredHttp).code.empty());
}

TEST(Messages, anErrorCarriesTheRowsCodeAndFilledTemplates)
{
    const Error e = errorOf(Msg::RecordNotOnDevice, {"0190-abc"});
    EXPECT_EQ(e.code, "not_found");
    EXPECT_EQ(e.messageJa, "レコード 0190-abc はこの端末にありません");
    EXPECT_EQ(e.messageEn, "Record 0190-abc is not on this device");
    EXPECT_TRUE(e.field.empty());
    EXPECT_TRUE(e.detail.empty());

    const Error n = errorOf(Msg::TooManyMutations, {std::size_t(500)});
    EXPECT_EQ(n.messageJa, "一度に送れる変更は 500 件までです");
    EXPECT_EQ(n.messageEn, "At most 500 mutations per push");
}

TEST(Messages, placeholdersMayComeInAnotherOrderAndRepeat)
{
    const Error e = errorOf(Msg::AmbiguousFiscalYear, {"3", 3, 1991, 2021});
    EXPECT_EQ(e.messageJa, "「3」は平成3年度（1991年度）とも令和3年度（2021年度）とも読めます。"
                           "元号を付けてください（例: H3、R3）");
    EXPECT_EQ(e.messageEn, "\"3\" could be 平成3 (FY1991) or 令和3 (FY2021); add the era (e.g. H3 or R3)");
}

TEST(Messages, anArgumentOfEachLanguageGoesToItsOwn)
{
    const Error e = errorOf(Msg::ScopeNotForType, {MessageArg::perLanguage("会議録", "Minutes"), "ward:naka"});
    EXPECT_EQ(e.messageJa, "会議録はスコープ「ward:naka」には保存できません");
    EXPECT_EQ(e.messageEn, "Minutes records cannot live in scope 'ward:naka'");
}

TEST(Messages, wordingAnotherErrorKeepsItsCodeAndMessages)
{
    const Error inner = errorOf(Msg::RecordIdNotUuid, {"x"});
    const Error e = errorOf(inner.code, Msg::NthRecordFailed, {3, MessageArg::messageOf(inner)});
    EXPECT_EQ(e.code, "bad_id");
    EXPECT_EQ(e.messageJa, "3件目: ID「x」は UUID ではありません");
    EXPECT_EQ(e.messageEn, "Record 3: Id 'x' is not a UUID");
}

TEST(Messages, anArgumentIsInsertedAsItIs)
{
    // A user's input that looks like a placeholder is not expanded again.
    const Error e = errorOf(Msg::GrantKindMismatch, {"{2}", "{3}", "{1}"});
    EXPECT_EQ(e.messageJa, "役割 {2} にはスコープ「{3}」を付与できません（{1} の種類のみ）");
    EXPECT_EQ(e.messageEn, "Role {2} cannot be granted scope '{3}' (only {1} scopes)");

    const std::string_view args[] = {"a", "b"};
    EXPECT_EQ(fillPlaceholders("{2}{1}{2}", args), "bab");
    // What is not a placeholder of this call stays as it is.
    EXPECT_EQ(fillPlaceholders("{3} {} {x} {\"type\"} {", args), "{3} {} {x} {\"type\"} {");
    EXPECT_EQ(fillPlaceholders("{1}", {}), "{1}");
}

TEST(Texts, everyTextHasItsRowInOrder)
{
    ASSERT_EQ(allTexts().size(), static_cast<std::size_t>(Txt::Count));
    for (std::size_t i = 0; i < allTexts().size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(allTexts()[i].txt), i);
        EXPECT_EQ(&textInfo(static_cast<Txt>(i)), &allTexts()[i]);
    }
    ASSERT_EQ(allMixedLines().size(), static_cast<std::size_t>(MixedLine::Count));
    for (std::size_t i = 0; i < allMixedLines().size(); ++i)
        EXPECT_EQ(static_cast<std::size_t>(allMixedLines()[i].line), i);
}

TEST(Texts, bothLanguagesSayItWithTheSamePlaceholders)
{
    for (const TextInfo &t : allTexts()) {
        const auto row = static_cast<int>(t.txt);
        EXPECT_FALSE(t.ja.empty()) << row;
        EXPECT_FALSE(t.en.empty()) << row;
        EXPECT_NE(t.ja, t.en) << row;
        // The CLI joins the two with " / "; a language that says it itself
        // would print it twice.
        EXPECT_EQ(t.ja.find(" / "), std::string_view::npos) << row << ": " << t.ja;
        EXPECT_EQ(t.en.find(" / "), std::string_view::npos) << row << ": " << t.en;
        const std::set<int> ja = placeholders(t.ja), en = placeholders(t.en);
        EXPECT_EQ(ja, en) << row << ": " << t.ja << " / " << t.en;
        int expected = 1;
        for (int n : ja)
            EXPECT_EQ(n, expected++) << row << ": " << t.ja;
    }
}

TEST(Texts, aMixedLineHoldsBothLanguagesAndItsPlaceholdersInOrder)
{
    auto hasJapanese = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xe3; });
    };
    auto hasEnglish = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    };
    for (const MixedLineInfo &l : allMixedLines()) {
        const auto row = static_cast<int>(l.line);
        EXPECT_TRUE(hasJapanese(l.text)) << row;
        EXPECT_TRUE(hasEnglish(l.text)) << row;
        int expected = 1;
        for (int n : placeholders(l.text))
            EXPECT_EQ(n, expected++) << row << ": " << l.text;
    }
}

TEST(Texts, aTextIsFilledInEachLanguageAndPrintedJaSlashEn)
{
    const TextPair t = textOf(Txt::Imported, {std::size_t(12)});
    EXPECT_EQ(t.ja, "12 件を取り込みました");
    EXPECT_EQ(t.en, "imported 12 records");
    EXPECT_EQ(t.in(false), t.ja);
    EXPECT_EQ(t.in(true), t.en);
    EXPECT_EQ(t.bilingual(), "12 件を取り込みました / imported 12 records");
    EXPECT_EQ(bilingual(Txt::Imported, {std::size_t(12)}), t.bilingual());
    EXPECT_EQ(bilingual(Txt::SignedIn), "サインインしました / signed in");

    const TextPair d = textOf(Txt::DeletedRecord, {MessageArg::perLanguage("会議録", "Minutes")});
    EXPECT_EQ(d.ja, "会議録（削除済み）");
    EXPECT_EQ(d.en, "Minutes (deleted)");
    EXPECT_EQ(textOf(Txt::AmountInYen, {"1,200"}).bilingual(), "1,200円 / 1,200 yen");
    // A cell's text that looks like a placeholder is not expanded again.
    EXPECT_EQ(textOf(Txt::TextAndMore, {"{1}"}).en, "{1} etc.");
}

TEST(Texts, aMixedLinePrintsAsKyodoctlAlwaysHas)
{
    EXPECT_EQ(lineOf(MixedLine::SyncSummary, {1, 2, 3, 4, 5}),
              "同期完了 / sync complete: 送信 sent 1 (反映 applied 2, 競合 conflict 3, 差し戻し rejected 4), "
              "受信 received 5");
    EXPECT_EQ(lineOf(MixedLine::PasswordPrompt, {"tanaka"}), "tanaka のパスワード / password: ");
    const std::string usage = lineOf(MixedLine::KyodoctlUsage);
    EXPECT_EQ(usage.rfind("使い方 / usage: kyodoctl --db FILE", 0), 0u);
    EXPECT_EQ(usage.back(), '\n');
}
