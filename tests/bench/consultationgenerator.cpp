#include "consultationgenerator.h"

#include "scope.h"

#include <array>
#include <cstdio>
#include <random>
#include <string_view>
#include <vector>

namespace kyodo::bench {

namespace {

// Neighbourhoods by ward, in the order of wards() (sync/core/scope.cpp).
const std::array<std::vector<std::string_view>, 18> kPlaces = {{
    {"鶴見", "生麦", "潮田"},
    {"六角橋", "白楽", "大口"},
    {"戸部", "藤棚"},
    {"本牧", "山手", "寿町"},
    {"弘明寺", "井土ケ谷", "蒔田"},
    {"星川", "天王町", "上星川"},
    {"洋光台", "杉田", "磯子台"},
    {"金沢文庫", "能見台", "六浦"},
    {"港北", "日吉", "綱島", "大倉山"},
    {"戸塚", "東戸塚", "踊場"},
    {"上大岡", "港南台", "日野"},
    {"二俣川", "鶴ケ峰", "希望が丘"},
    {"中山", "長津田", "十日市場"},
    {"三ツ境", "瀬谷", "阿久和"},
    {"本郷台", "桂台", "小菅ケ谷"},
    {"いずみ野", "立場", "緑園"},
    {"たまプラーザ", "青葉台", "藤が丘"},
    {"センター北", "仲町台", "中川"},
}};

const std::vector<std::string_view> kActivities = {
    "まちづくり", "子ども食堂", "子育てサロン", "防災",     "環境保全",   "多文化共生",   "高齢者見守り",
    "花と緑",     "学習支援",   "音楽",         "健康体操", "読み聞かせ", "居場所づくり", "障がい者スポーツ"};
const std::vector<std::string_view> kSuffixes = {"の会",   "ネットワーク", "実行委員会", "クラブ",
                                                 "応援団", "協議会",       "サークル",   "プロジェクト"};
const std::vector<std::string_view> kSurnames = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",   "山本",
                                                 "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
                                                 "松本", "井上", "木村", "林",   "清水", "斎藤"};
const std::vector<std::string_view> kGivenNames = {"花子", "美咲", "陽菜", "結衣",   "さくら", "恵子", "和子",
                                                   "太郎", "健一", "大輔", "翔太",   "拓也",   "誠",   "修",
                                                   "浩二", "直美", "由美", "真理子", "隆",     "翼"};

// Sentences of a consultation summary; {P} party, {W} ward, {N} a number.
const std::vector<std::string_view> kSummary = {
    "{P}の代表者が来所し、来年度の活動計画について相談があった。",
    "現在の会員は{N}名で、うち半数以上が六十代以上のため、若い世代の参加をどう増やすかが課題となっている。",
    "地域の子ども食堂と連携して、夏休み期間中に学習支援の場を設けたいとの意向が示された。",
    "活動場所として地区センターの会議室を月二回利用しているが、予約が取りにくくなっているとのこと。",
    "{W}社会福祉協議会の助成金に申請したいが、申請書の書き方が分からないため助言を求められた。",
    "団体のチラシを作成したものの配布先が限られており、自治会の回覧板や広報紙への掲載方法を知りたいとの相談であった。",
    "会計担当者が交代することになり、帳簿の付け方や監査の進め方について説明した。",
    "法人化を検討しているが、設立手続きや必要な書類、設立後の事務負担について不安があるとのこと。",
    "高齢者の見守り活動を行う中で、個人情報をどこまで共有してよいか判断に迷っているとの話があった。",
    "商店街の空き店舗を活用した居場所づくりについて、家賃や改装費の負担が大きく見通しが立っていない。",
    "近隣の小学校から防災訓練への協力依頼があり、役員会で対応を協議する予定である。",
    "外国につながる子どもへの日本語支援を始めたいとの相談を受け、{W}国際交流ラウンジの取り組みを紹介した。",
    "ボランティアの募集を区の情報サイトに掲載したところ、{N}件の問い合わせがあったとの報告があった。",
    "前回の相談で紹介した助成制度について、一次審査を通過したとの連絡があった。",
    "中断していた定例会を再開したが、参加者が以前の半分程度にとどまっている。",
    "代表者の負担が大きく、役割分担の見直しや引き継ぎの方法について継続して話し合うことにした。",
    "{W}役所の地域振興課とも情報を共有し、今後の支援の方向性を確認した。",
    "他区で同様の活動をしている団体の事例を紹介し、{N}月の交流会への参加を勧めた。",
    "会場の使用料や保険の加入について質問があり、ボランティア活動保険の概要を説明した。",
    "オンライン会議の導入を検討しており、機材の貸出や操作方法の講座について案内した。",
    "公園の花壇づくりに取り組む中で、土木事務所との調整方法を知りたいとのことであった。",
    "次回は具体的な事業計画案と予算書を持参してもらい、改めて内容を確認することとした。",
};
const std::vector<std::string_view> kResponseNotes = {
    "{W}社会福祉協議会のボランティアセンターを紹介した。",
    "市民活動保険の窓口と申請方法を案内した。",
    "同じ地区で活動する{P}につなぎ、顔合わせの日程を調整した。",
    "助成金の申請書の書き方について、過去の採択事例を示して助言した。",
    "地域ケアプラザの担当者に連絡し、次回の相談に同席してもらうことにした。",
    "会計や規約の見本を渡し、総会までに案を作るよう助言した。",
};
const std::vector<std::string_view> kNextActions = {
    "申請書の下書きを確認する", "事業計画案を受け取り助言する", "交流会の日程を連絡する", "地域振興課に情報提供する",
    "次回の役員会に同席する",   "助成金の審査結果を確認する",   "チラシの校正を行う",     "会場の候補を一緒に見学する"};
const std::vector<std::string_view> kChannels = {"visit", "phone", "email", "other"};
const std::vector<std::string_view> kCategories = {"startup", "operation",     "funding", "publicity",
                                                   "people",  "collaboration", "venue",   "incorporation"};
const std::vector<std::string_view> kResponses = {"advice", "referral", "connect"};

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

class Picker {
public:
    explicit Picker(std::uint64_t seed) : m_rng(seed) {}
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    template <typename T>
    const T &pick(const std::vector<T> &v)
    {
        return v[static_cast<size_t>(between(0, static_cast<int>(v.size()) - 1))];
    }

private:
    std::mt19937_64 m_rng;
};

std::string fill(std::string_view pattern, const std::string &party, const std::string &ward, Picker &p)
{
    std::string out;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}') {
            switch (pattern[i + 1]) {
            case 'P': out += party; break;
            case 'W': out += ward; break;
            default: out += std::to_string(p.between(3, 40)); break;
            }
            i += 2;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string personName(Picker &p) { return std::string(p.pick(kSurnames)) + " " + std::string(p.pick(kGivenNames)); }

std::string date(Picker &p, int yearFrom, int yearTo)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.between(yearFrom, yearTo), p.between(1, 12), p.between(1, 28));
    return buf;
}

} // namespace

std::int64_t codePoints(const std::string &utf8)
{
    std::int64_t n = 0;
    for (unsigned char c : utf8)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string ConsultationGenerator::scopeOf(std::int64_t i)
{
    return std::string("ward:") + wards()[static_cast<size_t>(i % 18)].romaji;
}

json ConsultationGenerator::fields(std::int64_t i) const
{
    Picker p(mix(m_seed ^ mix(static_cast<std::uint64_t>(i))));
    const size_t w = static_cast<size_t>(i % 18);
    const std::string ward = wards()[w].ja;
    const bool group = p.between(0, 4) != 0;
    const std::string party = group ? std::string(p.between(0, 9) == 0 ? "NPO法人" : "") +
                                          std::string(p.pick(kPlaces[w])) + std::string(p.pick(kActivities)) +
                                          std::string(p.pick(kSuffixes))
                                    : personName(p);

    // Whole sentences until 200–400 characters; bounded by the pool size.
    const std::int64_t target = p.between(200, 400);
    std::string summary;
    for (int k = 0; k < 40 && codePoints(summary) < target; ++k) {
        const std::string s = fill(p.pick(kSummary), party, ward, p);
        if (codePoints(summary) + codePoints(s) > 400)
            continue;
        summary += s;
    }
    std::string note = fill(p.pick(kResponseNotes), party, ward, p);
    if (p.between(0, 1))
        note += fill(p.pick(kResponseNotes), party, ward, p);

    char received[32];
    std::snprintf(received, sizeof received, "%sT%02d:%02d", date(p, 2019, 2024).c_str(), p.between(9, 19),
                  p.between(0, 5) * 10);
    return json{{"received_at", received},
                {"channel", std::string(p.pick(kChannels))},
                {"party", party},
                {"party_kind", group ? "group" : "person"},
                {"category", std::string(p.pick(kCategories))},
                {"summary", summary},
                {"response", std::string(p.pick(kResponses))},
                {"response_note", note},
                {"staff", personName(p)},
                {"next_action", std::string(p.pick(kNextActions))},
                {"next_due", date(p, 2024, 2025)}};
}

json ConsultationGenerator::editOf(std::int64_t i, std::int64_t n) const
{
    Picker p(mix(m_seed ^ mix(static_cast<std::uint64_t>(i) * 31 + static_cast<std::uint64_t>(n))));
    return json{{"next_action", std::string(p.pick(kNextActions)) + "（" + std::to_string(n + 1) + "回目の見直し）"}};
}

} // namespace kyodo::bench
