#include "httpapi.h"

#include "apierror.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kyodo::server {

namespace {

// Per-request facts for the log line; httplib runs a request's handlers and
// its logger on the same pool thread.
thread_local std::chrono::steady_clock::time_point t_start;
thread_local std::string t_user;

void send(httplib::Response &res, int status, const json &body)
{
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void fail(httplib::Response &res, int status, const Error &e)
{
    send(res, status, errorJson(e));
}

Error errorForStatus(int status)
{
    switch (status) {
    case 400: return makeError("bad_request", "リクエストの形式が正しくありません", "Malformed request");
    case 401: return unauthorized();
    case 404: return makeError("not_found", "そのURLはありません", "No such endpoint");
    case 405: return makeError("method_not_allowed", "このURLではそのメソッドは使えません", "Method not allowed here");
    case 413: return makeError("too_large", "リクエストが大きすぎます", "Request body too large");
    default: return unavailable();
    }
}

std::string nowIso()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

} // namespace

HttpApi::HttpApi(Store &store, const SchemaSet &schemas, ApiOptions options)
    : m_store(store), m_schemas(schemas), m_options(options), m_auth(store), m_push(store, schemas), m_pull(store)
{
}

void HttpApi::install(httplib::Server &server)
{
    using httplib::Request;
    using httplib::Response;
    // httplib answers 413 itself past this; body() checks again for chunked bodies.
    server.set_payload_max_length(m_options.maxBody);

    server.set_pre_routing_handler([](const Request &, Response &) {
        t_start = std::chrono::steady_clock::now();
        t_user.clear();
        return httplib::Server::HandlerResponse::Unhandled;
    });

    server.Get("/v1/health", [](const Request &, Response &res) {
        send(res, 200, {{"status", "ok"}, {"version", "0.1.0"}});
    });
    server.Post("/v1/login", [this](const Request &q, Response &r) { login(q, r); });
    server.Get("/v1/schemas", [this](const Request &q, Response &r) { schemas(q, r); });
    server.Post("/v1/push", [this](const Request &q, Response &r) { push(q, r); });
    server.Post("/v1/pull", [this](const Request &q, Response &r) { pull(q, r); });

    // Known paths with the wrong method answer 405, not 404.
    auto notAllowed = [](const Request &, Response &res) {
        fail(res, 405, errorForStatus(405));
    };
    for (const char *path : {"/v1/login", "/v1/push", "/v1/pull"}) {
        server.Get(path, notAllowed);
        server.Put(path, notAllowed);
        server.Delete(path, notAllowed);
        server.Patch(path, notAllowed);
    }
    for (const char *path : {"/v1/health", "/v1/schemas"}) {
        server.Post(path, notAllowed);
        server.Put(path, notAllowed);
        server.Delete(path, notAllowed);
        server.Patch(path, notAllowed);
    }

    // Anything httplib answered by itself (404, 413, 400…) gets our JSON body.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const Request &, Response &res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        fail(res, res.status, errorForStatus(res.status));
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const Request &, Response &res, std::exception_ptr) {
        fail(res, 503, unavailable());
    });

    if (m_options.log)
        server.set_logger([](const Request &req, const Response &res) {
            const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start).count();
            std::string line = "ts=" + nowIso() + " method=" + req.method + " path=" + req.path +
                               " status=" + std::to_string(res.status) + " ms=" + std::to_string(ms) +
                               " user=" + (t_user.empty() ? "-" : t_user) + " bytes=" + std::to_string(res.body.size()) +
                               "\n";
            std::fputs(line.c_str(), stderr); // one write per line keeps lines whole across threads
        });
}

std::optional<Caller> HttpApi::caller(const httplib::Request &req, httplib::Response &res)
{
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (header.compare(0, prefix.size(), prefix) != 0) {
        fail(res, 401, unauthorized());
        return std::nullopt;
    }
    auto c = m_auth.authenticate(header.substr(prefix.size()));
    if (!c) {
        fail(res, 401, c.error());
        return std::nullopt;
    }
    t_user = c->user;
    return *c;
}

std::optional<json> HttpApi::body(const httplib::Request &req, httplib::Response &res)
{
    if (req.body.size() > m_options.maxBody) {
        fail(res, 413, errorForStatus(413));
        return std::nullopt;
    }
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) {
        fail(res, 400, makeError("bad_json", "JSONとして読めません", "The body is not valid JSON"));
        return std::nullopt;
    }
    if (!j.is_object()) {
        fail(res, 400, makeError("bad_request", "本文はJSONオブジェクトでなければなりません", "The body must be a JSON object"));
        return std::nullopt;
    }
    return j;
}

void HttpApi::login(const httplib::Request &req, httplib::Response &res)
{
    auto j = body(req, res);
    if (!j)
        return;
    auto str = [&](const char *key) -> const json * {
        auto it = j->find(key);
        return it != j->end() && it->is_string() ? &*it : nullptr;
    };
    if (!str("user") || !str("password") || (j->contains("device") && !str("device")))
        return fail(res, 400, makeError("bad_request", "user と password（文字列）が必要です",
                                        "user and password (strings) are required"));
    auto r = m_auth.login(*str("user"), *str("password"), str("device") ? str("device")->get<std::string>() : "");
    if (!r)
        return fail(res, 401, r.error());
    t_user = r->caller.user;
    json scopes = r->caller.scopes;
    if (r->caller.admin()) {
        scopes = json::array();
        auto tx = m_store.beginRead();
        for (const ScopeState &s : tx->listScopes())
            scopes.push_back(s.scope);
    }
    send(res, 200, {{"token", r->token}, {"role", roleName(r->caller.role)}, {"scopes", scopes}, {"user", r->caller.user}});
}

void HttpApi::schemas(const httplib::Request &req, httplib::Response &res)
{
    if (!caller(req, res))
        return;
    send(res, 200, {{"schemas", m_schemas.toJson()}});
}

void HttpApi::push(const httplib::Request &req, httplib::Response &res)
{
    auto who = caller(req, res);
    if (!who)
        return;
    auto j = body(req, res);
    if (!j)
        return;
    if (auto ms = j->find("mutations"); ms != j->end() && ms->is_array() && ms->size() > kMaxMutationsPerPush)
        return fail(res, 429, makeError("too_many_mutations",
                                        "一度に送れる変更は " + std::to_string(kMaxMutationsPerPush) + " 件までです",
                                        "At most " + std::to_string(kMaxMutationsPerPush) + " mutations per push"));
    auto request = pushRequestFromJson(*j);
    if (!request)
        return fail(res, 400, request.error());
    PushReply reply = m_push.push(*who, *request);
    send(res, reply.status, reply.body);
}

void HttpApi::pull(const httplib::Request &req, httplib::Response &res)
{
    auto who = caller(req, res);
    if (!who)
        return;
    auto j = body(req, res);
    if (!j)
        return;
    auto request = pullRequestFromJson(*j);
    if (!request)
        return fail(res, 400, request.error());
    PullReply reply = m_pull.pull(*who, *request);
    res.status = reply.status;
    // Moved, not copied: a first sync's page can be tens of megabytes.
    res.body = std::move(reply.body);
    res.set_header("Content-Type", "application/json");
}

} // namespace kyodo::server
