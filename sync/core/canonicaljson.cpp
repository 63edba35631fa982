// canonicalJson without nlohmann's dump(): the same bytes, several times
// faster on Japanese text. dump() decodes every byte of every string through
// a UTF-8 state machine and writes it one character at a time; documents are
// mostly long runs of bytes that need no escape, so this copies whole runs
// and validates UTF-8 a code point at a time. Every server write and every
// local save serializes a record, so this is on the hot path of both.
//
// The output must stay byte for byte what
// dump(-1, ' ', false, error_handler_t::strict) gives: checksums are computed
// over it on both sides (tst_checksum compares the two on tricky input).
#include "record.h"

#include <charconv>

namespace kyodo {

namespace {

// Length of the valid UTF-8 sequence starting at p (lead byte >= 0x80), or 0.
std::size_t utf8SequenceLength(const unsigned char *p, const unsigned char *end)
{
    const unsigned char c = p[0];
    auto cont = [&](std::size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0; // overlong
        if (c == 0xED && p[1] > 0x9F)
            return 0; // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0; // overlong
        if (c == 0xF4 && p[1] > 0x8F)
            return 0; // beyond U+10FFFF
        return 4;
    }
    return 0;
}

// Appends s as a JSON string; false when s is not valid UTF-8.
bool appendString(std::string &out, const std::string &s)
{
    static const char hex[] = "0123456789abcdef";
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *end = p + s.size();
    const auto *run = p; // start of bytes not yet copied
    out.push_back('"');
    while (p < end) {
        const unsigned char c = *p;
        if (c >= 0x80) {
            const std::size_t n = utf8SequenceLength(p, end);
            if (n == 0)
                return false;
            p += n;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++p;
            continue;
        }
        out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(p - run));
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            out.append("\\u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
        run = ++p;
    }
    out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(end - run));
    out.push_back('"');
    return true;
}

template <typename Int>
void appendInteger(std::string &out, Int v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// false when a string in value is not valid UTF-8.
bool append(std::string &out, const json &value)
{
    switch (value.type()) {
    case json::value_t::object: {
        out.push_back('{');
        bool first = true;
        for (const auto &[key, item] : value.items()) {
            if (!first)
                out.push_back(',');
            first = false;
            if (!appendString(out, key))
                return false;
            out.push_back(':');
            if (!append(out, item))
                return false;
        }
        out.push_back('}');
        return true;
    }
    case json::value_t::array: {
        out.push_back('[');
        bool first = true;
        for (const json &item : value) {
            if (!first)
                out.push_back(',');
            first = false;
            if (!append(out, item))
                return false;
        }
        out.push_back(']');
        return true;
    }
    case json::value_t::string: return appendString(out, value.get_ref<const std::string &>());
    case json::value_t::number_integer: appendInteger(out, value.get<std::int64_t>()); return true;
    case json::value_t::number_unsigned: appendInteger(out, value.get<std::uint64_t>()); return true;
    case json::value_t::boolean: out.append(value.get<bool>() ? "true" : "false"); return true;
    case json::value_t::null: out.append("null"); return true;
    default:
        // Floats and binary: rare in records, and their exact text is dump()'s.
        out.append(value.dump(-1, ' ', false, json::error_handler_t::strict));
        return true;
    }
}

} // namespace

void appendCanonicalJson(std::string &out, const json &value)
{
    const std::size_t mark = out.size();
    if (!append(out, value)) {
        // Invalid UTF-8: dump() throws the error callers already handle.
        out.resize(mark);
        out.append(value.dump(-1, ' ', false, json::error_handler_t::strict));
    }
}

std::string canonicalJson(const json &value)
{
    std::string out;
    appendCanonicalJson(out, value);
    return out;
}

} // namespace kyodo
