#include "commands.h"

#include "errorcodes.h"

#include "attach.h"
#include "blobsync.h"

#include "fieldargs.h"
#include "jsondepth.h"
#include "messages.h"
#include "output.h"
#include "replica.h"
#include "reportengine.h"
#include "syncengine.h"
#include "wareki.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <set>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace kyodo {

namespace {

int fail(const Error &e)
{
    std::cerr << bilingual(Txt::ErrorLabel) << " [" << e.code << "]: " << e.text() << "\n";
    return exitCodeOf(e);
}

// A refusal of the command line, whatever the error it comes from.
int usageError(Error e)
{
    e.code = "usage";
    return fail(e);
}

int usageError(Msg msg, std::initializer_list<MessageArg> args = {}) { return usageError(errorOf(msg, args)); }

std::string readPassword(const std::string &user)
{
    if (const char *env = std::getenv("KYODO_PASSWORD"))
        return env;
    std::ifstream tty("/dev/tty");
    if (!tty)
        return {};
    std::cerr << lineOf(MixedLine::PasswordPrompt, {user}) << std::flush;
    termios old{};
    const int fd = ::open("/dev/tty", O_RDONLY);
    const bool canHide = fd >= 0 && tcgetattr(fd, &old) == 0;
    if (canHide) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSANOW, &quiet);
    }
    std::string password;
    std::getline(tty, password);
    if (canHide)
        tcsetattr(fd, TCSANOW, &old);
    if (fd >= 0)
        ::close(fd);
    std::cerr << "\n";
    return password;
}

// Parses `--name value` options out of args; what is left stays positional.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
};

Result<Args> splitArgs(const std::vector<std::string> &args, const std::set<std::string> &withValue,
                       const std::set<std::string> &flags)
{
    Args out;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (withValue.count(a)) {
            if (i + 1 >= args.size())
                return errorOf(Msg::OptionNeedsValue, {a});
            out.options[a] = args[++i];
        } else if (flags.count(a)) {
            out.flags.insert(a);
        } else if (a.rfind("--", 0) == 0) {
            return errorOf(Msg::UnknownOption, {a});
        } else {
            out.positional.push_back(a);
        }
    }
    return out;
}

class Cli {
public:
    Cli(const CliOptions &o, std::unique_ptr<Replica> r) : m_opts(o), m_replica(std::move(r)) {}

    int run(const std::vector<std::string> &args);

private:
    int login(const Args &a);
    int logout();
    int history(const Args &a);
    int put(const Args &a);
    int edit(const Args &a);
    int remove(const Args &a, bool restore);
    int move(const Args &a);
    int show(const Args &a);
    int list(const Args &a);
    int sync();
    int status(const Args &a);
    int conflicts(const Args &a);
    int resolve(const Args &a);
    int discard(const Args &a);
    int resend(const Args &a);
    int import(const Args &a);
    int exportRecords(const Args &a);
    int verify();
    int report(const Args &a);
    int attach(const Args &a);
    int attachments(const Args &a);
    int detach(const Args &a);
    int fetch(const Args &a);

    Result<std::unique_ptr<Transport>> connect();
    // The second queue: files after records, with byte progress on stderr.
    Result<BlobReport> syncFiles(Transport &transport, BlobStore &blobs);
    // The record as this device shows it, or not_found.
    Result<ViewRecord> record(const std::string &id);
    const TypeDef *typeOf(const std::string &type);

    CliOptions m_opts;
    std::unique_ptr<Replica> m_replica;
};

const TypeDef *Cli::typeOf(const std::string &type)
{
    const SchemaSet *set = m_replica->schemas();
    return set ? set->type(type) : nullptr;
}

Result<std::unique_ptr<Transport>> Cli::connect()
{
    auto s = m_replica->session();
    if (!s || s->token.empty())
        return errorOf(Msg::NotSignedInRunLogin);
    TransportOptions t;
    t.baseUrl = s->url;
    t.caFile = m_opts.ca.empty() ? s->caFile : m_opts.ca;
    t.token = s->token;
    if (const char *attempts = std::getenv("KYODO_MAX_ATTEMPTS"))
        t.maxAttempts = std::max(1, std::atoi(attempts));
    return std::make_unique<Transport>(t);
}

Result<ViewRecord> Cli::record(const std::string &id)
{
    auto view = m_replica->get(id);
    if (!view)
        return view.error();
    if (!*view)
        return errorOf(Msg::RecordNotOnDevice, {id});
    return std::move(**view);
}

int Cli::run(const std::vector<std::string> &args)
{
    const std::string &cmd = args[0];
    auto parse = [&](std::set<std::string> withValue, std::set<std::string> flags) {
        return splitArgs(args, withValue, flags);
    };
    Result<Args> a = parse({"--scope", "--type", "--take", "--device", "--from", "--to", "--format", "--lang", "-o"},
                           {"--all", "--deleted"});
    if (!a)
        return fail(a.error());
    // A word these would silently pass over (`list committee.meeting`)
    // would show everything while seeming to have filtered.
    static const std::set<std::string> takeNoArgument = {"logout",    "list",   "sync",  "status",
                                                         "conflicts", "export", "verify"};
    if (takeNoArgument.count(cmd) && !a->positional.empty())
        return usageError(Msg::UnexpectedArgument, {cmd, a->positional.front()});
    if (cmd == "login")
        return login(*a);
    if (cmd == "logout")
        return logout();
    if (cmd == "history")
        return history(*a);
    if (cmd == "put")
        return put(*a);
    if (cmd == "edit")
        return edit(*a);
    if (cmd == "delete")
        return remove(*a, false);
    if (cmd == "restore")
        return remove(*a, true);
    if (cmd == "move")
        return move(*a);
    if (cmd == "show")
        return show(*a);
    if (cmd == "list")
        return list(*a);
    if (cmd == "sync")
        return sync();
    if (cmd == "status")
        return status(*a);
    if (cmd == "conflicts")
        return conflicts(*a);
    if (cmd == "resolve")
        return resolve(*a);
    if (cmd == "discard")
        return discard(*a);
    if (cmd == "resend")
        return resend(*a);
    if (cmd == "import")
        return import(*a);
    if (cmd == "export")
        return exportRecords(*a);
    if (cmd == "verify")
        return verify();
    if (cmd == "report")
        return report(*a);
    if (cmd == "attach")
        return attach(*a);
    if (cmd == "attachments")
        return attachments(*a);
    if (cmd == "detach")
        return detach(*a);
    if (cmd == "fetch")
        return fetch(*a);
    return usageError(Msg::UnknownCommand, {cmd});
}

int Cli::login(const Args &a)
{
    if (a.positional.size() != 2)
        return usageError(Msg::UsageLogin);
    const std::string url = a.positional[0], user = a.positional[1];
    if (auto checked = checkServerUrl(url); !checked)
        return usageError(checked.error());
    const std::string password = readPassword(user);
    if (password.empty())
        return usageError(Msg::NoPasswordGiven);
    TransportOptions t;
    t.baseUrl = url;
    t.caFile = m_opts.ca;
    Transport transport(t);
    char host[256] = "device";
    gethostname(host, sizeof host - 1);
    const std::string device = a.options.count("--device") ? a.options.at("--device") : std::string("kyodoctl@") + host;
    auto s = SyncEngine::login(*m_replica, transport, url, m_opts.ca, user, password, device);
    if (!s)
        return fail(s.error());
    std::cout << bilingual(Txt::SignedIn) << ": " << s->user << " (" << s->role << ")";
    for (const std::string &scope : s->scopes) {
        std::cout << " " << scope;
        if (std::find(s->readOnlyScopes.begin(), s->readOnlyScopes.end(), scope) != s->readOnlyScopes.end())
            std::cout << "(" << bilingual(Txt::ReadOnlyMark) << ")";
    }
    std::cout << "\n";
    return 0;
}

int Cli::logout()
{
    auto transport = connect();
    if (!transport)
        return 0; // not signed in: nothing to end
    const Status st = SyncEngine::logout(*m_replica, **transport);
    if (!st && st.error().code != "logout_offline")
        return fail(st.error());
    if (!st)
        std::cerr << st.error().text() << "\n";
    std::cout << bilingual(Txt::SignedOutDataStays) << "\n";
    return 0;
}

int Cli::history(const Args &a)
{
    if (a.positional.size() != 1)
        return usageError(Msg::UsageHistory);
    auto transport = connect();
    if (!transport)
        return fail(transport.error());
    SyncEngine engine(*m_replica, **transport);
    auto entries = engine.history(a.positional[0]);
    if (!entries)
        return fail(entries.error());
    for (const json &e : *entries) {
        if (m_opts.json) {
            std::cout << e.dump() << "\n";
            continue;
        }
        char when[32] = "-";
        const std::time_t t = static_cast<std::time_t>(e.value("at", std::int64_t(0)));
        std::tm tm{};
        localtime_r(&t, &tm);
        std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        std::cout << when << "  " << e.value("user", "") << "  " << e.value("action", "") << "  "
                  << e.value("outcome", "") << "  " << e.value("fields", "") << "\n";
    }
    return 0;
}

int Cli::put(const Args &a)
{
    if (a.positional.empty() || !a.options.count("--scope"))
        return usageError(Msg::UsagePut);
    const std::string type = a.positional[0];
    auto fields = parseFieldArgs(typeOf(type), {a.positional.begin() + 1, a.positional.end()});
    if (!fields)
        return fail(fields.error());
    // A new record leaves empty fields out rather than sending nulls.
    for (auto it = fields->begin(); it != fields->end();)
        it = it->is_null() ? fields->erase(it) : std::next(it);
    auto id = m_replica->create(type, a.options.at("--scope"), *fields);
    if (!id)
        return fail(id.error());
    std::cout << *id << "\n";
    return 0;
}

int Cli::edit(const Args &a)
{
    if (a.positional.size() < 2)
        return usageError(Msg::UsageEdit);
    auto view = record(a.positional[0]);
    if (!view)
        return fail(view.error());
    auto fields = parseFieldArgs(typeOf(view->type), {a.positional.begin() + 1, a.positional.end()});
    if (!fields)
        return fail(fields.error());
    if (Status st = m_replica->edit(a.positional[0], *fields); !st)
        return fail(st.error());
    return 0;
}

int Cli::remove(const Args &a, bool restore)
{
    if (a.positional.size() != 1)
        return usageError(Msg::GiveOneRecordId);
    Status st = restore ? m_replica->restore(a.positional[0]) : m_replica->remove(a.positional[0]);
    return st ? 0 : fail(st.error());
}

int Cli::move(const Args &a)
{
    if (a.positional.size() != 2)
        return usageError(Msg::UsageMove);
    Status st = m_replica->move(a.positional[0], a.positional[1]);
    return st ? 0 : fail(st.error());
}

int Cli::show(const Args &a)
{
    if (a.positional.size() != 1)
        return usageError(Msg::GiveOneRecordId);
    auto view = record(a.positional[0]);
    if (!view)
        return fail(view.error());
    printRecord(std::cout, *view, m_opts.json, typeOf(view->type), true);
    return 0;
}

int Cli::list(const Args &a)
{
    auto type = a.options.count("--type") ? a.options.at("--type") : "";
    auto scope = a.options.count("--scope") ? a.options.at("--scope") : "";
    auto rows = m_replica->list(type, scope, a.flags.count("--deleted") > 0);
    if (!rows)
        return fail(rows.error());
    for (const ViewRecord &v : *rows)
        printRecord(std::cout, v, m_opts.json, typeOf(v.type), false);
    return 0;
}

int Cli::sync()
{
    auto transport = connect();
    if (!transport)
        return fail(transport.error());
    SyncEngine engine(*m_replica, **transport);
    std::string lastPhase;
    auto report = engine.sync([&](const SyncProgress &p) {
        if (p.phase == "done")
            return;
        std::cerr << bilingual(Txt::Syncing) << ": " << p.phase << " " << p.done << "/" << p.total << "\n";
        lastPhase = p.phase;
    });
    if (!report)
        return fail(report.error());
    (void)m_replica->checkpointWal(); // housekeeping; a failure here loses nothing
    printSyncReport(std::cout, *report, m_opts.json);
    auto blobs = BlobStore::openBeside(m_opts.db);
    if (!blobs)
        return fail(blobs.error());
    auto files = syncFiles(**transport, **blobs);
    if (!files)
        return fail(files.error());
    if (!m_opts.json) {
        if (files->uploaded > 0)
            std::cout << bilingual(Txt::FilesSent, {files->uploaded, humanSize(files->bytesUp)}) << "\n";
        if (files->downloaded > 0)
            std::cout << bilingual(Txt::FilesReceived, {files->downloaded, humanSize(files->bytesDown)}) << "\n";
        if (files->waiting > 0)
            std::cout << bilingual(Txt::FilesWaiting, {files->waiting}) << "\n";
    }
    for (const Error &damaged : files->damaged)
        std::cerr << damaged.text() << "\n";
    if (files->serverFull)
        std::cerr << files->serverFull->text() << "\n";
    return 0;
}

Result<BlobReport> Cli::syncFiles(Transport &transport, BlobStore &blobs)
{
    auto plan = planBlobs(*m_replica, todayInJapan());
    if (!plan)
        return plan.error();
    std::int64_t lastTenth = -1;
    // Several connections at once (BlobSyncOptions::kLanes): far faster to a server nearby.
    return BlobSync(blobs, transport, BlobSyncOptions{true, BlobSyncOptions::kLanes, nullptr})
        .run(*plan, [&](const BlobProgress &p) {
            // A line per tenth of the way, not per chunk.
            const std::int64_t tenth = p.totalBytes > 0 ? p.doneBytes * 10 / p.totalBytes : 10;
            if (tenth == lastTenth)
                return;
            lastTenth = tenth;
            std::cerr << bilingual(Txt::Transferring) << ": "
                      << bilingual(p.direction == "upload" ? Txt::Uploading : Txt::Downloading) << " "
                      << humanSize(p.doneBytes) << "/" << humanSize(p.totalBytes) << "\n";
        });
}

int Cli::attach(const Args &a)
{
    if (a.positional.size() < 3)
        return usageError(Msg::UsageAttach);
    auto blobs = BlobStore::openBeside(m_opts.db);
    if (!blobs)
        return fail(blobs.error());
    std::vector<FileToAttach> files;
    for (std::size_t i = 2; i < a.positional.size(); ++i)
        files.push_back({a.positional[i], {}, {}, {}, {}});
    auto added = attachFiles(*m_replica, **blobs, a.positional[0], a.positional[1], files);
    if (!added)
        return fail(added.error());
    for (const AttachmentRef &ref : *added) {
        if (m_opts.json)
            std::cout << ref.toJson().dump() << "\n";
        else
            std::cout << bilingual(Txt::Attached, {ref.name, humanSize(ref.size)}) << " " << ref.sha256 << "\n";
    }
    return 0;
}

int Cli::detach(const Args &a)
{
    if (a.positional.size() != 3)
        return usageError(Msg::UsageDetach);
    if (Status st = detachFile(*m_replica, a.positional[0], a.positional[1], a.positional[2]); !st)
        return fail(st.error());
    std::cout << bilingual(Txt::Detached, {a.positional[2]}) << "\n";
    return 0;
}

std::string fileState(const FileWhere &where)
{
    switch (where.place) {
    case FilePlace::OnlyHere: return bilingual(Txt::FileOnlyHere);
    case FilePlace::Uploading: return bilingual(Txt::FileUploading, {where.percent});
    case FilePlace::OnServer: return bilingual(Txt::FileOnServer);
    case FilePlace::Downloading: return bilingual(Txt::FileDownloading, {where.percent});
    case FilePlace::ThumbnailOnly: return bilingual(Txt::FileThumbOnly);
    case FilePlace::NotHere: break;
    }
    return bilingual(Txt::FileNotHere);
}

int Cli::attachments(const Args &a)
{
    if (a.positional.size() != 1)
        return usageError(Msg::UsageAttachments);
    auto blobs = BlobStore::openBeside(m_opts.db);
    if (!blobs)
        return fail(blobs.error());
    auto files = attachmentsOf(*m_replica, **blobs, a.positional[0]);
    if (!files)
        return fail(files.error());
    for (const AttachedFile &f : *files) {
        const FileWhere where = whereIs(f.here, f.thumbHere);
        if (m_opts.json) {
            json j = f.ref.toJson();
            j["field"] = f.field;
            j["here"] = f.here && f.here->complete;
            // Known only for a file sent from here or fetched; else nobody here can say.
            const FilePlace place = where.place;
            if (place == FilePlace::OnServer)
                j["on_server"] = true;
            else if (place == FilePlace::OnlyHere || place == FilePlace::Uploading)
                j["on_server"] = false;
            else
                j["on_server"] = nullptr;
            j["state"] = fileState(where);
            std::cout << j.dump() << "\n";
        } else {
            std::cout << f.field << "\t" << f.ref.name << "\t" << f.ref.mime << "\t" << humanSize(f.ref.size) << "\t"
                      << f.ref.sha256 << "\t" << fileState(where) << "\n";
        }
    }
    return 0;
}

int Cli::fetch(const Args &a)
{
    if (a.positional.size() != 1 || !a.options.count("-o"))
        return usageError(Msg::UsageFetch);
    const std::string sha = a.positional[0];
    auto blobs = BlobStore::openBeside(m_opts.db);
    if (!blobs)
        return fail(blobs.error());
    const auto here = (*blobs)->state(sha);
    if (!here || !here->complete) {
        const auto ref = findAttachment(*m_replica, sha);
        if (!ref) // nothing would ever fetch it
            return fail(errorOf(Msg::AttachmentUnknown, {sha}));
        if (Status st = (*blobs)->want(sha, ref->size, false); !st)
            return fail(st.error());
        auto transport = connect();
        if (!transport)
            return fail(transport.error());
        if (auto files = syncFiles(**transport, **blobs); !files)
            return fail(files.error());
    }
    if (Status st = (*blobs)->writeTo(sha, a.options.at("-o")); !st)
        return fail(st.error());
    std::cerr << bilingual(Txt::FileWritten, {a.options.at("-o")}) << "\n";
    return 0;
}

int Cli::status(const Args &a)
{
    auto entries = m_replica->outbox(a.flags.count("--all") > 0);
    if (!entries)
        return fail(entries.error());
    for (const OutboxEntry &e : *entries)
        printOutboxEntry(std::cout, e, m_opts.json);
    if (!m_opts.json) {
        auto pending = m_replica->pendingCount();
        std::cout << bilingual(Txt::Pending) << ": " << (pending ? *pending : 0) << "\n";
    }
    return 0;
}

int Cli::conflicts(const Args &a)
{
    auto list = m_replica->conflicts(a.flags.count("--all") == 0);
    if (!list)
        return fail(list.error());
    for (const ConflictInfo &c : *list)
        printConflict(std::cout, c, m_opts.json, typeOf(c.type));
    return 0;
}

int Cli::resolve(const Args &a)
{
    if (a.positional.size() != 1 || !a.options.count("--take"))
        return usageError(Msg::UsageResolve);
    std::string take = a.options.at("--take");
    json value;
    if (take.rfind("value=", 0) == 0) {
        auto list = m_replica->conflicts(false);
        if (!list)
            return fail(list.error());
        const FieldDef *def = nullptr;
        for (const ConflictInfo &c : *list)
            if (c.id == a.positional[0] && typeOf(c.type))
                def = typeOf(c.type)->field(c.field);
        auto parsed = parseFieldValue(def, take.substr(6));
        if (!parsed)
            return fail(parsed.error());
        value = *parsed;
        take = "value";
    }
    Status st = m_replica->resolve(a.positional[0], take, value);
    return st ? 0 : fail(st.error());
}

int Cli::discard(const Args &a)
{
    if (a.positional.size() != 1)
        return usageError(Msg::GiveOneChangeNumber);
    Status st = m_replica->discard(std::atoll(a.positional[0].c_str()));
    return st ? 0 : fail(st.error());
}

int Cli::resend(const Args &a)
{
    if (a.positional.empty())
        return usageError(Msg::UsageResend);
    const std::int64_t cseq = std::atoll(a.positional[0].c_str());
    auto entries = m_replica->outbox(true);
    if (!entries)
        return fail(entries.error());
    const TypeDef *type = nullptr;
    for (const OutboxEntry &e : *entries)
        if (e.mutation.cseq == cseq)
            type = typeOf(e.mutation.type);
    auto fields = parseFieldArgs(type, {a.positional.begin() + 1, a.positional.end()});
    if (!fields)
        return fail(fields.error());
    Status st = m_replica->resend(cseq, *fields);
    return st ? 0 : fail(st.error());
}

int Cli::import(const Args &a)
{
    if (a.positional.size() != 1)
        return usageError(Msg::UsageImport);
    std::ifstream in(a.positional[0]);
    if (!in)
        return fail(errorOf(Msg::CannotOpenFile, {a.positional[0]}));
    std::vector<Replica::NewRecord> records;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        // Checked before parsing: a line nested thousands deep would overflow
        // the stack when its fields are copied (jsondepth.h).
        json j = jsonNestingWithin(line) ? json::parse(line, nullptr, false) : json(json::value_t::discarded);
        if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j["type"].is_string() ||
            !j.contains("scope") || !j["scope"].is_string() || !j.contains("fields") || !j["fields"].is_object() ||
            (j.contains("id") && !j["id"].is_string()))
            return fail(errorOf(Msg::ImportLineNotRecord, {n}));
        records.push_back({j.value("id", ""), j["type"], j["scope"], j["fields"]});
    }
    auto ids = m_replica->createMany(records);
    if (!ids)
        return fail(ids.error());
    std::cout << bilingual(Txt::Imported, {ids->size()}) << "\n";
    return 0;
}

int Cli::exportRecords(const Args &a)
{
    auto type = a.options.count("--type") ? a.options.at("--type") : "";
    auto scope = a.options.count("--scope") ? a.options.at("--scope") : "";
    auto rows = m_replica->list(type, scope, false);
    if (!rows)
        return fail(rows.error());
    for (const ViewRecord &v : *rows)
        std::cout << json{{"id", v.id}, {"type", v.type}, {"scope", v.scope}, {"fields", v.fields}}.dump() << "\n";
    return 0;
}

int Cli::verify()
{
    auto bad = m_replica->verify();
    if (!bad)
        return fail(bad.error());
    if (bad->empty()) {
        std::cout << bilingual(Txt::AllScopesVerified) << "\n";
        return 0;
    }
    for (const ScopeMismatch &m : *bad)
        std::cout << bilingual(Txt::Mismatch) << ": " << m.scope << " — " << bilingual(Txt::PulledAgainNextSync)
                  << "\n";
    return 1;
}

int Cli::report(const Args &a)
{
    ReportEngine engine(*m_replica);
    if (a.options.count("--lang") && a.options.at("--lang") != "ja" && a.options.at("--lang") != "en")
        return usageError(Msg::BadReportLanguage);
    const bool english = a.options.count("--lang") && a.options.at("--lang") == "en";
    if (a.positional.empty()) {
        // Without a name: the reports this device can compute (with --json, one object a line).
        for (const ReportDef *def : engine.reports()) {
            if (m_opts.json)
                std::cout << json{{"id", def->id}, {"ja", def->labelJa}, {"en", def->labelEn}}.dump() << "\n";
            else
                std::cout << def->id << "  " << (english ? def->labelEn : def->labelJa) << "\n";
        }
        return 0;
    }
    if (a.positional.size() != 1)
        return usageError(Msg::UsageReport);
    ReportRange range;
    for (const auto &[option, target] :
         {std::pair<const char *, int *>{"--from", &range.fromFiscalYear}, {"--to", &range.toFiscalYear}})
        if (a.options.count(option)) {
            auto fy = parseFiscalYear(a.options.at(option));
            if (!fy)
                return usageError(fy.error());
            *target = *fy;
        }
    if (range.fromFiscalYear && range.toFiscalYear && range.fromFiscalYear > range.toFiscalYear)
        return usageError(Msg::FromYearAfterTo);
    const std::string format =
        a.options.count("--format") ? a.options.at("--format") : (m_opts.json ? "json" : "table");
    if (format != "table" && format != "csv" && format != "json")
        return usageError(Msg::BadReportFormat);
    auto table = engine.run(a.positional[0], range);
    if (!table)
        return fail(table.error());
    if (format == "json")
        std::cout << reportAsJson(*table).dump() << "\n";
    else if (format == "csv")
        std::cout << reportAsCsv(*table, english);
    else
        std::cout << reportAsText(*table, english);
    return 0;
}

} // namespace

int runCommand(const CliOptions &options, const std::vector<std::string> &args)
{
    // Only signing in or writing the first records makes a database: a
    // mistyped --db would otherwise show an empty list or report as if
    // there were nothing, or leave an empty database behind a failed command.
    static const std::set<std::string> mayCreate = {"login", "put", "import"};
    std::error_code ec;
    if (!args.empty() && !mayCreate.count(args[0]) && !std::filesystem::exists(options.db, ec))
        return fail(errorOf(Msg::NoDeviceDatabase, {options.db}));
    auto replica = Replica::open(options.db);
    if (!replica)
        return fail(replica.error());
    Cli cli(options, std::move(replica.value()));
    return cli.run(args);
}

} // namespace kyodo
