// Where two versions of a text differ, marked for the conflict editor: what
// the other version added is highlighted, what it took away is struck out,
// character by character, so a 4,000-character note shows the three words
// that changed instead of asking the user to find them.
#pragma once

#include <QString>

namespace Kyodo {

// `to` as rich text (HTML-escaped), with the characters not in `from` marked
// as added and the characters of `from` missing from `to` shown struck out in
// place. Identical texts come back escaped with nothing marked.
QString markDifferences(const QString &from, const QString &to);

} // namespace Kyodo
