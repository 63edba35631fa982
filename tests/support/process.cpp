#include "process.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kyodo::test {

std::string serverBinary() { return KYODO_SERVER_BIN; }
std::string kyodoctlBinary() { return KYODOCTL_BIN; }

namespace {

std::string slurp(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

pid_t spawn(const std::vector<std::string> &argv, const std::map<std::string, std::string> &env,
            const std::string &outPath, const std::string &errPath)
{
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = errPath == outPath ? out : ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int in = ::open("/dev/null", O_RDONLY);
        dup2(out, 1);
        dup2(err, 2);
        dup2(in, 0);
        setsid(); // no controlling terminal: password prompts cannot hang a test
        for (const auto &[k, v] : env)
            setenv(k.c_str(), v.c_str(), 1);
        std::vector<char *> args;
        for (const std::string &a : argv)
            args.push_back(const_cast<char *>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

RunResult run(const std::vector<std::string> &argv, const std::map<std::string, std::string> &env, int timeoutSeconds)
{
    TempDir io;
    const std::string outPath = io.file("out"), errPath = io.file("err");
    const pid_t pid = spawn(argv, env, outPath, errPath);
    RunResult r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            r.err = "timed out";
            return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(outPath);
    r.err = slurp(errPath);
    return r;
}

TempDir::TempDir(const std::string &under)
{
    std::string tmpl = under + "/kyodo-test-XXXXXX";
    if (!mkdtemp(tmpl.data()))
        throw std::runtime_error("mkdtemp failed in " + under);
    m_path = tmpl;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

const Certs &devCerts()
{
    static TempDir dir;
    static Certs certs = [] {
        RunResult r = run({"/bin/sh", KYODO_SOURCE_DIR "/packaging/dev-cert.sh", dir.path()});
        if (r.exitCode != 0)
            throw std::runtime_error("dev-cert.sh failed: " + r.err);
        return Certs{dir.file("ca.pem"), dir.file("other-ca.pem"), dir.file("server.pem"), dir.file("server.key")};
    }();
    return certs;
}

std::unique_ptr<ServerProcess> ServerProcess::start(const std::string &dir, const std::vector<User> &users,
                                                    const std::vector<std::string> &extraArgs, const std::string &db)
{
    auto s = std::unique_ptr<ServerProcess>(new ServerProcess);
    s->m_db = db.empty() ? dir + "/server.db" : db;
    s->m_logPath = dir + "/server.log";
    for (const User &u : users) {
        std::vector<std::string> args = {"user", "add", u.name, "--role", u.role};
        for (const std::string &scope : u.scopes) {
            args.push_back("--scope");
            args.push_back(scope);
        }
        for (const std::string &scope : u.readScopes) {
            args.push_back("--read-scope");
            args.push_back(scope);
        }
        RunResult r = s->admin(args);
        if (r.exitCode != 0)
            throw std::runtime_error("user add failed: " + r.err);
    }
    // --config /dev/null: a machine's /etc/kyodo/server.conf must not fill in what a test leaves out.
    std::vector<std::string> argv = {serverBinary(), "serve",    "--config",    "/dev/null", "--db",
                                     s->m_db,        "--listen", "127.0.0.1:0", "--schemas", KYODO_SCHEMA_DIR};
    // TLS with the development certificates, unless the test asks for plain loopback HTTP.
    if (std::find(extraArgs.begin(), extraArgs.end(), "--plain-http") == extraArgs.end()) {
        const Certs &certs = devCerts();
        argv.insert(argv.end(), {"--cert", certs.cert, "--key", certs.key});
    }
    // A test's files do not depend on how full the machine's disk is, unless it asks for a reserve.
    if (std::find(extraArgs.begin(), extraArgs.end(), "--blob-reserve-mb") == extraArgs.end())
        argv.insert(argv.end(), {"--blob-reserve-mb", "0"});
    argv.insert(argv.end(), extraArgs.begin(), extraArgs.end());
    s->m_pid = spawn(argv, {}, s->m_logPath, s->m_logPath);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string log = s->log();
        const auto at = log.find("listening on ");
        if (at != std::string::npos && log.find('\n', at) != std::string::npos) {
            s->m_url = log.substr(at + 13, log.find('\n', at) - at - 13);
            return s;
        }
        int status = 0;
        if (waitpid(s->m_pid, &status, WNOHANG) == s->m_pid) {
            s->m_pid = -1;
            throw std::runtime_error("kyodo-server exited: " + s->log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("kyodo-server did not start: " + s->log());
}

ServerProcess::~ServerProcess() { stop(); }

void ServerProcess::stop()
{
    if (m_pid <= 0)
        return;
    kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200 && waitpid(m_pid, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    if (waitpid(m_pid, &status, WNOHANG) == 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
}

std::string ServerProcess::log() const { return slurp(m_logPath); }

RunResult ServerProcess::admin(const std::vector<std::string> &args) const
{
    std::vector<std::string> argv = {serverBinary(), "--config", "/dev/null", "--db", m_db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {{"KYODO_PASSWORD", kPassword}, {"KYODO_PBKDF2_ITERATIONS", "1000"}});
}

} // namespace kyodo::test
