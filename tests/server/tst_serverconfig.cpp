// kyodo-server's settings (serverconfig.h): a file of `key = value` lines,
// the environment over it, the command line over both, and every bad value
// refused where it was written (file and line, variable, or option) with its key.
#include "process.h"
#include "serverconfig.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using namespace kyodo::server;
using kyodo::test::run;
using kyodo::test::serverBinary;
using kyodo::test::TempDir;

namespace {

struct Env {
    std::map<std::string, std::string> vars;
    const char *operator()(const char *name) const
    {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    }
};

std::string writeFile(const TempDir &dir, const std::string &name, const std::string &text)
{
    const std::string path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

CommandLine withConfig(const std::string &path, std::vector<std::pair<std::string, std::string>> options = {})
{
    CommandLine cl;
    cl.args = {"serve"};
    cl.opt["--config"] = {path};
    for (auto &[k, v] : options)
        cl.opt[k] = {v};
    return cl;
}

TEST(ServerConfig, AFileGivesEverySettingByTheOptionsName)
{
    TempDir dir;
    const std::string path = writeFile(dir, "server.conf",
                                       "# Kyodo at the ward office\n"
                                       "db = /var/lib/kyodo/server.db\n"
                                       "listen = 127.0.0.1:8443   # loopback, nginx in front\n"
                                       "\n"
                                       "plain-http = true\n"
                                       "threads = 32\n"
                                       "request-timeout=15\n");
    CommandLine cl = withConfig(path);
    EXPECT_EQ(applySettings(cl, Env{}), "");
    EXPECT_EQ(cl.value("--db"), "/var/lib/kyodo/server.db");
    EXPECT_EQ(cl.value("--listen"), "127.0.0.1:8443");
    EXPECT_TRUE(cl.has("--plain-http"));
    EXPECT_EQ(cl.value("--threads"), "32");
    EXPECT_EQ(cl.value("--request-timeout"), "15");
    EXPECT_FALSE(cl.has("--cert"));
}

TEST(ServerConfig, TheCommandLineWinsOverTheEnvironmentAndTheEnvironmentOverTheFile)
{
    TempDir dir;
    const std::string path =
        writeFile(dir, "server.conf", "threads = 8\ndb-pool = 4\nmax-body = 1000\nplain-http = yes\n");
    CommandLine cl = withConfig(path, {{"--threads", "16"}});
    EXPECT_EQ(applySettings(cl, Env{{{"KYODO_SERVER_THREADS", "12"},
                                     {"KYODO_SERVER_DB_POOL", "6"},
                                     {"KYODO_SERVER_PLAIN_HTTP", "false"},
                                     {"KYODO_SERVER_MAX_BODY", ""}}}),
              "");
    EXPECT_EQ(cl.value("--threads"), "16");    // command line
    EXPECT_EQ(cl.value("--db-pool"), "6");     // environment over the file
    EXPECT_FALSE(cl.has("--plain-http"));      // a false flag from the environment turns the file's off
    EXPECT_EQ(cl.value("--max-body"), "1000"); // an empty variable counts as unset
}

TEST(ServerConfig, ErrorsNameTheFileLineAndKey)
{
    TempDir dir;
    const auto errorOf = [&](const std::string &text) {
        CommandLine cl = withConfig(writeFile(dir, "bad.conf", text));
        return applySettings(cl, Env{});
    };
    const std::string bad = dir.file("bad.conf");
    EXPECT_EQ(errorOf("db = x.db\nthreads = many\n"),
              bad + ":2: threads: 'many' is not a number of worker threads (1 to 10000)");
    EXPECT_EQ(errorOf("# comment\n\nthread = 4\n").rfind(bad + ":3: thread: unknown key (known: db, listen,", 0), 0u);
    EXPECT_EQ(errorOf("listen 127.0.0.1:80\n"), bad + ":1: expected 'key = value', found 'listen 127.0.0.1:80'");
    EXPECT_EQ(errorOf("listen = localhost\n"), bad + ":1: listen: 'localhost' is not HOST:PORT");
    EXPECT_EQ(errorOf("listen = 127.0.0.1:70000\n"), bad + ":1: listen: '127.0.0.1:70000' is not HOST:PORT");
    EXPECT_EQ(errorOf("db = a.db\ndb = b.db\n"), bad + ":2: db: given twice");
    EXPECT_EQ(errorOf("plain-http = maybe\n"),
              bad + ":1: plain-http: 'maybe' is not true or false (loopback only, behind a proxy)");
    EXPECT_EQ(errorOf("db =\n"), bad + ":1: db: needs a SQLite file or postgresql://USER@HOST:PORT/DB");
    EXPECT_EQ(errorOf("request-timeout = 0\n"),
              bad + ":1: request-timeout: '0' is not a number of seconds (1 to 3600)");
}

TEST(ServerConfig, ErrorsNameTheVariableOrTheOption)
{
    TempDir dir;
    const std::string empty = writeFile(dir, "empty.conf", "");
    CommandLine env = withConfig(empty);
    EXPECT_EQ(applySettings(env, Env{{{"KYODO_SERVER_DB_POOL", "-1"}}}),
              "KYODO_SERVER_DB_POOL: '-1' is not a number of database connections (1 to 1000)");
    CommandLine option = withConfig(empty, {{"--max-conn-per-client", "1e3"}});
    EXPECT_EQ(applySettings(option, Env{}), "--max-conn-per-client: '1e3' is not a number of connections (0: no cap)");
}

TEST(ServerConfig, AMissingChosenFileIsAnErrorAMissingDefaultIsNot)
{
    TempDir dir;
    CommandLine chosen = withConfig(dir.file("nowhere.conf"));
    EXPECT_EQ(applySettings(chosen, Env{}), dir.file("nowhere.conf") + ": cannot read the configuration file");
    CommandLine fromEnv;
    EXPECT_EQ(applySettings(fromEnv, Env{{{"KYODO_SERVER_CONFIG", dir.file("gone.conf")}}}),
              dir.file("gone.conf") + ": cannot read the configuration file");
    EXPECT_EQ(settingKeys().front(), "db");
}

TEST(ServerConfig, TheShippedExampleIsValidAndCommentsOutEveryOtherKey)
{
    const std::string example = std::string(KYODO_SOURCE_DIR) + "/packaging/kyodo-server/server.conf";
    CommandLine cl = withConfig(example);
    ASSERT_EQ(applySettings(cl, Env{}), "");
    EXPECT_EQ(cl.value("--db"), "/var/lib/kyodo/server.db");
    EXPECT_TRUE(cl.has("--plain-http"));
    // Every key is documented in it, set or commented out.
    std::ifstream in(example);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string &key : settingKeys())
        EXPECT_TRUE(text.find("\n" + key + " = ") != std::string::npos ||
                    text.find("\n# " + key + " = ") != std::string::npos)
            << key;
}

TEST(ServerConfig, TheRealServerTakesItsDatabaseFromTheFileAndRefusesABadOne)
{
    TempDir dir;
    const std::string good = writeFile(dir, "good.conf", "db = " + dir.file("server.db") + "\n");
    const auto add = run({serverBinary(), "--config", good, "user", "add", "sato", "--role", "staff"},
                         {{"KYODO_PASSWORD", "correct horse"}, {"KYODO_PBKDF2_ITERATIONS", "1000"}});
    ASSERT_EQ(add.exitCode, 0) << add.err;
    const auto list = run({serverBinary(), "user", "list"}, {{"KYODO_SERVER_CONFIG", good}});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("sato"), std::string::npos) << list.out;

    const std::string bad = writeFile(dir, "bad.conf", "db = x.db\nthreads = lots\n");
    const auto refused = run({serverBinary(), "serve", "--config", bad});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_NE(refused.err.find(bad + ":2: threads: 'lots' is not a number of worker threads"), std::string::npos)
        << refused.err;
}

} // namespace
