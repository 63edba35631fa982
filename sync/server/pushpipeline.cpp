#include "pushpipeline.h"

#include <cstdio>
#include <cstdlib>

namespace kyodo::server {

namespace {

// Only the debug build checks the invariants (checkBeforeCommit).
[[noreturn, maybe_unused]] void violated(const char *invariant, const PushAtCommit &p)
{
    std::fprintf(stderr,
                 "kyodo-server: push pipeline invariant %s violated for client %s (prev_cseq %lld, last_cseq %lld -> "
                 "%lld, %zu mutations, %zu results)\n",
                 invariant, p.clientId.c_str(), static_cast<long long>(p.prevCseq),
                 static_cast<long long>(p.lastCseqOpened), static_cast<long long>(p.lastCseqNow), p.mutations,
                 p.results);
    std::abort();
}

} // namespace

void checkBeforeCommit([[maybe_unused]] const PushAtCommit &p, [[maybe_unused]] StoreTx &tx)
{
#ifndef NDEBUG
    if (p.prevCseq > p.lastCseqOpened)
        violated("P1 (commit order is cseq order)", p);
    if (p.lastCseqNow < p.lastCseqOpened)
        violated("P2 (last_cseq never goes back)", p);
    if (p.lastCseqNow > p.lastCseqOpened && !tx.loadResult(p.clientId, p.lastCseqNow))
        violated("P3 (every applied cseq has its stored result)", p);
    if (p.results != p.mutations)
        violated("P4 (one result per mutation)", p);
#endif
}

} // namespace kyodo::server
