#include "httpapi.h"

#include "apierror.h"
#include "gzip.h"
#include "pushstream.h"
#include "record.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kyodo::server {

namespace {

ApiResponse reply(int status, const json &body, std::string user = {})
{
    return {status, canonicalJson(body), std::move(user)};
}

ApiResponse failure(int status, const Error &e)
{
    return reply(status, errorJson(e));
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

void logLine(const std::string &method, const std::string &path, int status, double ms, const std::string &user,
             std::size_t bytes)
{
    const std::string line = "ts=" + nowIso() + " method=" + method + " path=" + path + " status=" +
                             std::to_string(status) + " ms=" + std::to_string(ms) +
                             " user=" + (user.empty() ? "-" : user) + " bytes=" + std::to_string(bytes) + "\n";
    std::fputs(line.c_str(), stderr); // one write per line keeps lines whole across threads
}

} // namespace

HttpApi::HttpApi(Store &store, const SchemaSet &schemas, ApiOptions options)
    : m_store(store), m_schemas(schemas), m_options(options), m_auth(store), m_push(store, schemas), m_pull(store)
{
}

ApiResponse HttpApi::handle(const ApiRequest &req)
{
    struct Route {
        const char *path;
        const char *method;
        ApiResponse (HttpApi::*handler)(const ApiRequest &);
    };
    static const Route routes[] = {
        {"/v1/login", "POST", &HttpApi::login},
        {"/v1/schemas", "GET", &HttpApi::schemas},
        {"/v1/push", "POST", &HttpApi::push},
        {"/v1/pull", "POST", &HttpApi::pull},
        {"/v1/health", "GET", nullptr},
    };
    try {
        for (const Route &r : routes) {
            if (req.path != r.path)
                continue;
            if (req.method != r.method)
                return failure(405, errorForStatus(405)); // a known path: 405, not 404
            if (!r.handler)
                return reply(200, {{"status", "ok"}, {"version", "0.1.0"}});
            return (this->*r.handler)(req);
        }
        return failure(404, errorForStatus(404));
    } catch (const std::exception &) {
        return failure(503, unavailable());
    }
}

void HttpApi::install(httplib::Server &server)
{
    using httplib::Request;
    using httplib::Response;
    // httplib answers 413 itself past this; body() checks again for chunked bodies.
    server.set_payload_max_length(m_options.maxBody);

    auto serve = [this](const Request &q, Response &res) {
        const auto start = std::chrono::steady_clock::now();
        ApiResponse r = handle({q.method, q.path, q.get_header_value("Authorization"), q.body});
        res.status = r.status;
        const std::size_t bytes = r.body.size();
        if (bytes > 1024 && acceptsGzip(q.get_header_value("Accept-Encoding"))) {
            res.body = gzipFast(r.body);
            res.set_header("Content-Encoding", "gzip");
            res.set_header("Vary", "Accept-Encoding");
        } else {
            // Moved, not copied: a first sync's pull page can be tens of megabytes.
            res.body = std::move(r.body);
        }
        // With a charset parameter httplib leaves the body alone (see gzip.h).
        res.set_header("Content-Type", "application/json; charset=utf-8");
        if (m_options.log)
            logLine(q.method, q.path, r.status,
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                    r.user, bytes);
    };
    const char *any = ".*";
    server.Get(any, serve);
    server.Post(any, serve);
    server.Put(any, serve);
    server.Delete(any, serve);
    server.Patch(any, serve);

    // What httplib answers by itself before a handler runs (413, malformed
    // HTTP) gets our JSON body and its log line.
    server.set_error_handler(httplib::Server::HandlerWithResponse([this](const Request &q, Response &res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        ApiResponse r = failure(res.status, errorForStatus(res.status));
        res.set_content(r.body, "application/json");
        if (m_options.log)
            logLine(q.method, q.path, res.status, 0, "", r.body.size());
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
        error = failure(401, unauthorized());
        return std::nullopt;
    }
    auto c = m_auth.authenticate(req.authorization.substr(prefix.size()));
    if (!c) {
        error = failure(401, c.error());
        return std::nullopt;
    }
    return *c;
}

std::optional<json> HttpApi::body(const ApiRequest &req, ApiResponse &error)
{
    if (req.body.size() > m_options.maxBody) {
        error = failure(413, errorForStatus(413));
        return std::nullopt;
    }
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded()) {
        error = failure(400, makeError("bad_json", "JSONとして読めません", "The body is not valid JSON"));
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = failure(400, makeError("bad_request", "本文はJSONオブジェクトでなければなりません",
                                       "The body must be a JSON object"));
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
    if (!str("user") || !str("password") || (j->contains("device") && !str("device")))
        return failure(400, makeError("bad_request", "user と password（文字列）が必要です",
                                      "user and password (strings) are required"));
    auto r = m_auth.login(*str("user"), *str("password"), str("device") ? str("device")->get<std::string>() : "");
    if (!r)
        return failure(401, r.error());
    json scopes = r->caller.scopes;
    if (r->caller.admin()) {
        scopes = json::array();
        auto tx = m_store.beginRead();
        for (const ScopeState &s : tx->listScopes())
            scopes.push_back(s.scope);
    }
    return reply(200,
                 {{"token", r->token}, {"role", roleName(r->caller.role)}, {"scopes", scopes}, {"user", r->caller.user}},
                 r->caller.user);
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
        return failure(413, errorForStatus(413));
    // Parsed on another thread while the mutations already read are applied.
    PushStream stream(req.body, [this, &who](Mutation m) { return m_push.prepare(*who, std::move(m)); });
    PushReply r = m_push.push(*who, stream);
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
        return failure(400, request.error());
    PullReply r = m_pull.pull(*who, *request);
    return {r.status, std::move(r.body), who->user};
}

} // namespace kyodo::server
