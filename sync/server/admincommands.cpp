// `kyodo-server --db PATH user …`, `token …` and `quarantine …`: operators
// manage accounts, devices and refused changes directly on the database
// (SQLite file or PostgreSQL), with the same role/scope rules the API uses.
#include "attachment.h"
#include "auth.h"
#include "backup.h"
#include "blobgc.h"
#include "cmdline.h"
#include "hlc.h"
#include "messages.h"
#include "pushservice.h"
#include "storefactory.h"
#include "uuid.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <iostream>
#include <termios.h>
#include <unistd.h>

#ifndef KYODO_SCHEMA_DIR
#define KYODO_SCHEMA_DIR "/usr/share/kyodo/plugins"
#endif

namespace kyodo::server {

namespace {

int usage(const std::string &what)
{
    std::fprintf(stderr, "kyodo-server: %s (see --help)\n", what.c_str());
    return kExitUsage;
}

int failure(const Error &e)
{
    std::fprintf(stderr, "kyodo-server: %s\n", e.text().c_str());
    return kExitFailure;
}

int failure(Msg msg, std::initializer_list<MessageArg> args = {}) { return failure(errorOf(msg, args)); }

// From $KYODO_PASSWORD, else asked twice on the terminal without echo.
std::optional<std::string> readPassword()
{
    if (const char *env = std::getenv("KYODO_PASSWORD"))
        return std::string(env);
    const int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    auto ask = [fd](Txt label) {
        const std::string prompt = bilingual(label) + ": ";
        termios old{}, quiet{};
        tcgetattr(fd, &old);
        quiet = old;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
        (void)!write(fd, prompt.data(), prompt.size());
        std::string line;
        char c;
        while (read(fd, &c, 1) == 1 && c != '\n')
            line += c;
        tcsetattr(fd, TCSAFLUSH, &old);
        (void)!write(fd, "\n", 1);
        return line;
    };
    const std::string first = ask(Txt::PasswordPrompt);
    const std::string second = ask(Txt::PasswordAgain);
    close(fd);
    if (first != second || first.empty())
        return std::nullopt;
    return first;
}

std::string joined(const std::vector<std::string> &v)
{
    std::string out;
    for (const auto &s : v)
        out += (out.empty() ? "" : ",") + s;
    return out.empty() ? "-" : out;
}

Error noUser(const std::string &name) { return errorOf(Msg::NoSuchUser, {name}); }

std::string isoTime(std::int64_t unix)
{
    char when[32];
    const std::time_t t = static_cast<std::time_t>(unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return when;
}

// Who ran an admin command: the operating system account.
std::string operatorName()
{
    const char *user = std::getenv("SUDO_USER");
    if (!user || !*user)
        user = std::getenv("USER");
    return std::string("cli:") + (user && *user ? user : std::to_string(::getuid()));
}

void auditAdmin(StoreTx &tx, const std::string &action, const std::string &target, const std::string &detail)
{
    tx.appendAudit(
        {0, unixNow(), operatorName(), "", "", action, "ok", "", "", target + (detail.empty() ? "" : " " + detail)});
}

int userCommand(Store &store, const CommandLine &cl)
{
    const auto &a = cl.args;
    if (a.size() < 2)
        return usage("user needs a subcommand");
    const std::string &sub = a[1];
    if (sub == "list") {
        auto tx = store.beginRead();
        for (const UserRow &u : tx->listUsers()) {
            std::vector<std::string> grants = u.scopes;
            for (const auto &s : u.readScopes)
                grants.push_back(s + "(read)");
            std::printf("%s %s %s %s\n", u.name.c_str(), u.role.c_str(),
                        u.disabled                  ? "disabled"
                        : u.lockedUntil > unixNow() ? "locked"
                                                    : "active",
                        joined(grants).c_str());
        }
        return kExitOk;
    }
    if (a.size() < 3)
        return usage("user " + sub + " needs a NAME");
    const std::string &name = a[2];
    if (sub == "add") {
        auto role = parseRole(cl.value("--role"));
        if (!role)
            return usage("--role must be staff, supporter, committee or admin");
        std::vector<std::string> scopes, readScopes;
        if (auto it = cl.opt.find("--scope"); it != cl.opt.end())
            scopes = it->second;
        if (auto it = cl.opt.find("--read-scope"); it != cl.opt.end())
            readScopes = it->second;
        for (const auto &s : scopes)
            if (Status st = grantFits(*role, s); !st)
                return failure(st.error());
        for (const auto &s : readScopes)
            if (Status st = grantFits(*role, s, GrantAccess::Read); !st)
                return failure(st.error());
        auto password = readPassword();
        if (!password)
            return failure(Msg::NoPasswordOrMismatch);
        auto tx = store.beginWrite();
        if (tx->loadUser(name))
            return failure(Msg::UserExists, {name});
        tx->saveUser(UserRow{name, roleName(*role), hashPassword(*password), false, {}});
        for (const auto &s : scopes)
            tx->addGrant(name, s);
        for (const auto &s : readScopes)
            tx->addGrant(name, s, GrantAccess::Read);
        auditAdmin(*tx, "user_add", name,
                   roleName(*role) + std::string(" ") + joined(scopes) +
                       (readScopes.empty() ? "" : " read " + joined(readScopes)));
        tx->commit();
        return kExitOk;
    }
    auto tx = store.beginWrite();
    auto user = tx->loadUser(name);
    if (!user)
        return failure(noUser(name));
    if (sub == "disable" || sub == "enable") {
        user->disabled = sub == "disable";
        tx->saveUser(*user);
        if (user->disabled)
            tx->revokeTokensOfUser(name); // a disabled user's devices are logged out for good
    } else if (sub == "passwd") {
        auto password = readPassword();
        if (!password)
            return failure(Msg::NoPasswordOrMismatch);
        user->passwordHash = hashPassword(*password);
        user->failedLogins = 0;
        user->lockedUntil = 0;
        tx->saveUser(*user);
        // Whoever knew the old password may hold a token from it.
        tx->revokeTokensOfUser(name);
    } else if (sub == "unlock") {
        user->failedLogins = 0;
        user->lockedUntil = 0;
        tx->saveUser(*user);
    } else if (sub == "grant" || sub == "revoke") {
        if (a.size() < 4)
            return usage("user " + sub + " needs NAME SCOPE");
        const std::string &scope = a[3];
        if (sub == "grant") {
            const GrantAccess access = cl.has("--read-only") ? GrantAccess::Read : GrantAccess::Write;
            if (Status st = grantFits(*parseRole(user->role), scope, access); !st)
                return failure(st.error());
            tx->addGrant(name, scope, access);
        } else if (!tx->removeGrant(name, scope)) {
            return failure(Msg::NoGrantOfScope, {name, scope});
        }
    } else {
        return usage("unknown user subcommand '" + sub + "'");
    }
    auditAdmin(*tx, sub, name,
               (a.size() >= 4 ? a[3] : std::string()) + (sub == "grant" && cl.has("--read-only") ? " read" : ""));
    tx->commit();
    return kExitOk;
}

// Orders the devices of the matching tokens to delete their replicas at
// their next contact (a lost tablet). The token stays only to carry that
// order: every request with it is answered 401 device_wipe.
int wipeCommand(Store &store, const CommandLine &cl)
{
    const auto &a = cl.args;
    const std::string user = cl.has("--user") ? cl.value("--user") : std::string();
    const std::string prefix = a.size() >= 3 ? a[2] : std::string();
    if (user.empty() && prefix.size() < 8)
        return usage("token wipe needs --user NAME or at least 8 hex digits of the token hash (see token list)");
    auto tx = store.beginWrite();
    if (!user.empty() && !tx->loadUser(user))
        return failure(noUser(user));
    int n = 0;
    for (TokenRow t : tx->listTokens()) {
        const bool match = user.empty() ? t.hash.rfind(prefix, 0) == 0 : t.user == user;
        if (!match || t.revoked || t.wipe)
            continue;
        t.wipe = true;
        tx->saveToken(t);
        ++n;
    }
    auditAdmin(*tx, "wipe", user.empty() ? prefix : "--user " + user, std::to_string(n) + " tokens");
    tx->commit();
    std::printf("%d\n", n);
    if (n == 0)
        return failure(Msg::NoActiveTokenMatches);
    return kExitOk;
}

int tokenCommand(Store &store, const CommandLine &cl)
{
    const auto &a = cl.args;
    if (a.size() < 2)
        return usage("token needs a subcommand");
    if (a[1] == "list") {
        auto tx = store.beginRead();
        for (const TokenRow &t : tx->listTokens()) {
            char when[32];
            const std::time_t created = static_cast<std::time_t>(t.created);
            std::tm tm{};
            gmtime_r(&created, &tm);
            std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
            const std::int64_t now = unixNow();
            const char *state = t.revoked                           ? "revoked"
                                : t.wipe                            ? "wipe-ordered"
                                : t.expires > 0 && t.expires <= now ? "expired"
                                                                    : "active";
            std::printf("%s %s %s %s %s %s\n", t.hash.substr(0, 16).c_str(), t.user.c_str(),
                        t.device.empty() ? "-" : t.device.c_str(), when, state,
                        t.clientId.empty() ? "-" : t.clientId.c_str());
        }
        return kExitOk;
    }
    if (a[1] == "wipe")
        return wipeCommand(store, cl);
    if (a[1] != "revoke")
        return usage("unknown token subcommand '" + a[1] + "'");
    auto tx = store.beginWrite();
    int n = 0;
    if (cl.has("--user")) {
        if (!tx->loadUser(cl.value("--user")))
            return failure(noUser(cl.value("--user")));
        n = tx->revokeTokensOfUser(cl.value("--user"));
    } else if (a.size() >= 3) {
        const std::string &arg = a[2];
        // A short prefix could match many devices by accident.
        if (arg.size() < 8)
            return usage("give at least 8 hex digits of the token hash (see token list)");
        n = tx->revokeTokensByPrefix(arg);
        if (n == 0 && arg.size() == 64)
            n = tx->revokeTokensByPrefix(tokenHash(arg)); // the token itself
    } else {
        return usage("token revoke needs --user NAME or a HASH_PREFIX");
    }
    auditAdmin(*tx, "token_revoke", cl.has("--user") ? "--user " + cl.value("--user") : a[2],
               std::to_string(n) + " tokens");
    tx->commit();
    std::printf("%d\n", n);
    // Revoking a user's tokens is idempotent; a prefix that matches nothing is likely a typo.
    if (n == 0 && !cl.has("--user"))
        return failure(Msg::NoTokenMatches);
    return kExitOk;
}

// Re-applies a kept mutation as an administrator: under the admin tool's own
// client id and the next cseq, so it travels through the same merge rules,
// conflicts and scope bookkeeping as any push.
Result<MutationResult> applyKept(Store &store, const SchemaSet &schemas, Mutation m)
{
    static const std::string kAdminClient = "0190b5a0-0000-7000-8000-0000000000ad";
    std::int64_t last = 0;
    {
        auto tx = store.beginRead();
        if (auto c = tx->loadClient(kAdminClient))
            last = c->lastCseq;
    }
    m.cseq = last + 1;
    m.mid = newUuidV7();
    m.hlc = HybridClock::pack(static_cast<std::uint64_t>(unixNow()) * 1000, 0);
    PushService push(store, schemas);
    PushReply reply = push.push(Caller{"admin", Role::Admin, {}}, PushRequest{kAdminClient, {std::move(m)}});
    if (reply.status != 200)
        return errorOf(Msg::CouldNotApply, {reply.body.dump()});
    return resultFromJson(reply.body["results"][0]);
}

int auditCommand(Store &store, const CommandLine &cl)
{
    AuditFilter f;
    f.user = cl.value("--user");
    f.record = cl.value("--record");
    if (cl.has("--limit")) {
        try {
            f.limit = std::stoi(cl.value("--limit"));
        } catch (const std::exception &) {
            f.limit = -1;
        }
        if (f.limit < 1)
            return usage("--limit needs a number of lines");
    }
    auto tx = store.beginRead();
    for (const AuditEntry &e : tx->audit(f))
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(e.seq), isoTime(e.at).c_str(),
                    e.user.c_str(), e.client.empty() ? "-" : e.client.c_str(), e.peer.empty() ? "-" : e.peer.c_str(),
                    e.action.c_str(), e.outcome.c_str(), e.scope.empty() ? "-" : e.scope.c_str(),
                    e.record.empty() ? "-" : e.record.c_str(), e.detail.empty() ? "-" : e.detail.c_str());
    return kExitOk;
}

int quarantineCommand(Store &store, const CommandLine &cl)
{
    const auto &a = cl.args;
    if (a.size() < 2)
        return usage("quarantine needs list, show, apply or drop");
    if (a[1] == "list") {
        auto tx = store.beginRead();
        for (const QuarantineRow &q : tx->listQuarantine(cl.has("--all")))
            std::printf("%s %s %s %s %s %s %s %s\n", q.id.c_str(), isoTime(q.received).c_str(), q.user.c_str(),
                        q.op.c_str(), q.scope.c_str(), q.record.c_str(), q.reason.c_str(),
                        quarantineStatusName(q.status));
        return kExitOk;
    }
    if (a.size() < 3)
        return usage("quarantine " + a[1] + " needs an ID (see quarantine list)");
    auto row = [&] {
        auto tx = store.beginRead();
        return tx->loadQuarantine(a[2]);
    }();
    if (!row)
        return failure(Msg::NoKeptChange, {a[2]});
    if (a[1] == "show") {
        std::printf("%s\n", json{{"id", row->id},
                                 {"user", row->user},
                                 {"client_id", row->clientId},
                                 {"cseq", row->cseq},
                                 {"received", isoTime(row->received)},
                                 {"scope", row->scope},
                                 {"reason", row->reason},
                                 {"status", quarantineStatusName(row->status)},
                                 {"resolution", row->resolution},
                                 {"mutation", json::parse(row->mutation, nullptr, false)}}
                                .dump(2)
                                .c_str());
        return kExitOk;
    }
    if (row->status != QuarantineStatus::Held)
        return failure(Msg::ChangeAlreadyHandled, {quarantineStatusName(row->status)});
    if (a[1] == "drop") {
        row->status = QuarantineStatus::Dropped;
        row->resolution = "dropped by an administrator at " + isoTime(unixNow());
    } else if (a[1] == "apply") {
        auto schemas = SchemaSet::loadDirectory(cl.value("--schemas", KYODO_SCHEMA_DIR));
        if (!schemas)
            return failure(schemas.error());
        auto m = mutationFromJson(json::parse(row->mutation, nullptr, false));
        if (!m)
            return failure(m.error());
        // Reassigned: a new record (or a move) may go to another scope.
        if (cl.has("--scope")) {
            if (m->op != Op::Create && m->op != Op::Move)
                return usage("--scope reassigns a create or a move only; an edit applies where the record is");
            m->scope = cl.value("--scope");
        }
        auto result = applyKept(store, *schemas, std::move(*m));
        if (!result)
            return failure(result.error());
        std::printf("%s%s\n", outcomeName(result->outcome),
                    result->outcome == Outcome::Rejected ? (" " + result->code + ": " + result->messageJa).c_str()
                                                         : "");
        if (result->outcome == Outcome::Rejected)
            return failure(Msg::NotAppliedStillKept);
        row->status = QuarantineStatus::Applied;
        row->resolution = std::string("applied (") + outcomeName(result->outcome) + ") by an administrator at " +
                          isoTime(unixNow()) + (cl.has("--scope") ? " to " + cl.value("--scope") : "");
    } else {
        return usage("unknown quarantine subcommand '" + a[1] + "'");
    }
    auto tx = store.beginWrite();
    tx->saveQuarantine(*row);
    auditAdmin(*tx, "quarantine_" + a[1], row->id, row->resolution);
    tx->commit();
    return kExitOk;
}

// blobs gc [--grace-days N]: what `serve` does once a day, now.
int blobsCommand(Store &store, const CommandLine &cl)
{
    if (cl.args.size() != 2 || cl.args[1] != "gc")
        return usage("blobs needs gc");
    std::int64_t days = kDefaultBlobGraceDays;
    if (cl.has("--grace-days")) {
        const std::string text = cl.value("--grace-days");
        if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
            return usage("--grace-days needs a number of days (0 or more)");
        days = std::stoll(text);
    }
    const BlobGcResult r = collectBlobs(store, days * 24 * 3600, unixNow());
    std::printf("%s\n", bilingual(Txt::BlobsRemoved, {r.blobs, humanSize(r.bytes)}).c_str());
    return kExitOk;
}

} // namespace

// backup DEST | restore SRC: before any store is opened, since a restore
// goes only where no database is yet.
int backupCommand(const CommandLine &cl)
{
    if (cl.args.size() != 2)
        return usage(cl.args[0] + (cl.args[0] == "backup" ? " needs DEST (a file)" : " needs SRC (a backup file)"));
    const Status st =
        cl.args[0] == "backup" ? backupStore(cl.value("--db"), cl.args[1]) : restoreStore(cl.args[1], cl.value("--db"));
    if (!st)
        return failure(st.error());
    std::printf("%s\n", cl.args[0] == "backup" ? ("backed up to " + cl.args[1]).c_str() : "restored");
    return kExitOk;
}

int runAdminCommand(const CommandLine &cl)
{
    if (!cl.has("--db"))
        return usage("--db PATH is required");
    if (cl.args[0] == "backup" || cl.args[0] == "restore")
        return backupCommand(cl);
    try {
        // One connection is plenty for one command.
        auto store = openStore(cl.value("--db"), 1);
        if (cl.args[0] == "quarantine")
            return quarantineCommand(*store, cl);
        if (cl.args[0] == "audit")
            return auditCommand(*store, cl);
        if (cl.args[0] == "blobs")
            return blobsCommand(*store, cl);
        return cl.args[0] == "user" ? userCommand(*store, cl) : tokenCommand(*store, cl);
    } catch (const std::exception &e) {
        Error failed = errorOf(Msg::DatabaseOperationFailed);
        failed.detail = e.what();
        return failure(failed);
    }
}

} // namespace kyodo::server
