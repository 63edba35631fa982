// Errors as values: every failure carries a stable machine code and a
// human message in Japanese first with its English translation, so the same
// value can be shown to a clerk, logged, and matched by a script. The
// engine's messages come from one catalogue (messages.h, errorcodes.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kyodo {

struct Error {
    std::string code;      // stable, ASCII, e.g. "required"
    std::string messageJa; // shown to users first
    std::string messageEn; // translation
    // For logs, scripts and a "details" disclosure, never the message itself:
    // the field key a validation error is about, and what a program needs to
    // know (the expected format, the network library's own words).
    std::string field;
    std::string detail;

    // "日本語 / English [detail]" for terminals and logs.
    std::string text() const
    {
        std::string t = messageEn.empty() ? messageJa : messageJa + " / " + messageEn;
        return detail.empty() ? t : t + " [" + detail + "]";
    }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// For operations that produce nothing but can fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {}
    static Status success() { return Status(); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace kyodo
