#pragma once

#include "process.h"
#include "replica.h"

#include <gtest/gtest.h>

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

} // namespace kyodo::test
