// The states of an outbox entry: the receipt a user sees for each change
// (replica.h draws the machine). Stored in outbox.state as the word toString
// gives; the SQL of this room compares with the same words.
#pragma once

#include <optional>
#include <string_view>

namespace kyodo {

enum class OutboxState { Saved, Sent, Applied, Conflict, Rejected, Discarded };

std::string_view toString(OutboxState state);
std::optional<OutboxState> outboxStateFromString(std::string_view word);

// What the user reads: 端末に保存済み / saved on device, 送信済み / sent, …
const char *receiptLabelJa(OutboxState state);
const char *receiptLabelEn(OutboxState state);

// Saved or sent: the change is not settled yet and is laid over the confirmed state.
inline bool isUnsettled(OutboxState s) { return s == OutboxState::Saved || s == OutboxState::Sent; }

} // namespace kyodo
