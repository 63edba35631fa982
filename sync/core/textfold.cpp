#include "textfold.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace kyodo {

std::string foldForComparison(std::string_view utf8)
{
    // ASCII is its own NFKC form: most keys (ids, enum values, romaji) skip ICU.
    bool ascii = true;
    for (char c : utf8)
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii)
        return std::string(utf8);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || !nfkc)
        return std::string(utf8); // no normalization data: compare as typed
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString folded = nfkc->normalize(text, status);
    if (U_FAILURE(status))
        return std::string(utf8);
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x30F6)),
                          icu::UnicodeString(static_cast<UChar32>(0x30B1))); // ヶ → ケ
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x30F5)),
                          icu::UnicodeString(static_cast<UChar32>(0x30AB))); // ヵ → カ
    std::string out;
    folded.toUTF8String(out);
    return out;
}

} // namespace kyodo
