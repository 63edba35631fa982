#include "syncengine.h"

#include "blobstore.h"
#include "errorcodes.h"
#include "jsondepth.h"
#include "messages.h"
#include "pullpage.h"

#include <chrono>
#include <ctime>
#include <deque>
#include <filesystem>
#include <future>

namespace kyodo {

namespace {

Result<json> parseBody(const HttpResponse &r)
{
    json j = jsonNestingWithin(r.body) ? json::parse(r.body, nullptr, false) : json(json::value_t::discarded);
    if (j.is_discarded() || !j.is_object())
        return Transport::unreadableResponse();
    return j;
}

Error unauthorized() { return errorOf(Msg::SignInInvalid); }

// Nothing for a 200 answer, else the error its status stands for. A 401
// keeps the server's own reason (expired, bound to another device, wipe
// ordered) when it gives one.
Status refusalOf(const HttpResponse &r)
{
    if (r.status == 401) {
        Error e = Transport::httpError(r);
        return e.code == "unauthorized" || e.messageJa.empty() || e.code.rfind("http_", 0) == 0 ? unauthorized() : e;
    }
    if (r.status != 200)
        return Transport::httpError(r);
    return {};
}

std::int64_t unixNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string isoNow()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A 200 answer's JSON, or the error the server (or its absence) stands for.
Result<json> answerOf(const HttpResponse &r)
{
    if (Status st = refusalOf(r); !st)
        return st.error();
    return parseBody(r);
}

json pullRequest(const std::string &clientId, const std::vector<ScopeCursor> &cursors, int limit)
{
    json scopes = json::array();
    for (const ScopeCursor &c : cursors)
        scopes.push_back({{"scope", c.scope}, {"cursor", c.cursor}});
    return {{"client_id", clientId}, {"scopes", scopes}, {"limit", limit}};
}

} // namespace

SyncEngine::SyncEngine(Replica &replica, HttpChannel &channel, SyncOptions options)
    : m_replica(replica), m_transport(channel), m_options(options)
{}

Error SyncEngine::wipedOnOrder(const Error &order)
{
    // The photos and papers go first, while the session still lets a failed
    // attempt be repeated: the server answers every contact with the same
    // order until the replica is wiped. None is made just to be emptied.
    std::error_code ec;
    if (std::filesystem::exists(BlobStore::pathBeside(m_replica.path()), ec)) {
        auto store = BlobStore::openBeside(m_replica.path());
        if (!store)
            return store.error();
        if (Status st = (*store)->wipe(); !st)
            return st.error();
    }
    if (Status st = m_replica.wipe(WipeNotice{isoNow(), order.messageJa, order.messageEn}); !st)
        return st.error();
    return order;
}

Result<SyncReport> SyncEngine::sync(const ProgressFn &progress)
{
    SyncReport report;
    // A token near its end is renewed while the device is in use; failing to
    // renew is not failing to sync (the old token still works).
    if (auto s = m_replica.session(); s && s->renewAfter > 0 && unixNow() >= s->renewAfter) {
        if (Status st = renewToken(); !st && st.error().code == "device_wipe")
            return wipedOnOrder(st.error());
    }
    if (Status st = push(report, progress); !st)
        return st.error().code == "device_wipe" ? wipedOnOrder(st.error()) : st.error();
    if (Status st = pull(report, progress); !st)
        return st.error().code == "device_wipe" ? wipedOnOrder(st.error()) : st.error();
    if (auto pending = m_replica.pendingCount(); report.resentAfterRestore > 0 && pending && *pending > 0) {
        // The pull found the server restored: what it forgot goes again now.
        if (Status st = push(report, progress); !st)
            return st.error();
        if (Status st = pull(report, progress); !st)
            return st.error();
    }
    if (m_replica.hasPurgePending()) {
        // One last push before a revoked scope's outbox goes: whatever was
        // saved meanwhile reaches the server, which keeps what it refuses
        // for an administrator. Then the device lets go of the scope.
        if (!report.revokedScopes.empty())
            if (Status st = push(report, progress); !st)
                return st.error();
        auto purged = m_replica.purgeRevoked();
        if (!purged)
            return purged.error();
        report.purged = std::move(*purged);
    }
    if (progress)
        progress({"done", 1, 1});
    return report;
}

Result<SyncEngine::PreparedPush> SyncEngine::preparePush(std::int64_t afterCseq, std::int64_t prevCseq,
                                                         std::int64_t ackedCseq)
{
    auto batch = m_replica.pushText(m_options.pushBatch, afterCseq);
    if (!batch)
        return batch.error();
    PreparedPush p;
    p.cseqs = std::move(batch->cseqs);
    p.body = "{\"client_id\":" + json(m_replica.clientId()).dump();
    if (prevCseq > 0)
        p.body += ",\"prev_cseq\":" + std::to_string(prevCseq);
    if (ackedCseq > 0)
        p.body += ",\"acked_cseq\":" + std::to_string(ackedCseq);
    p.body += ",\"mutations\":" + batch->mutations + "}";
    return p;
}

Status SyncEngine::push(SyncReport &report, const ProgressFn &progress)
{
    DeferredWalCheckpoint deferred(m_replica.db());
    bool renewed = false, resent = false;
    for (;;) {
        auto end = pushAll(report, progress);
        if (!end)
            return end.error();
        switch (end->kind) {
        case PushEnd::Done: return {};
        case PushEnd::ClientReset:
            if (renewed)
                return registeredError("client_reset");
            renewed = true;
            // The replica reuses numbers the server already saw (restored from an old
            // copy): continue under a new identity rather than lose edits.
            if (Status st = m_replica.renewClientId(); !st)
                return st;
            // The token is bound to the old identity: a new one for the new.
            if (Status st = renewToken(); !st)
                return st;
            if (Status st = m_replica.unsendAll(); !st)
                return st;
            break;
        case PushEnd::ServerRestored:
            if (resent)
                return registeredError("server_restored");
            resent = true;
            if (Status st = resendIfServerForgot(end->serverLastCseq, report); !st)
                return st;
            break;
        }
    }
}

Status SyncEngine::resendIfServerForgot(std::int64_t serverLastCseq, SyncReport &report)
{
    auto answered = m_replica.answeredCseq();
    if (!answered)
        return answered.error();
    if (*answered <= serverLastCseq)
        return {};
    auto resent = m_replica.resendForgotten(serverLastCseq);
    if (!resent)
        return resent.error();
    report.resentAfterRestore += *resent;
    return {};
}

Result<SyncEngine::PushEnd> SyncEngine::pushAll(SyncReport &report, const ProgressFn &progress)
{
    auto pending = m_replica.pendingCount();
    if (!pending)
        return pending.error();
    const std::int64_t total = *pending;
    auto acked = m_replica.answeredCseq(); // rises as answers come in; the server has at least this
    if (!acked)
        return acked.error();
    const auto launch = m_options.overlapPages ? std::launch::async : std::launch::deferred;
    // A pipeline of two batches on two connections: while the server applies
    // one, the next is already travelling and being parsed, and this device
    // records the answer before them. The second names the first as its
    // prev_cseq, so the server applies them in order whichever arrives first.
    // Without overlap (one thread) each request runs when its answer is asked
    // for, in the same order. Sending before the device has marked a batch
    // "sent" is safe: a batch lost with the device is sent again under the
    // same numbers, and the server answers it from its record.
    std::unique_ptr<HttpChannel> second = m_transport.another();
    struct InFlight {
        HttpChannel *channel;
        std::vector<std::int64_t> cseqs;
        std::future<Result<HttpResponse>> response;
    };
    std::deque<InFlight> flight; // after `second`: destroyed first, waiting for what is still out
    std::int64_t lastSent = 0;
    // A request the server refused (4xx) committed nothing (pushpipeline.h
    // P5): what it carried was not taken in after all.
    auto refusedByServer = [](const Result<HttpResponse> &answer) {
        return answer && answer->status >= 400 && answer->status < 500;
    };
    // A failed request: what provably never left, or was refused whole, goes
    // back to 未送信, also for the batch still out on the other connection,
    // so the device never shows 送信済み for what no server has.
    auto takeBackUnsent = [&](const std::vector<std::int64_t> &cseqs, Error error, bool refused) -> Error {
        if (refused || neverLeft(error))
            (void)m_replica.unmarkSent(cseqs); // a failed write leaves 送信済み: sent again either way
        for (InFlight &other : flight) {
            if (other.response.wait_for(std::chrono::seconds(0)) == std::future_status::deferred) {
                (void)m_replica.unmarkSent(other.cseqs); // one thread: it was never started
                continue;
            }
            auto answer = other.response.get();
            if ((!answer && neverLeft(answer.error())) || refusedByServer(answer))
                (void)m_replica.unmarkSent(other.cseqs);
        }
        flight.clear();
        return error;
    };
    // Sends the next batch on `channel`; false when nothing is left to send.
    auto send = [&](HttpChannel &channel) -> Result<bool> {
        auto batch = preparePush(lastSent, flight.empty() ? 0 : lastSent, *acked);
        if (!batch)
            return batch.error();
        if (batch->cseqs.empty())
            return false;
        lastSent = batch->cseqs.back();
        flight.push_back({&channel, batch->cseqs, std::async(launch, [to = &channel, body = std::move(batch->body)] {
                              return to->post("/v1/push", body);
                          })});
        if (Status st = m_replica.markSent(batch->cseqs); !st)
            return st.error();
        return true;
    };
    auto first = send(m_transport);
    if (!first)
        return first.error();
    if (second && *first)
        if (auto more = send(*second); !more)
            return more.error();
    while (!flight.empty()) {
        InFlight done = std::move(flight.front());
        flight.pop_front();
        auto response = done.response.get();
        if (!response)
            return takeBackUnsent(done.cseqs, response.error(), false);
        if (response->status == 409) {
            // Nothing of this request was recorded; what is still out is sent
            // again (unsent or, answered 425, never recorded either).
            const Error e = Transport::httpError(*response);
            if (e.code == "client_reset" || e.code == "server_restored") {
                PushEnd end{e.code == "client_reset" ? PushEnd::ClientReset : PushEnd::ServerRestored, 0};
                if (auto body = parseBody(*response); body && (*body)["last_cseq"].is_number_integer())
                    end.serverLastCseq = (*body)["last_cseq"].get<std::int64_t>();
                for (InFlight &other : flight) {
                    if (other.response.wait_for(std::chrono::seconds(0)) == std::future_status::deferred)
                        (void)m_replica.unmarkSent(other.cseqs); // one thread: it never left
                    else
                        (void)other.response.get(); // refused too: it names this batch as its prev_cseq
                }
                flight.clear();
                return end;
            }
        }
        auto j = answerOf(*response);
        if (!j)
            return takeBackUnsent(done.cseqs, j.error(), refusedByServer(response));
        if (auto more = send(*done.channel); !more) // the server starts on it now
            return more.error();
        std::vector<MutationResult> results;
        for (const json &r : j->value("results", json::array())) {
            auto parsed = resultFromJson(r);
            if (!parsed)
                return parsed.error();
            switch (parsed->outcome) {
            case Outcome::Applied: ++report.applied; break;
            case Outcome::Conflict: ++report.conflicts; break;
            case Outcome::Rejected: ++report.rejected; break;
            }
            results.push_back(std::move(parsed.value()));
        }
        if (Status st = m_replica.recordResults(results); !st)
            return st.error();
        if (j->contains("hlc") && (*j)["hlc"].is_number_unsigned())
            if (Status st = m_replica.observeServerClock((*j)["hlc"]); !st)
                return st.error();
        report.pushed += static_cast<std::int64_t>(results.size());
        if (progress)
            progress({"push", std::min(report.pushed, total), total});
    }
    return PushEnd{};
}

Status SyncEngine::pull(SyncReport &report, const ProgressFn &progress)
{
    DeferredWalCheckpoint deferred(m_replica.db());
    for (int repair = 0; repair < 3; ++repair) {
        auto cursors = m_replica.cursors();
        if (!cursors)
            return cursors.error();
        if (Status st = m_replica.clearStaging(); !st)
            return st;
        const std::string clientId = m_replica.clientId();
        std::int64_t total = 0, done = 0;
        // One page fetched, and read only as far as where the next one starts.
        struct RawPage {
            std::string body;
            std::optional<PullPageHead> head;
        };
        auto fetch = [this, clientId](std::vector<ScopeCursor> c) -> Result<RawPage> {
            auto response = m_transport.post("/v1/pull", pullRequest(clientId, c, m_options.pullLimit).dump());
            if (!response)
                return response.error();
            if (Status st = refusalOf(*response); !st)
                return st.error();
            RawPage raw{std::move(response->body), std::nullopt};
            raw.head = readPullPageHead(raw.body);
            return raw;
        };
        const auto launch = m_options.overlapPages ? std::launch::async : std::launch::deferred;
        Result<RawPage> raw = fetch(*cursors);
        PullPage last;
        std::vector<std::string> revoked;
        for (bool first = true;; first = false) {
            if (!raw)
                return raw.error();
            // The server builds the next page while this one is parsed and staged here.
            std::future<Result<RawPage>> next;
            if (raw->head && raw->head->more)
                next = std::async(launch, fetch, raw->head->next);
            auto page = parsePullPage(std::move(raw->body));
            if (!page)
                return page.error();
            if (!next.valid() && page->more) // the head did not say
                next = std::async(launch, fetch, page->next);
            if (first) {
                for (const Checkpoint &cp : page->checkpoints) {
                    std::int64_t from = 0;
                    for (const ScopeCursor &c : *cursors)
                        if (c.scope == cp.scope)
                            from = c.cursor;
                    total += std::max<std::int64_t>(0, cp.seq - from);
                }
            }
            if (Status st = m_replica.stage(page->records, page->conflicts, page->gone); !st)
                return st;
            done += static_cast<std::int64_t>(page->records.size() + page->conflicts.size());
            report.pulledRecords += static_cast<std::int64_t>(page->records.size());
            report.pulledConflicts += static_cast<std::int64_t>(page->conflicts.size());
            revoked.insert(revoked.end(), page->revoked.begin(), page->revoked.end());
            if (progress)
                progress({"pull", std::min(done, total), total});
            if (!page->more) {
                last = std::move(page.value());
                break;
            }
            raw = next.get();
        }
        if (progress)
            progress({"apply", total, total});
        if (Status st = resendIfServerForgot(last.lastCseq, report); !st)
            return st;
        auto mismatches = m_replica.applyStaged(last.checkpoints, revoked, last.lastCseq);
        if (!mismatches)
            return mismatches.error();
        report.revokedScopes.insert(report.revokedScopes.end(), revoked.begin(), revoked.end());
        if (Status st = m_replica.noteGrants(last.checkpoints); !st)
            return st;
        if (mismatches->empty())
            return {};
        for (const ScopeMismatch &m : *mismatches)
            report.repairedScopes.push_back(m.scope);
    }
    return errorOf(Msg::ChecksumsStillDiffer);
}

Result<Session> SyncEngine::login(Replica &replica, HttpChannel &transport, const std::string &url,
                                  const std::string &caFile, const std::string &user, const std::string &password,
                                  const std::string &device)
{
    // Another person signing in on this device (a shared tablet): their
    // changes go under a client identity of their own. The server keeps one
    // sequence per identity and person, and under the last person's identity
    // it would seem to have forgotten everything already answered, which
    // would then go again as this person's (and be refused as theirs).
    if (const auto previous = replica.session(); previous && !previous->user.empty() && previous->user != user)
        if (Status st = replica.renewClientId(); !st)
            return st.error();
    const json body{{"user", user}, {"password", password}, {"device", device}, {"client_id", replica.clientId()}};
    auto response = transport.post("/v1/login", body.dump());
    if (!response)
        return response.error();
    if (response->status != 200)
        return Transport::httpError(*response);
    auto j = parseBody(*response);
    if (!j)
        return j.error();
    Session s;
    s.url = url;
    s.caFile = caFile;
    s.user = user;
    s.token = j->value("token", "");
    s.role = j->value("role", "");
    s.scopes = j->value("scopes", std::vector<std::string>{});
    s.readOnlyScopes = j->value("read_only", std::vector<std::string>{});
    s.expiresAt = j->value("expires_at", std::int64_t(0));
    s.renewAfter = j->value("renew_after", std::int64_t(0));
    if (s.token.empty())
        return errorOf(Msg::NoTokenReturned);
    transport.setToken(s.token);
    auto schemas = transport.get("/v1/schemas");
    if (!schemas)
        return schemas.error();
    if (schemas->status != 200)
        return Transport::httpError(*schemas);
    auto sj = parseBody(*schemas);
    if (!sj)
        return sj.error();
    if (Status st = replica.saveSchemas(sj->value("schemas", json::array())); !st)
        return st.error();
    if (Status st = replica.saveSession(s); !st)
        return st.error();
    return s;
}

Status SyncEngine::renewToken()
{
    auto session = m_replica.session();
    if (!session || session->token.empty())
        return unauthorized();
    auto response = m_transport.post("/v1/token/renew", json{{"client_id", m_replica.clientId()}}.dump());
    if (!response)
        return response.error();
    auto j = answerOf(*response);
    if (!j)
        return j.error();
    const std::string token = j->value("token", "");
    if (token.empty())
        return Transport::unreadableResponse();
    session->token = token;
    session->expiresAt = j->value("expires_at", std::int64_t(0));
    session->renewAfter = j->value("renew_after", std::int64_t(0));
    // Kept before it is used: the server ends the old token at the new one's first use.
    if (Status st = m_replica.saveSession(*session); !st)
        return st;
    m_transport.setToken(token);
    return {};
}

Result<json> SyncEngine::history(const std::string &recordId)
{
    auto response = m_transport.post("/v1/history", json{{"record", recordId}}.dump());
    if (!response)
        return response.error();
    auto j = answerOf(*response);
    if (!j)
        return j.error();
    const auto it = j->find("history");
    if (it == j->end() || !it->is_array())
        return Transport::unreadableResponse();
    return *it;
}

Status SyncEngine::logout(Replica &replica, HttpChannel &channel)
{
    auto session = replica.session();
    if (!session || session->token.empty())
        return {};
    const Status ended = endToken(channel);
    session->token.clear();
    session->expiresAt = session->renewAfter = 0;
    if (Status st = replica.saveSession(*session); !st)
        return st;
    return ended;
}

Status SyncEngine::endToken(HttpChannel &channel)
{
    auto response = channel.post("/v1/logout", "{}");
    // 401: the server had ended it already (revoked, expired): nothing left to end.
    if (response && (response->status == 200 || response->status == 401))
        return {};
    return errorOf(Msg::SignedOutOffline);
}

} // namespace kyodo
