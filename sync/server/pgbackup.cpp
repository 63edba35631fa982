#include "pgbackup.h"

#include "durablefile.h"
#include "messages.h"
#include "pgconn.h"
#include "storefactory.h"
#include "storesql.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

extern char **environ;

namespace kyodo::server {

namespace {

// The URI split by libpq: what the tools get as PG* variables, and the
// database's name as a message may show it (never with its password).
struct PgTarget {
    std::vector<std::string> env; // NAME=value
    std::string dbname;
    std::string shown; // user@host:port/dbname
};

std::optional<PgTarget> parseTarget(const std::string &uri, std::string &why)
{
    char *err = nullptr;
    PQconninfoOption *options = PQconninfoParse(uri.c_str(), &err);
    if (!options) {
        why = err ? err : "unreadable connection URI";
        PQfreemem(err);
        return std::nullopt;
    }
    PgTarget t;
    std::string user, host, port;
    for (PQconninfoOption *o = options; o->keyword; ++o) {
        if (!o->val || !*o->val)
            continue;
        const std::string key = o->keyword, val = o->val;
        if (o->envvar)
            t.env.push_back(std::string(o->envvar) + "=" + val);
        if (key == "dbname")
            t.dbname = val;
        else if (key == "user")
            user = val;
        else if (key == "host")
            host = val;
        else if (key == "port")
            port = val;
    }
    PQconninfoFree(options);
    if (t.dbname.empty()) {
        why = "the URI names no database";
        return std::nullopt;
    }
    t.shown = (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" + t.dbname;
    return t;
}

struct ToolRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

std::string toolPath(const std::string &name)
{
    const char *dir = std::getenv("KYODO_PG_BINDIR");
    return dir && *dir ? std::string(dir) + "/" + name : name;
}

// Runs a PostgreSQL tool with the target's PG* variables instead of the
// caller's own, and collects what it prints (both streams at once, so a
// long listing cannot fill one pipe while the other is read).
Result<ToolRun> runTool(const std::vector<std::string> &argv, const PgTarget &target)
{
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "PG", 2) != 0)
            env.emplace_back(*e);
    env.insert(env.end(), target.env.begin(), target.env.end());
    std::vector<char *> cargv, cenv;
    for (const std::string &a : argv)
        cargv.push_back(const_cast<char *>(a.c_str()));
    cargv.push_back(nullptr);
    for (const std::string &e : env)
        cenv.push_back(const_cast<char *>(e.c_str()));
    cenv.push_back(nullptr);

    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return withDetail(errorOf(Msg::BackupFailed, {argv[0]}), std::strerror(errno));
    if (pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        return withDetail(errorOf(Msg::BackupFailed, {argv[0]}), std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    if (spawned != 0) {
        ::close(out[0]);
        ::close(err[0]);
        return withDetail(errorOf(Msg::PgToolMissing, {argv[0]}), std::strerror(spawned));
    }
    ToolRun run;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string *into[2] = {&run.out, &run.err};
    for (int open = 2; open > 0;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                into[i]->append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (pollfd &f : fds)
        if (f.fd >= 0)
            ::close(f.fd);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

// The tool's last words, for the detail of an error.
std::string lastLines(const std::string &text)
{
    const std::size_t keep = 600;
    return text.size() <= keep ? text : "…" + text.substr(text.size() - keep);
}

// What is wrong with `archive` as a backup of a Kyodo store, or "".
std::string archiveProblem(const std::string &archive, const PgTarget &target)
{
    auto list = runTool({toolPath("pg_restore"), "--list", archive}, target);
    if (!list)
        return list.error().text();
    if (list->exitCode != 0)
        return "pg_restore --list: " + lastLines(list->err);
    for (const char *table : {" TABLE public records ", " TABLE public schema_version ", " TABLE public results "})
        if (list->out.find(table) == std::string::npos)
            return std::string("no table") + (table + 6);
    return {};
}

} // namespace

Status backupPostgresStore(const std::string &uri, const std::string &dest)
{
    std::string why;
    const auto target = parseTarget(uri, why);
    if (!target)
        return withDetail(errorOf(Msg::NotAKyodoStore, {"PostgreSQL"}), why);
    try {
        PgConn conn(uri); // a store this server knows, before anything is written
        const auto version = conn.exec("SELECT COALESCE(MAX(version), 0) FROM schema_version").i64(0, 0);
        if (version < 1 || version > kStoreSchemaVersion)
            return withDetail(errorOf(Msg::NotAKyodoStore, {target->shown}),
                              "schema version " + std::to_string(version));
    } catch (const std::exception &e) {
        return withDetail(errorOf(Msg::NotAKyodoStore, {target->shown}), e.what());
    }
    const std::string partial = partialOf(dest);
    std::remove(partial.c_str());
    auto dump = runTool({toolPath("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file=" + partial},
                        *target);
    if (!dump)
        return dump.error();
    std::string problem = dump->exitCode == 0 ? archiveProblem(partial, *target) : "pg_dump: " + lastLines(dump->err);
    if (problem.empty()) {
        const std::error_code ec = publishPartial(partial, dest);
        if (!ec)
            return {};
        problem = ec.message();
    }
    std::remove(partial.c_str());
    return withDetail(errorOf(Msg::BackupFailed, {dest}), problem);
}

Status restorePostgresStore(const std::string &src, const std::string &uri)
{
    std::string why;
    const auto target = parseTarget(uri, why);
    if (!target)
        return withDetail(errorOf(Msg::NotAKyodoStore, {"PostgreSQL"}), why);
    if (!std::filesystem::exists(src))
        return errorOf(Msg::NoSuchDatabase, {src});
    if (const std::string problem = archiveProblem(src, *target); !problem.empty())
        return withDetail(errorOf(Msg::NotAKyodoStore, {src}), problem);
    try {
        PgConn conn(uri);
        if (conn.exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").i64(0, 0) != 0)
            return errorOf(Msg::RestoreTargetNotEmpty, {target->shown});
    } catch (const std::exception &e) {
        return withDetail(errorOf(Msg::BackupFailed, {target->shown}), e.what());
    }
    // One transaction: a failed restore leaves the database as empty as it was.
    auto restore = runTool({toolPath("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                            "--single-transaction", "--dbname=" + target->dbname, src},
                           *target);
    if (!restore)
        return restore.error();
    if (restore->exitCode != 0)
        return withDetail(errorOf(Msg::BackupFailed, {target->shown}), "pg_restore: " + lastLines(restore->err));
    try {
        openStore(uri, 1); // brings an older backup to this server's schema
        return {};
    } catch (const std::exception &e) {
        return withDetail(errorOf(Msg::BackupFailed, {target->shown}), e.what());
    }
}

} // namespace kyodo::server
