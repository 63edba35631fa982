// A fake remote for behaviour tests, in the spirit of Nextcloud's FakeFolder:
// the real server code (store and HTTP API) in this process over a temporary
// store, devices running the real client engine, and between them a network
// that can drop, duplicate, delay or answer a request with a chosen status.
// Every test ends with check(): every replica equals the server for the
// scopes its user may read, and every change a save returned for ended
// exactly once (applied, conflict or rejected, with one result on the server).
//
// The simulation (tests/sim) drives the same fixture with random faults;
// tests/behaviour drives it one scripted fault at a time.
#pragma once

#include "blobstore.h"
#include "blobsync.h"
#include "httpapi.h"
#include "replica.h"
#include "schema.h"
#include "store.h"
#include "syncengine.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace kyodo::test {

using server::ApiRequest;
using server::ApiResponse;

// The server: the real store and HTTP API, restartable on the same database.
class FakeServer {
public:
    // `db`: a SQLite file path, or a postgresql://… URI of an empty database.
    FakeServer(std::string db, const SchemaSet &schemas);
    ~FakeServer();
    void restart();
    // kyodo-server backup while serving, and restore into a fresh database
    // that the server then runs on (SQLite only): the server forgets every
    // change made after the backup.
    Status backupTo(const std::string &file);
    Status restoreFrom(const std::string &file);
    // The operator raises the oldest wire format served (min-protocol).
    void requireProtocol(int minimum);
    // The operator's reserve of free disk (--blob-reserve-mb) on the disk of `path`.
    void keepFree(const std::string &path, std::int64_t reserveBytes);
    ApiResponse handle(const ApiRequest &request);
    server::Store &store() { return *m_store; }

    void addUser(const std::string &name, const std::string &role, const std::vector<std::string> &scopes,
                 const std::string &password);
    void grant(const std::string &user, const std::string &scope,
               server::GrantAccess access = server::GrantAccess::Write);
    void revoke(const std::string &user, const std::string &scope);
    // What the user may read now.
    std::vector<std::string> scopesOf(const std::string &user);     // to read and write
    std::vector<std::string> readScopesOf(const std::string &user); // to read only

private:
    void open();
    std::string m_db;
    int m_restores = 0;
    int m_minProtocol = kOldestProtocolServed;
    server::DiskRoom m_blobRoom;
    const SchemaSet &m_schemas;
    std::unique_ptr<server::Store> m_store;
    std::unique_ptr<server::HttpApi> m_api;
};

// What the network does to one request.
enum class Fault {
    DropRequest,  // never reaches the server; the device sees "offline"
    DropResponse, // the server handles it; the device sees "network"
    Duplicate,    // the server handles it twice; the device sees the second answer
    Delay,        // a copy is held and arrives at the next request (or flush()); the original goes through
    Answer,       // the server never sees it; the device gets the chosen status and body
};

class FakeNetwork {
public:
    explicit FakeNetwork(FakeServer &server) : m_server(server) {}

    // The next request whose path is `path` ("" = any) meets `fault`.
    // Scripted faults apply in the order they were asked for.
    void failNext(Fault fault, const std::string &path = {}, int status = 0, const std::string &body = {});
    // The next request for which `match` holds meets `fault` (requests on
    // two connections at once arrive in no fixed order).
    void failNextWhere(Fault fault, std::function<bool(const ApiRequest &)> match);
    // Random faults, for the simulation: `below(n)` draws from [0, n).
    void setRandomFaults(std::function<int(int)> below) { m_below = std::move(below); }
    void setFaultsOn(bool on) { m_faultsOn = on; }
    // Delayed copies arrive now.
    void flush();
    // Each fault as it happens ("request dropped", …), for logs.
    std::function<void(const std::string &)> onFault;

    // Safe from several threads (the push pipeline's two connections); the
    // server is never called under the network's own lock.
    Result<HttpResponse> deliver(const ApiRequest &request);
    // How many answers with this status reached a device on this path.
    int answered(const std::string &path, int status);

private:
    struct Scripted {
        Fault fault;
        std::function<bool(const ApiRequest &)> match;
        int status;
        std::string body;
    };
    std::optional<Fault> faultFor(const ApiRequest &request, Scripted &scripted);
    void note(const std::string &what)
    {
        if (onFault)
            onFault(what);
    }

    FakeServer &m_server;
    std::mutex m_mutex; // guards everything below
    std::map<std::pair<std::string, int>, int> m_answered;
    std::deque<Scripted> m_script;
    std::function<int(int)> m_below;
    bool m_faultsOn = false;
    std::vector<ApiRequest> m_delayed;
};

// One device's connection over the fake network.
class FakeChannel final : public HttpChannel {
public:
    explicit FakeChannel(FakeNetwork &net) : m_net(net) {}
    void setToken(const std::string &token) override { m_token = token; }
    Result<HttpResponse> post(const std::string &path, const std::string &body) override;
    Result<HttpResponse> get(const std::string &path) override;
    // The fake network hands over the server's answer whole: no wire to stop reading.
    Result<HttpResponse> getChunk(const std::string &path) override { return get(path); }
    Result<HttpResponse> postChunk(const std::string &path, std::string_view bytes, const std::string &sha256) override;
    // The push pipeline's second connection: the same network.
    std::unique_ptr<HttpChannel> another() const override;
    // The wire format this device says it speaks (an older app: lower).
    void speak(int protocol) { m_protocol = protocol; }

private:
    std::string auth() const { return m_token.empty() ? "" : "Bearer " + m_token; }
    FakeNetwork &m_net;
    std::string m_token;
    int m_protocol = kProtocolVersion;
};

struct FakeDevice {
    std::string name;
    std::string user;
    std::string path;
    std::unique_ptr<Replica> replica;
    std::unique_ptr<BlobStore> blobs; // the files beside the replica
    std::unique_ptr<FakeChannel> channel;
    std::set<std::string> ledger; // mids of saves that returned success
    // The last outbox row seen of each mid: when a revoked scope is purged,
    // its entries leave the outbox and are checked against the server by these.
    struct Seen {
        std::int64_t cseq = 0;
        std::string client;
    };
    std::map<std::string, Seen> seen;

    // Runs a save; when it succeeds and wrote an outbox entry, the entry joins the ledger.
    Status save(const std::function<Status()> &doSave);
    // Creates a record through save(); its id, or the refusal.
    Result<std::string> create(const std::string &type, const std::string &scope, const json &fields);
    Result<SyncReport> sync(SyncOptions options = {});
    // The file queue after the records (blobsync.h), for `today` (YYYY-MM-DD).
    Result<BlobReport> syncFiles(const std::string &today = "2019-05-01");
    // Closes and opens the replica and its files again, as after the app was killed.
    void reopen();
    // Notes every outbox entry's cseq and the client id it went (or will go) under.
    void noteOutbox();
    // Records on this device, as the user sees them.
    std::optional<ViewRecord> view(const std::string &id);
};

// What check() found, and what the changes ended as.
struct Convergence {
    std::vector<std::string> failures;
    int applied = 0, conflicts = 0, rejected = 0;
    int purged = 0;           // answered changes that left the outbox with a revoked scope
    int files = 0;            // files whole on the server, checked byte for byte
    bool clientReset = false; // a device continued under a new client id
    bool ok() const { return failures.empty(); }
    std::string text() const;
};

class FakeRemote {
public:
    static constexpr const char *kPassword = "fake-remote-password";

    // `store`: "" = SQLite in `workDir`; postgresql://… = that (empty) database.
    FakeRemote(const std::string &workDir, const std::string &store = {});
    ~FakeRemote();

    FakeServer &server() { return *m_server; }
    FakeNetwork &network() { return *m_network; }
    const SchemaSet &schemas() const { return m_schemas; }
    std::deque<FakeDevice> &devices() { return m_devices; } // a deque: references stay valid as devices join
    FakeDevice &device(std::size_t i) { return m_devices.at(i); }

    // A user on the server (password kPassword).
    void addUser(const std::string &name, const std::vector<std::string> &scopes, const std::string &role = "staff");
    // A device signed in as `user`, with a fresh replica.
    FakeDevice &addDevice(const std::string &name, const std::string &user);

    // Syncs every device until every outbox is empty (faults off first).
    // Empty, or why it could not.
    std::string syncUntilQuiet(int rounds = 12);
    // Then the file queue of every device, until no byte moves.
    std::string syncFilesUntilQuiet(int rounds = 6);
    // The closing check (see the header comment).
    Convergence check();

private:
    void checkFiles(server::StoreTx &tx, const std::vector<std::string> &scopes, Convergence &c);
    std::string m_workDir;
    SchemaSet m_schemas;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<FakeNetwork> m_network;
    std::deque<FakeDevice> m_devices;
};

} // namespace kyodo::test
