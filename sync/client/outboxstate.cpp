#include "outboxstate.h"

#include <array>

namespace kyodo {

namespace {

struct StateWords {
    OutboxState state;
    std::string_view word;
    const char *ja;
    const char *en;
};

constexpr std::array<StateWords, 6> kStates{{
    {OutboxState::Saved, "saved", "端末に保存済み", "saved on device"},
    {OutboxState::Sent, "sent", "送信済み", "sent"},
    {OutboxState::Applied, "applied", "反映済み", "applied"},
    {OutboxState::Conflict, "conflict", "競合", "conflict"},
    {OutboxState::Rejected, "rejected", "差し戻し", "rejected"},
    {OutboxState::Discarded, "discarded", "破棄", "discarded"},
}};

const StateWords &wordsOf(OutboxState s) { return kStates[static_cast<std::size_t>(s)]; }

} // namespace

std::string_view toString(OutboxState state) { return wordsOf(state).word; }

std::optional<OutboxState> outboxStateFromString(std::string_view word)
{
    for (const StateWords &w : kStates)
        if (w.word == word)
            return w.state;
    return std::nullopt;
}

const char *receiptLabelJa(OutboxState state) { return wordsOf(state).ja; }
const char *receiptLabelEn(OutboxState state) { return wordsOf(state).en; }

} // namespace kyodo
