#include "httpapi.h"

#include "apierror.h"
#include "attachment.h"
#include "bodygate.h"
#include "errorcodes.h"
#include "guardedserver.h"
#include "gzip.h"
#include "jsondepth.h"
#include "messages.h"
#include "pushstream.h"
#include "requestlog.h"
#include "record.h"
#include "uuid.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace kyodo::server {

namespace {

ApiResponse reply(int status, const json &body, std::string user = {})
{
    return {status, canonicalJson(body), std::move(user)};
}

// Answered with the registry's status for its code (errorcodes.h).
ApiResponse failure(const Error &e) { return reply(httpStatusOf(e), errorJson(e)); }

// What httplib and the routing answer by status alone.
Error errorForStatus(int status)
{
    switch (status) {
    case 400: return registeredError("bad_request");
    case 401: return unauthorized();
    case 404: return errorOf(Msg::NoSuchEndpoint);
    case 405: return registeredError("method_not_allowed");
    case 408: return registeredError("request_timeout");
    case 413: return registeredError("too_large");
    case 414: return registeredError("uri_too_long");
    case 431: return registeredError("headers_too_large");
    // A refusal httplib made that the registry does not name is still the
    // request's fault: "retry later" would have the client send it again for ever.
    default: return status < 500 ? registeredError("bad_request") : unavailable();
    }
}

// The address a request comes from: the connection's, or behind our proxy
// the one the proxy saw (the last entry of X-Forwarded-For).
std::string peerOf(const httplib::Request &q, bool behindProxy)
{
    const std::string forwarded = behindProxy ? q.get_header_value("X-Forwarded-For") : std::string();
    if (forwarded.empty())
        return q.remote_addr;
    std::string last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(' '));
    last.erase(last.find_last_not_of(' ') + 1);
    return last.empty() ? q.remote_addr : last;
}

// The answer to a sign-in or a renewal: the token and when to renew it.
// `scopes` lists every scope the device pulls; `read_only` those of them it
// may only read, so it offers no change there that the server would refuse.
json signedIn(const LoginResult &r, json scopes)
{
    for (const std::string &s : r.caller.readScopes)
        scopes.push_back(s);
    return {{"token", r.token},
            {"role", roleName(r.caller.role)},
            {"scopes", std::move(scopes)},
            {"read_only", r.caller.readScopes},
            {"user", r.caller.user},
            {"expires_at", r.expiresAt},
            {"renew_after", r.renewAfter}};
}

// Attachments' bytes, routed by prefix: the path names the blob and chunk.
constexpr const char *kBlobsPrefix = "/v1/blobs/";

struct Route {
    const char *path;
    const char *method;
    ApiResponse (HttpApi::*handler)(const ApiRequest &);
};

// Every endpoint. /v1/health answers that the process serves (liveness);
// /v1/ready that it can also read its store (readiness).
const Route kRoutes[] = {
    {"/v1/login", "POST", &HttpApi::login},     {"/v1/schemas", "GET", &HttpApi::schemas},
    {"/v1/push", "POST", &HttpApi::push},       {"/v1/pull", "POST", &HttpApi::pull},
    {"/v1/logout", "POST", &HttpApi::logout},   {"/v1/token/renew", "POST", &HttpApi::renewToken},
    {"/v1/history", "POST", &HttpApi::history}, {"/v1/health", "GET", &HttpApi::health},
    {"/v1/ready", "GET", &HttpApi::ready},
};

// The route a path counts under in the metrics: an endpoint's own path, or
// "other", so that made-up paths cannot grow the metrics without bound.
std::string routeLabel(const std::string &path)
{
    for (const Route &r : kRoutes)
        if (path == r.path)
            return r.path;
    if (path.starts_with(kBlobsPrefix))
        return path.find("/chunks/") != std::string::npos ? "/v1/blobs/chunks" : "/v1/blobs";
    return "other";
}

// A blob's path: /v1/blobs/<sha256> (index -1) or /v1/blobs/<sha256>/chunks/<i>.
struct BlobPath {
    std::string sha256;
    std::int64_t index = -1;
};

// A request for a blob as the route takes it, or what is wrong with it: an
// unknown path (404), a chunk not named by 0…999999999 (400), anything but
// reading a blob or sending one of its chunks (405).
Result<BlobPath> blobRequestOf(const std::string &method, const std::string &path)
{
    const std::string rest = path.substr(std::string_view(kBlobsPrefix).size());
    const auto slash = rest.find('/');
    BlobPath out{rest.substr(0, slash), -1};
    if (slash != std::string::npos) {
        const std::string chunks = "/chunks/";
        if (rest.compare(slash, chunks.size(), chunks) != 0)
            return errorForStatus(404);
        const std::string index = rest.substr(slash + chunks.size());
        const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), out.index);
        // Digits only: from_chars would take "-0" for chunk 0.
        if (index.empty() || index.size() > 9 || index.find_first_not_of("0123456789") != std::string::npos ||
            ec != std::errc() || end != index.data() + index.size())
            return malformedRequest("a chunk is named by its index, a whole number from 0 (at most 9 digits)");
    }
    const bool upload = out.index >= 0 && method == "POST";
    if (method != "GET" && method != "HEAD" && !upload)
        return errorForStatus(405);
    return out;
}

// Two Content-Length headers come out as "a,b", which the gate refuses as
// malformed: believing either could read a body another hop framed otherwise.
std::string contentLengthOf(const httplib::Request &q)
{
    std::string out = q.get_header_value("Content-Length");
    for (std::size_t i = 1; i < q.get_header_value_count("Content-Length"); ++i)
        out += "," + q.get_header_value("Content-Length", i);
    return out;
}

} // namespace

HttpApi::HttpApi(Store &store, const SchemaSet &schemas, ApiOptions options)
    : m_store(store),
      m_schemas(schemas),
      m_options(options),
      m_auth(store, options.login),
      m_throttle(options.login),
      m_push(store, schemas),
      m_pull(store),
      m_blobs(store, options.metrics, options.blobRoom)
{}

ApiResponse HttpApi::handle(const ApiRequest &req)
{
    try {
        for (const Route &r : kRoutes) {
            if (req.path != r.path)
                continue;
            // HEAD is GET without the body (httplib leaves the body out):
            // a load balancer's HEAD /v1/health is answered, not refused.
            const bool headOfGet = req.method == "HEAD" && std::string_view(r.method) == "GET";
            if (req.method != r.method && !headOfGet)
                return failure(errorForStatus(405)); // a known path: 405, not 404
            // Health and readiness answer whoever asks; everything a device
            // does first says which wire format it speaks.
            if (r.handler != &HttpApi::health && r.handler != &HttpApi::ready)
                if (auto refused = protocolRefusal(req))
                    return *refused;
            return (this->*r.handler)(req);
        }
        if (req.path.starts_with(kBlobsPrefix)) {
            if (auto refused = protocolRefusal(req))
                return *refused;
            return blobs(req);
        }
        return failure(errorForStatus(404));
    } catch (const std::exception &) {
        return failure(unavailable());
    }
}

void HttpApi::install(httplib::Server &server)
{
    using httplib::Request;
    using httplib::Response;
    server.set_payload_max_length(m_options.maxBody); // a second bound; the gate below is the first

    auto send = [this](const Request &q, Response &res, ApiResponse r, std::chrono::steady_clock::time_point start) {
        res.status = r.status;
        const std::size_t bytes = r.body.size();
        if (r.binary) {
            // Photos and PDFs are compressed already: sent as they are.
            res.body = std::move(r.body);
            res.set_header("Content-Type", "application/octet-stream");
            res.set_header(kChunkShaHeader, r.chunkSha256);
        } else if (bytes > 1024 && acceptsGzip(q.get_header_value("Accept-Encoding"))) {
            res.body = gzipFast(r.body);
            res.set_header("Content-Encoding", "gzip");
            res.set_header("Vary", "Accept-Encoding");
        } else {
            // Moved, not copied: a first sync's pull page can be tens of megabytes.
            res.body = std::move(r.body);
        }
        // With a charset parameter httplib leaves the body alone (see gzip.h).
        if (!r.binary)
            res.set_header("Content-Type", "application/json; charset=utf-8");
        if (r.retryAfter > 0)
            res.set_header("Retry-After", std::to_string(r.retryAfter));
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (m_options.metrics)
            m_options.metrics->request(routeLabel(q.path), q.method, r.status, seconds);
        if (m_options.log)
            logRequest(q.method, q.path, r.status, seconds * 1000, r.user, peerOf(q, m_options.behindProxy), bytes);
    };

    // Refused from the head alone, before a byte of the body is read; the
    // unread body closes the connection with the answer.
    server.set_pre_routing_handler([this, send](const Request &q, Response &res) {
        RequestHead head{q.method,
                         q.path,
                         q.has_header("Content-Length"),
                         contentLengthOf(q),
                         q.get_header_value("Transfer-Encoding"),
                         q.get_header_value("Content-Encoding"),
                         q.get_header_value("Content-Type")};
        std::optional<ApiResponse> refused;
        if (auto gate = refuseBeforeBody(head, m_options.maxBody))
            refused = failure(gate->error);
        else if (q.method == "POST" && q.path.starts_with(kBlobsPrefix))
            // A megabyte is not decrypted, kept or hashed for a sender who
            // may not send it (only drained from the socket, so the client
            // reads the answer).
            refused = refuseChunkSender({q.method,
                                         q.path,
                                         q.get_header_value("Authorization"),
                                         {},
                                         peerOf(q, m_options.behindProxy),
                                         q.get_header_value(kProtocolHeader)});
        if (!refused)
            return httplib::Server::HandlerResponse::Unhandled;
        closeConnectionAfterResponse();
        res.set_header("Connection", "close");
        send(q, res, *refused, std::chrono::steady_clock::now());
        return httplib::Server::HandlerResponse::Handled;
    });

    auto serve = [this, send](const Request &q, Response &res) {
        const auto start = std::chrono::steady_clock::now();
        send(q, res,
             handle({q.method,
                     q.path,
                     q.get_header_value("Authorization"),
                     {},
                     peerOf(q, m_options.behindProxy),
                     q.get_header_value(kProtocolHeader)}),
             start);
    };
    // A body is read into the request it belongs to, bounded by the
    // Content-Length the gate checked, and moved from there: never copied.
    auto serveWithBody = [this, send](const Request &q, Response &res, const httplib::ContentReader &read) {
        const auto start = std::chrono::steady_clock::now();
        ApiRequest request{q.method,
                           q.path,
                           q.get_header_value("Authorization"),
                           {},
                           peerOf(q, m_options.behindProxy),
                           q.get_header_value(kProtocolHeader),
                           q.get_header_value(kChunkShaHeader)};
        request.body.reserve(
            std::min<std::size_t>(q.get_header_value<std::uint64_t>("Content-Length"), m_options.maxBody));
        bool tooLarge = false;
        const bool whole = read([&](const char *data, std::size_t n) {
            if (request.body.size() + n > m_options.maxBody) {
                tooLarge = true;
                return false;
            }
            request.body.append(data, n);
            return true;
        });
        if (tooLarge || !whole) {
            // Cut off (the deadline passed, the client left) or too long: a
            // part of a body is never taken for the whole.
            closeConnectionAfterResponse();
            send(q, res, failure(errorForStatus(tooLarge ? 413 : 408)), start);
            return;
        }
        send(q, res, handle(request), start);
    };
    const char *any = ".*";
    server.Get(any, serve);
    server.Post(any, serveWithBody); // every other method is refused by the gate

    // What httplib answers by itself before a handler runs (malformed HTTP,
    // an over-long header) gets our JSON body and its log line.
    server.set_error_handler(httplib::Server::HandlerWithResponse([this](const Request &q, Response &res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        // What follows a request HTTP could not read is no request to run.
        closeConnectionAfterResponse();
        if (requestHeadTooLarge())
            res.status = 431; // httplib says only that it could not read the headers (400)
        // httplib's own status stays, even one our registry does not name (431, 414).
        ApiResponse r = reply(res.status, errorJson(errorForStatus(res.status)));
        res.set_content(r.body, "application/json");
        if (m_options.log)
            logRequest(q.method, q.path, res.status, 0, "", peerOf(q, m_options.behindProxy), r.body.size());
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const Request &, Response &res, std::exception_ptr) {
        res.status = 503;
        res.set_content(errorJson(unavailable()).dump(), "application/json");
    });
}

std::optional<Caller> HttpApi::caller(const ApiRequest &req, ApiResponse &error)
{
    const std::string prefix = "Bearer ";
    if (req.authorization.compare(0, prefix.size(), prefix) != 0) {
        error = failure(unauthorized());
        return std::nullopt;
    }
    auto c = m_auth.authenticate(req.authorization.substr(prefix.size()));
    if (!c) {
        error = failure(c.error());
        return std::nullopt;
    }
    c->peer = req.peer;
    return *c;
}

std::optional<json> HttpApi::body(const ApiRequest &req, ApiResponse &error)
{
    if (req.body.size() > m_options.maxBody) {
        error = failure(errorForStatus(413));
        return std::nullopt;
    }
    if (!jsonNestingWithin(req.body)) {
        error = failure(registeredError("too_deep"));
        return std::nullopt;
    }
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) {
        error = failure(registeredError("bad_json"));
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = failure(errorOf(Msg::BodyNotAnObject));
        return std::nullopt;
    }
    return j;
}

ApiResponse HttpApi::login(const ApiRequest &req)
{
    ApiResponse error;
    auto j = body(req, error);
    if (!j)
        return error;
    auto str = [&](const char *key) -> const json * {
        auto it = j->find(key);
        return it != j->end() && it->is_string() ? &*it : nullptr;
    };
    if (!str("user") || !str("password") || (j->contains("device") && !str("device")) ||
        (j->contains("client_id") && (!str("client_id") || !isUuid(str("client_id")->get<std::string>()))))
        return failure(errorOf(Msg::LoginBodyFields));
    const std::string &user = str("user")->get_ref<const std::string &>();
    auto refusedWith = [&](const Error &e, std::int64_t retryAfter) {
        ApiResponse r = failure(e);
        r.user = user; // the log says which account was tried
        r.retryAfter = retryAfter;
        return r;
    };
    const auto now = LoginThrottle::Clock::now();
    if (auto refused = m_throttle.check(user, req.peer, now))
        return refusedWith(refused->error, refused->retryAfter);
    const LoginThrottle::HashSlot slot = m_throttle.acquireHashSlot();
    if (!slot)
        return refusedWith(unavailable(), 1);
    auto r = m_auth.login(user, str("password")->get_ref<const std::string &>(),
                          str("device") ? str("device")->get<std::string>() : "",
                          str("client_id") ? str("client_id")->get<std::string>() : "");
    if (!r) {
        if (r.error().code == "account_locked") {
            audit({0, unixNow(), user, "", req.peer, "login", "rejected:account_locked", "", "", ""});
            return refusedWith(r.error(), std::max<std::int64_t>(1, m_auth.lockedFor(user)));
        }
        m_throttle.failed(user, req.peer, now);
        audit({0, unixNow(), user, "", req.peer, "login", "rejected:" + r.error().code, "", "", ""});
        if (m_options.metrics) {
            m_options.metrics->loginFailed();
            if (m_auth.lockedFor(user) > 0) // this failure locked the account
                m_options.metrics->lockout();
        }
        return refusedWith(r.error(), 0);
    }
    m_throttle.succeeded(user);
    audit({0, unixNow(), user, r->caller.boundClient, req.peer, "login", "ok", "", "",
           str("device") ? "device " + str("device")->get<std::string>() : ""});
    json scopes = r->caller.scopes;
    if (r->caller.admin()) {
        scopes = json::array();
        auto tx = m_store.beginRead();
        for (const ScopeState &s : tx->listScopes())
            scopes.push_back(s.scope);
    }
    return reply(200, signedIn(*r, scopes), r->caller.user);
}

ApiResponse HttpApi::schemas(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    return reply(200, {{"schemas", m_schemas.toJson()}}, who->user);
}

ApiResponse HttpApi::push(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    if (req.body.size() > m_options.maxBody)
        return failure(errorForStatus(413));
    // Parsed on another thread while the mutations already read are applied.
    PushStream stream(req.body, [this, &who](Mutation m) { return m_push.prepare(*who, std::move(m)); });
    PushReply r = m_push.push(*who, stream);
    if (m_options.metrics && r.status == 200 && r.body.contains("results"))
        for (const json &result : r.body["results"])
            m_options.metrics->mutation(result.value("status", "?"), result.value("code", ""));
    return reply(r.status, r.body, who->user);
}

ApiResponse HttpApi::pull(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    auto j = body(req, error);
    if (!j)
        return error;
    auto request = pullRequestFromJson(*j);
    if (!request)
        return failure(request.error());
    if (Status st = m_auth.bindDevice(*who, request->clientId); !st)
        return failure(st.error());
    PullReply r = m_pull.pull(*who, *request);
    if (m_options.metrics && r.status == 200)
        m_options.metrics->pull(r.served);
    return {r.status, std::move(r.body), who->user};
}

ApiResponse HttpApi::health(const ApiRequest &)
{
    return reply(200, {{"status", "ok"},
                       {"version", "0.1.0"},
                       {"protocol", kProtocolVersion},
                       {"min_protocol", m_options.minProtocol}});
}

std::optional<ApiResponse> HttpApi::protocolRefusal(const ApiRequest &req) const
{
    int version = 1; // the first release sent no header
    if (!req.protocol.empty()) {
        const auto [end, ec] = std::from_chars(req.protocol.data(), req.protocol.data() + req.protocol.size(), version);
        if (ec != std::errc() || end != req.protocol.data() + req.protocol.size() || version < 1)
            return failure(registeredError("bad_request", "Kyodo-Protocol must be a positive integer"));
    }
    if (version >= m_options.minProtocol)
        return std::nullopt; // a newer device is served as well as this server can
    ApiResponse r = failure(registeredError("upgrade_required"));
    json body = json::parse(r.body);
    body["min_protocol"] = m_options.minProtocol;
    body["protocol"] = kProtocolVersion;
    r.body = body.dump();
    return r;
}

ApiResponse HttpApi::ready(const ApiRequest &)
{
    // A read of the store end to end: a pool that is exhausted, a database
    // that is gone or locked answers 503 here as it would to a pull.
    auto tx = m_store.beginRead();
    (void)tx->scopeState("");
    return reply(200, {{"status", "ready"}});
}

// Every user's changes to one record, from the audit log, for whoever may
// read the record where it is now. A record elsewhere, or none, is the same
// 404: nobody learns that a foreign id exists.
ApiResponse HttpApi::history(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    auto j = body(req, error);
    if (!j)
        return error;
    const auto id = j->find("record");
    if (id == j->end() || !id->is_string() || !isUuid(id->get<std::string>()))
        return failure(malformedRequest("record must be a UUID"));
    const std::string record = id->get<std::string>();
    auto tx = m_store.beginRead();
    const auto place = tx->recordPlace(record);
    if (!place || !who->mayRead(place->scope))
        return failure(errorOf(Msg::RecordNotFound));
    json entries = json::array();
    // Someone of another ward who knows the id can send changes that are
    // refused: those are in the audit log, not in the record's history.
    for (const AuditEntry &e : tx->audit(AuditFilter{"", record, 0, 500, true}))
        entries.push_back({{"at", e.at},
                           {"user", e.user},
                           {"device", e.client},
                           {"action", e.action},
                           {"outcome", e.outcome},
                           {"fields", e.detail}});
    return reply(200, {{"record", record}, {"history", entries}}, who->user);
}

ApiResponse HttpApi::blobs(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    const auto path = blobRequestOf(req.method, req.path);
    if (!path)
        return failure(path.error());
    const bool upload = req.method == "POST";
    BlobReply r = path->index < 0 ? m_blobs.status(*who, path->sha256)
                  : upload        ? m_blobs.upload(*who, path->sha256, path->index, req.chunkSha256, req.body)
                                  : m_blobs.download(*who, path->sha256, path->index);
    if (!r.binary)
        return reply(r.status, r.body, who->user);
    ApiResponse out{r.status, std::move(r.bytes), who->user};
    out.binary = true;
    out.chunkSha256 = std::move(r.chunkSha256);
    return out;
}

std::optional<ApiResponse> HttpApi::refuseChunkSender(const ApiRequest &head)
{
    ApiResponse error;
    auto who = caller(head, error);
    if (!who)
        return error;
    // A path or method blobs() would refuse is refused before the body too.
    const auto path = blobRequestOf(head.method, head.path);
    if (!path)
        return failure(path.error());
    const std::optional<BlobReply> refused = m_blobs.refuseSender(*who, path->sha256);
    if (!refused)
        return std::nullopt;
    return reply(refused->status, refused->body, who->user);
}

void HttpApi::audit(const AuditEntry &entry)
{
    try {
        auto tx = m_store.beginWrite();
        tx->appendAudit(entry);
        tx->commit();
    } catch (const std::exception &e) {
        // The answer stands; the log says the audit line was lost.
        std::fprintf(stderr, "kyodo-server: audit entry lost (%s): %s %s\n", e.what(), entry.action.c_str(),
                     entry.user.c_str());
    }
}

ApiResponse HttpApi::logout(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    if (Status st = m_auth.logout(*who); !st)
        return failure(st.error());
    audit({0, unixNow(), who->user, who->boundClient, who->peer, "logout", "ok", "", "", ""});
    return reply(200, {{"status", "signed_out"}}, who->user);
}

ApiResponse HttpApi::renewToken(const ApiRequest &req)
{
    ApiResponse error;
    auto who = caller(req, error);
    if (!who)
        return error;
    auto j = body(req, error);
    if (!j)
        return error;
    std::string clientId;
    if (auto it = j->find("client_id"); it != j->end()) {
        if (!it->is_string() || !isUuid(it->get<std::string>()))
            return failure(malformedRequest("client_id must be a UUID"));
        clientId = it->get<std::string>();
    }
    auto r = m_auth.renew(*who, clientId);
    if (!r)
        return failure(r.error());
    audit({0, unixNow(), who->user, r->caller.boundClient, who->peer, "token_renew", "ok", "", "", ""});
    return reply(200, signedIn(*r, who->scopes), who->user);
}

} // namespace kyodo::server
