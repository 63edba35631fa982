// The wire documents of /v1/push and /v1/pull (DESIGN.md §3; sync/PROTOCOL.md
// gives the full shapes). Push and pull are plain JSON documents so the same
// exchange can later travel as a signed file instead of over HTTPS.
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kyodo {

using json = nlohmann::json;

enum class Op { Create, Edit, Delete, Restore, Resolve, Move };
const char *opName(Op op);
std::optional<Op> parseOp(const std::string &name);

struct Mutation {
    std::int64_t cseq = 0;
    std::string mid; // UUID of this mutation, detects a reused cseq
    Op op = Op::Create;
    std::string record; // record id
    std::string type;
    std::string scope;            // move: the scope it moves to
    int schemaVersion = 1;        // "sv": version of the type's plugin schema
    json fields = json::object(); // create/edit/restore: values; resolve: values to write
    json base = json::object();   // edit: field -> version the editor saw
    json prev = json::object();   // edit: field -> value the editor saw (a conflict's "base")
    std::int64_t baseCl = 1;      // causal length the editor saw
    std::uint64_t baseRev = 0;    // record revision the editor saw
    std::uint64_t hlc = 0;
    std::string conflict; // resolve: conflict id
    std::string take;     // resolve: mine | theirs | value
};

json mutationToJson(const Mutation &m);
// By value: a server moves each mutation out of the request it parsed.
Result<Mutation> mutationFromJson(json j);

// bad_request: a request that is not what the protocol says, and why.
Error malformedRequest(const std::string &what);

enum class Outcome { Applied, Conflict, Rejected };
const char *outcomeName(Outcome o);
std::optional<Outcome> parseOutcome(const std::string &name);

struct MutationResult {
    std::int64_t cseq = 0;
    std::string mid;
    Outcome outcome = Outcome::Applied;
    std::string code;      // rejected: machine code
    std::string messageJa; // rejected: reason for the user
    std::string messageEn;
    std::vector<std::string> conflicts; // ids of conflicts this mutation opened
};

json resultToJson(const MutationResult &r);
Result<MutationResult> resultFromJson(const json &j);

// What a conflict is about: one field flagged for a person to decide
// (schema "conflict": "flag"), one field settled by last-writer-wins and
// kept for the record, or an edit of a record someone else deleted.
enum class ConflictKind { Field, Lww, DeleteEdit };
const char *conflictKindName(ConflictKind k); // field | lww | delete_edit
std::optional<ConflictKind> parseConflictKind(const std::string &name);

// Open until the person who made the edit decides; auto when the server
// decided (lww) and only tells; resolved once decided.
enum class ConflictStatus { Open, Resolved, Auto };
const char *conflictStatusName(ConflictStatus s); // open | resolved | auto
std::optional<ConflictStatus> parseConflictStatus(const std::string &name);

// A conflict as recorded by the server and replicated to every device of its scope.
struct ConflictInfo {
    std::string id;
    std::string scope;
    std::string record;
    std::string type;
    std::string field; // empty for ConflictKind::DeleteEdit
    ConflictKind kind = ConflictKind::Field;
    ConflictStatus status = ConflictStatus::Open;
    json base;          // value both sides started from
    json mine;          // the incoming edit that was not applied (or lost)
    json theirs;        // the value the server kept
    std::string mineBy; // "user/client_id" of the edit
    std::string theirsBy;
    std::uint64_t mineHlc = 0;
    std::uint64_t theirsHlc = 0;
    std::int64_t seq = 0;
    std::string resolution; // how it was resolved, by whom
};

json conflictToJson(const ConflictInfo &c);
Result<ConflictInfo> conflictFromJson(const json &j);

// Protocol limits shared by client and server.
inline constexpr std::size_t kMaxMutationsPerPush = 1000;
inline constexpr int kDefaultPullLimit = 5000;
// A pull page also ends once its records fill this many bytes (its first
// record goes whatever its size), so a device holds a page in memory however
// large the records: a device's transport reads answers up to
// kMaxAnswerBytes, room for a full page and its last record. (A page's
// conflicts and departures are those of its range of changes, not counted.)
inline constexpr std::size_t kPullPageBytes = 32u * 1024 * 1024;
inline constexpr std::size_t kMaxAnswerBytes = 256u * 1024 * 1024;

// The wire format's version, sent by devices as the Kyodo-Protocol header
// (PROTOCOL.md, "Versions"). 1: the first release, which sent no header.
// 2: push carries acked_cseq; 409 server_restored.
inline constexpr int kProtocolVersion = 2;
inline constexpr const char *kProtocolHeader = "Kyodo-Protocol";
// The oldest version this server still serves unless its operator raises
// the floor (min-protocol): an app one release behind keeps working.
inline constexpr int kOldestProtocolServed = 1;
inline constexpr int kMaxPullLimit = 20000;

} // namespace kyodo
