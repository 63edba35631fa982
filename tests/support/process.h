// Test support: run programs, start a real kyodo-server on a free loopback
// port, and clean up temporary directories. Nothing here talks to anything
// but 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kyodo::test {

struct RunResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Starts argv[0] with `env` added, stdin from /dev/null, stdout to outPath
// and stderr to errPath (the same file may be given twice), in a session of
// its own; returns its pid. The caller waits for it.
pid_t spawn(const std::vector<std::string> &argv, const std::map<std::string, std::string> &env,
            const std::string &outPath, const std::string &errPath);

// Runs argv[0] with the given extra environment; bounded by timeoutSeconds.
RunResult run(const std::vector<std::string> &argv, const std::map<std::string, std::string> &env = {},
              int timeoutSeconds = 60);

class TempDir {
public:
    // A new folder under `under` (another file system: tmpfs under /dev/shm).
    explicit TempDir(const std::string &under = "/tmp");
    ~TempDir();
    const std::string &path() const { return m_path; }
    std::string file(const std::string &name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

// Development certificates made once per test process by packaging/dev-cert.sh.
struct Certs {
    std::string ca, otherCa, cert, key;
};
const Certs &devCerts();

class ServerProcess {
public:
    struct User {
        std::string name;
        std::string role;
        std::vector<std::string> scopes;
        std::vector<std::string> readScopes = {}; // granted for reading only
    };
    static constexpr const char *kPassword = "correct horse 馬";

    // Starts kyodo-server serve over TLS with the given users (password kPassword);
    // with "--plain-http" among extraArgs, over plain HTTP on loopback.
    // `db` is the --db value: empty means a SQLite file `server.db` in `dir`;
    // a postgresql://… URI names an existing (empty) database.
    static std::unique_ptr<ServerProcess> start(const std::string &dir, const std::vector<User> &users,
                                                const std::vector<std::string> &extraArgs = {},
                                                const std::string &db = {});
    ~ServerProcess();

    const std::string &url() const { return m_url; }
    const std::string &dbPath() const { return m_db; } // the --db value
    pid_t pid() const { return m_pid; }
    std::string log() const;
    RunResult admin(const std::vector<std::string> &args) const;
    void stop();

private:
    pid_t m_pid = -1;
    std::string m_url;
    std::string m_db;
    std::string m_logPath;
};

std::string serverBinary();
std::string kyodoctlBinary();

} // namespace kyodo::test
