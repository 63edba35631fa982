// Whether a photo or a paper is all there: a JPEG, PNG or PDF cut short (a
// copy or a download stopped half way) lacks the end its format requires,
// and is refused before a byte of it is stored. Other types are not looked
// into: nothing in them says where they end.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kyodo {

// `read(offset, length)`: bytes of the file (fewer at its end).
using ReadAt = std::function<std::string(std::int64_t offset, std::int64_t length)>;

bool hasItsEnd(const std::string &mime, std::int64_t size, const ReadAt &read);
bool hasItsEnd(const std::string &mime, std::string_view bytes);

} // namespace kyodo
