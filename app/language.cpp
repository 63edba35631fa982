#include "language.h"

#include <atomic>

namespace Kyodo {
namespace {
std::atomic<Language> g_language{Language::Japanese};
}

Language currentLanguage() { return g_language.load(); }

void setCurrentLanguage(Language language) { g_language.store(language); }

QString languageCode(Language language)
{
    return language == Language::English ? QStringLiteral("en") : QStringLiteral("ja");
}

QString localized(const QString &ja, const QString &en)
{
    return currentLanguage() == Language::English && !en.isEmpty() ? en : ja;
}

QString localized(const kyodo::Error &error) { return localized(fromStd(error.messageJa), fromStd(error.messageEn)); }

} // namespace Kyodo
