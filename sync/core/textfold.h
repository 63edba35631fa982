// Text as reports and search compare it: Unicode NFKC (ＮＰＯ = NPO, ７ = 7,
// ｶﾀｶﾅ = カタカナ) and the small ヶ/ヵ of place names read as ケ/カ
// (保土ヶ谷 = 保土ケ谷). Only for comparing and grouping: what is stored
// stays what was typed. ICU (Debian's libicu) does the normalization.
#pragma once

#include <string>
#include <string_view>

namespace kyodo {

std::string foldForComparison(std::string_view utf8);

} // namespace kyodo
