#include "scope.h"

#include "messages.h"

namespace kyodo {

const std::vector<Ward> &wards()
{
    // The city's own order, as its documents list the wards (鶴見・神奈川・西・
    // 中・南・港南・保土ケ谷・旭・磯子・金沢・港北・緑・青葉・都筑・戸塚・栄・泉・
    // 瀬谷), not the order of the municipal codes.
    static const std::vector<Ward> all = {
        {"tsurumi", "鶴見区"}, {"kanagawa", "神奈川区"}, {"nishi", "西区"},          {"naka", "中区"},
        {"minami", "南区"},    {"konan", "港南区"},      {"hodogaya", "保土ケ谷区"}, {"asahi", "旭区"},
        {"isogo", "磯子区"},   {"kanazawa", "金沢区"},   {"kohoku", "港北区"},       {"midori", "緑区"},
        {"aoba", "青葉区"},    {"tsuzuki", "都筑区"},    {"totsuka", "戸塚区"},      {"sakae", "栄区"},
        {"izumi", "泉区"},     {"seya", "瀬谷区"},
    };
    return all;
}

const Ward *findWard(const std::string &romaji)
{
    for (const Ward &w : wards())
        if (romaji == w.romaji)
            return &w;
    return nullptr;
}

static bool isIdentifier(const std::string &s)
{
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

Result<std::string> scopeKind(const std::string &scope)
{
    auto bad = [&] { return errorOf(Msg::InvalidScope, {scope}); };
    if (scope == "committee" || scope == "city")
        return scope;
    if (scope.rfind("ward:", 0) == 0) {
        if (!findWard(scope.substr(5)))
            return bad();
        return std::string("ward");
    }
    if (scope.rfind("group:", 0) == 0) {
        if (!isIdentifier(scope.substr(6)))
            return bad();
        return std::string("group");
    }
    return bad();
}

} // namespace kyodo
