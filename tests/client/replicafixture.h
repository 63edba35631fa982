#pragma once

#include "process.h"
#include "replica.h"

#include <gtest/gtest.h>

#include <functional>

namespace kyodo::test {

inline json realSchemas()
{
    auto set = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
    if (!set)
        throw std::runtime_error(set.error().text());
    return set->toJson();
}

inline std::unique_ptr<Replica> openReplica(const std::string &path, bool withSchemas = true)
{
    auto r = Replica::open(path);
    if (!r)
        throw std::runtime_error(r.error().text());
    if (withSchemas) {
        Status st = (*r)->saveSchemas(realSchemas());
        if (!st)
            throw std::runtime_error(st.error().text());
    }
    return std::move(r.value());
}

inline json consultation(const std::string &party = "港北まちづくりの会")
{
    return {{"received_at", "2018-06-01T10:30"},
            {"channel", "visit"},
            {"party", party},
            {"category", "startup"},
            {"summary", "団体の立上げについて相談"}};
}

// Plays the server for one push: sends every unsent entry and records the
// same answer for each (a refusal as `forbidden`). `after` is told each step
// ("markSent", "recordResults") so a test can check the replica in between.
inline void sendAndAnswer(Replica &replica, Outcome outcome, const std::function<void(const char *step)> &after = {})
{
    auto entries = replica.entriesToPush(100);
    ASSERT_TRUE(entries.ok());
    std::vector<std::int64_t> cseqs;
    std::vector<MutationResult> results;
    for (const OutboxEntry &e : *entries) {
        cseqs.push_back(e.mutation.cseq);
        MutationResult r;
        r.cseq = e.mutation.cseq;
        r.mid = e.mutation.mid;
        r.outcome = outcome;
        if (outcome == Outcome::Rejected) {
            r.code = "forbidden";
            r.messageJa = "このスコープには書き込めません";
            r.messageEn = "No write access to this scope";
        }
        results.push_back(r);
    }
    ASSERT_TRUE(replica.markSent(cseqs).ok());
    if (after)
        after("markSent");
    ASSERT_TRUE(replica.recordResults(results).ok());
    if (after)
        after("recordResults");
}

} // namespace kyodo::test
