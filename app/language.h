// The language the user reads: Japanese first, English selectable. Engine
// errors carry both texts; this picks the one to show.
#pragma once

#include "result.h"

#include <QString>

namespace Kyodo {

enum class Language { Japanese, English };

Language currentLanguage();
void setCurrentLanguage(Language language);
QString languageCode(Language language); // "ja" | "en"

QString localized(const QString &ja, const QString &en);
QString localized(const kyodo::Error &error);
// Between the parts of a line (種別・中区・件名 / Type · Naka · Subject):
// English screens get no full-width punctuation.
inline QString listSeparator() { return localized(QStringLiteral("・"), QStringLiteral(" · ")); }
inline QString fromStd(const std::string &s) { return QString::fromStdString(s); }

} // namespace Kyodo
