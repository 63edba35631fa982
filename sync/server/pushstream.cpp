#include "pushstream.h"

#include "apierror.h"
#include "jsondepth.h"
#include "messages.h"
#include "uuid.h"

#include <cstdint>

namespace kyodo::server {

namespace {

// SAX events of {"client_id": "…", "prev_cseq": n, "acked_cseq": n, "mutations": [{…}, …]}:
// the header goes to the writer when the mutations begin, and each mutation
// is built as a JSON value of its own and handed over when its closing brace
// is read. Values of other top-level keys are checked for syntax and dropped.
class PushBodyHandler {
public:
    explicit PushBodyHandler(PushStream &out) : m_out(out) {}

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(json::number_integer_t v) { return scalar(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
    bool number_float(json::number_float_t v, const std::string &) { return scalar(json(v)); }
    bool string(std::string &v) { return scalar(json(std::move(v))); }
    bool binary(json::binary_t &) { return fail(malformedRequest("binary values")); } // not in JSON text
    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string &k)
    {
        if (m_depth == 1)
            m_topKey = k;
        else if (building())
            m_key = std::move(k);
        return true;
    }

    static Error tooDeep() { return errorOf(Msg::JsonTooDeep, {kMaxJsonDepth}); }

    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &)
    {
        return fail(registeredError("bad_json"));
    }

    // After a complete parse: what the body lacked. A header not yet handed
    // over (client_id after the mutations) goes now.
    std::optional<Error> finish()
    {
        if (!m_sawClientId)
            return malformedRequest("client_id must be a UUID");
        if (!m_sawMutations)
            return malformedRequest("mutations must be an array");
        if (!m_headerSent)
            m_out.publishHeader(m_header);
        return std::nullopt;
    }

    std::optional<Error> failure;

private:
    // Inside one element of "mutations" (the element itself may still be a scalar).
    bool building() const { return m_inMutations && m_depth >= 2 && !m_stack.empty(); }

    bool fail(Error e)
    {
        if (!failure)
            failure = std::move(e);
        return false;
    }

    // Puts a value where the element under construction expects it.
    json *place(json &&v)
    {
        json *parent = m_stack.back();
        if (parent->is_array()) {
            parent->push_back(std::move(v));
            return &parent->back();
        }
        json &slot = (*parent)[m_key];
        slot = std::move(v);
        return &slot;
    }

    bool topLevelValue(bool isArray)
    {
        if (m_topKey == "mutations") {
            if (m_sawMutations)
                return fail(malformedRequest("mutations given twice"));
            m_sawMutations = true;
            if (!isArray)
                return fail(malformedRequest("mutations must be an array"));
            m_inMutations = true;
            // Everything a writer needs before the first mutation is known.
            if (m_sawClientId) {
                m_headerSent = true;
                return m_out.publishHeader(m_header);
            }
        } else if (m_topKey == "client_id") {
            return fail(malformedRequest("client_id must be a UUID"));
        } else if (m_topKey == "prev_cseq" || m_topKey == "acked_cseq") {
            return fail(malformedRequest(m_topKey + " must be a non-negative integer"));
        }
        return true;
    }

    bool open(json &&v)
    {
        const bool isArray = v.is_array();
        // Counted as the text goes by, so a hostile body is refused at its
        // 33rd level, before any deep value exists to be copied.
        if (m_depth >= kMaxJsonDepth)
            return fail(tooDeep());
        if (m_depth == 0) {
            ++m_depth;
            return isArray ? fail(errorOf(Msg::BodyNotAnObject)) : true;
        }
        if (m_depth == 1 && !topLevelValue(isArray))
            return false;
        if (m_inMutations && m_depth >= 2) {
            if (m_stack.empty()) {
                m_element = std::move(v);
                m_stack.push_back(&m_element);
            } else {
                m_stack.push_back(place(std::move(v)));
            }
        }
        ++m_depth;
        return true;
    }

    bool close()
    {
        --m_depth;
        if (m_inMutations && m_depth == 1) {
            m_inMutations = false; // the mutations array ended
            return true;
        }
        if (building()) {
            m_stack.pop_back();
            if (m_stack.empty())
                return emit(std::move(m_element));
        }
        return true;
    }

    bool scalar(json &&v)
    {
        if (m_depth == 0)
            return fail(errorOf(Msg::BodyNotAnObject));
        if (m_depth == 1) {
            if (m_topKey == "client_id") {
                if (m_sawClientId)
                    return fail(malformedRequest("client_id given twice"));
                m_sawClientId = true;
                if (!v.is_string() || !isUuid(v.get_ref<const std::string &>()))
                    return fail(malformedRequest("client_id must be a UUID"));
                m_header.clientId = std::move(v.get_ref<std::string &>());
                return true;
            }
            if (m_topKey == "prev_cseq" || m_topKey == "acked_cseq") {
                if (!v.is_number_unsigned() || v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
                    return fail(malformedRequest(m_topKey + " must be a non-negative integer"));
                if (m_sawMutations)
                    return fail(malformedRequest(m_topKey + " must come before mutations"));
                (m_topKey == "prev_cseq" ? m_header.prevCseq : m_header.ackedCseq) = v.get<std::int64_t>();
                return true;
            }
            return topLevelValue(false);
        }
        if (building()) {
            place(std::move(v));
            return true;
        }
        if (m_inMutations && m_depth == 2)
            return emit(std::move(v)); // a scalar element: mutationFromJson says what is wrong
        return true;                   // inside another top-level value
    }

    bool emit(json element) { return m_out.publishMutation(std::move(element)); }

    PushStream &m_out;
    int m_depth = 0;
    std::string m_topKey;
    std::string m_key;
    bool m_inMutations = false;
    bool m_sawMutations = false;
    bool m_sawClientId = false;
    bool m_headerSent = false;
    PushHeader m_header;
    json m_element;
    std::vector<json *> m_stack; // containers of the element being built, innermost last
};

} // namespace

PushStream::PushStream(std::string_view body, Prepare prepare)
    : m_prepare(std::move(prepare)), m_thread([this, body] { parse(body); })
{}

PushStream::~PushStream()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
    }
    m_thread.join();
}

void PushStream::parse(std::string_view body)
{
    PushBodyHandler handler(*this);
    bool ok = false;
    try {
        ok = json::sax_parse(body.begin(), body.end(), &handler);
    } catch (const std::exception &) {
        // Nothing may escape this thread: the writer rolls back and answers 503.
        finish(unavailable());
        return;
    }
    if (handler.failure)
        finish(handler.failure);
    else if (ok)
        finish(handler.finish());
    else
        finish(std::nullopt); // stopped because the writer went away
}

bool PushStream::publishHeader(PushHeader header)
{
    std::lock_guard lock(m_mutex);
    m_header = std::move(header);
    m_ready.notify_all();
    return !m_cancelled;
}

bool PushStream::publishMutation(json element)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_cancelled)
            return false;
        if (++m_count > kMaxMutationsPerPush) {
            m_failure = errorOf(Msg::TooManyMutations, {kMaxMutationsPerPush});
            m_ready.notify_all();
            return false;
        }
    }
    auto m = mutationFromJson(std::move(element));
    if (!m) {
        finish(m.error());
        return false;
    }
    PreparedMutation prepared = m_prepare(std::move(*m));
    std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(prepared));
    m_ready.notify_all();
    return true;
}

void PushStream::finish(std::optional<Error> failure)
{
    std::lock_guard lock(m_mutex);
    if (failure && !m_failure)
        m_failure = std::move(failure);
    m_finished = true;
    m_ready.notify_all();
}

Result<PushHeader> PushStream::header()
{
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return m_header || m_failure || m_finished; });
    if (m_failure)
        return *m_failure;
    if (m_header)
        return *m_header;
    return malformedRequest("client_id must be a UUID");
}

Result<std::optional<PreparedMutation>> PushStream::next()
{
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [this] { return !m_queue.empty() || m_failure || m_finished; });
    // A failure anywhere in the body fails the push: no need to apply what came before it.
    if (m_failure)
        return *m_failure;
    if (m_queue.empty())
        return std::optional<PreparedMutation>();
    PreparedMutation m = std::move(m_queue.front());
    m_queue.pop_front();
    return std::optional<PreparedMutation>(std::move(m));
}

} // namespace kyodo::server
