// kyodo-server: the composition root. Usage errors exit 2, failures 1.
#include "cmdline.h"
#include "serverconfig.h"

#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <set>

namespace kyodo::server {

CommandLine parseCommandLine(int argc, char **argv)
{
    static const std::set<std::string> withValue = {"--config",
                                                    "--db",
                                                    "--listen",
                                                    "--cert",
                                                    "--key",
                                                    "--schemas",
                                                    "--max-body",
                                                    "--role",
                                                    "--scope",
                                                    "--read-scope",
                                                    "--user",
                                                    "--db-pool",
                                                    "--threads",
                                                    "--max-conn-per-client",
                                                    "--request-timeout",
                                                    "--record",
                                                    "--limit",
                                                    "--metrics-listen",
                                                    "--min-protocol",
                                                    "--blob-reserve-mb",
                                                    "--grace-days"};
    static const std::set<std::string> flags = {"--plain-http", "--help", "--all", "--read-only"};
    CommandLine cl;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--", 0) != 0) {
            cl.args.push_back(a);
        } else if (withValue.count(a)) {
            if (i + 1 >= argc) {
                cl.error = a + " needs a value";
                return cl;
            }
            cl.opt[a].push_back(argv[++i]);
        } else if (flags.count(a)) {
            cl.opt[a].push_back("");
        } else {
            cl.error = "unknown option " + a;
            return cl;
        }
    }
    return cl;
}

} // namespace kyodo::server

static const char kUsage[] =
    "usage:\n"
    "  kyodo-server serve --db PATH --listen HOST:PORT (--cert FILE --key FILE | --plain-http)\n"
    "                     [--schemas DIR] [--max-body BYTES] [--db-pool CONNECTIONS] [--threads N]\n"
    "                     [--max-conn-per-client N] [--request-timeout SECONDS] [--metrics-listen 127.0.0.1:PORT]\n"
    "                     [--min-protocol N]   (older apps are told to update: 426)\n"
    "                     [--blob-reserve-mb N] (MiB of the SQLite store's disk attachments leave free; 1024)\n"
    "PATH is a SQLite file, or postgresql://USER@HOST:PORT/DB for PostgreSQL (pool: 8 connections).\n"
    "  kyodo-server --db PATH user add NAME --role staff|supporter|committee|admin [--scope SCOPE]...\n"
    "                                  [--read-scope SCOPE]...   (pulled and reported, never written)\n"
    "  kyodo-server --db PATH user list | user disable NAME | user enable NAME | user passwd NAME | user unlock NAME\n"
    "  kyodo-server --db PATH user grant NAME SCOPE [--read-only] | user revoke NAME SCOPE\n"
    "  kyodo-server --db PATH token list | token revoke --user NAME | token revoke HASH_PREFIX\n"
    "  kyodo-server --db PATH token wipe --user NAME | token wipe HASH_PREFIX   (the device deletes its data)\n"
    "  kyodo-server --db PATH quarantine list [--all] | quarantine show ID | quarantine drop ID\n"
    "  kyodo-server --db PATH audit [--user NAME] [--record ID] [--limit N]   (who did what, when, from where)\n"
    "  kyodo-server --db PATH quarantine apply ID [--scope SCOPE] [--schemas DIR]   (refused changes kept for an admin)\n"
    "  kyodo-server --db PATH blobs gc [--grace-days N]   (attachments no live record lists for N days, default 7)\n"
    "  kyodo-server --db DB backup DEST       (while serving: one consistent copy, checked;\n"
    "                                          PostgreSQL: pg_dump --format=custom)\n"
    "  kyodo-server --db DB restore SRC       (SQLite: into a file that does not exist yet;\n"
    "                                          PostgreSQL: into an empty database, pg_restore)\n"
    "Settings (--db, --listen, --cert, --key, --plain-http, --schemas, --max-body, --db-pool, --threads,\n"
    "--max-conn-per-client, --request-timeout, --metrics-listen, --min-protocol, --blob-reserve-mb) may also come from $KYODO_SERVER_<KEY> (KYODO_SERVER_LISTEN, …)\n"
    "or a file of `key = value` lines: --config FILE, else $KYODO_SERVER_CONFIG, else /etc/kyodo/server.conf\n"
    "when it exists. The command line wins over the environment, the environment over the file.\n"
    "Passwords come from $KYODO_PASSWORD or a prompt on the terminal.\n"
    "$KYODO_PBKDF2_ITERATIONS lowers the password hash cost: for tests only.\n";

int main(int argc, char **argv)
{
    using namespace kyodo::server;
    // A file's chunk is a megabyte in a request body, a statement's copy and
    // an answer, on several threads at once. glibc would map and unmap each
    // such buffer and hand freed heap back to the system, so every page
    // faulted in again on the next chunk (costly under a hypervisor). Kept
    // in the heap instead: a few megabytes per thread, reused.
    mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    CommandLine cl = parseCommandLine(argc, argv);
    if (cl.error.empty() && !cl.has("--help"))
        cl.error = applySettings(cl, [](const char *name) { return std::getenv(name); });
    if (cl.has("--help")) {
        std::fputs(kUsage, stdout);
        return kExitOk;
    }
    if (!cl.error.empty() || cl.args.empty()) {
        std::fprintf(stderr, "kyodo-server: %s\n%s", cl.error.empty() ? "no command" : cl.error.c_str(), kUsage);
        return kExitUsage;
    }
    if (cl.args[0] == "serve")
        return runServe(cl);
    if (cl.args[0] == "user" || cl.args[0] == "token" || cl.args[0] == "quarantine" || cl.args[0] == "audit" ||
        cl.args[0] == "blobs" || cl.args[0] == "backup" || cl.args[0] == "restore")
        return runAdminCommand(cl);
    std::fprintf(stderr, "kyodo-server: unknown command '%s'\n%s", cl.args[0].c_str(), kUsage);
    return kExitUsage;
}
