#include "fakeremote.h"

#include "auth.h"
#include "backup.h"
#include "attachment.h"
#include "checksum.h"
#include "storefactory.h"

#include <algorithm>
#include <climits>
#include <stdexcept>

namespace kyodo::test {

namespace {

server::ApiOptions quietApi(int minProtocol, const server::DiskRoom &blobRoom)
{
    server::ApiOptions o;
    o.log = false;
    o.minProtocol = minProtocol;
    o.blobRoom = blobRoom;
    return o;
}

// One stored result of a change: where it is on the server.
struct Answered {
    std::string client;
    std::int64_t cseq = 0;
};

} // namespace

// ---- FakeServer --------------------------------------------------------------

FakeServer::FakeServer(std::string db, const SchemaSet &schemas) : m_db(std::move(db)), m_schemas(schemas) { open(); }

FakeServer::~FakeServer() = default;

void FakeServer::open()
{
    m_store = server::openStore(m_db, 2);
    m_api = std::make_unique<server::HttpApi>(*m_store, m_schemas, quietApi(m_minProtocol, m_blobRoom));
}

void FakeServer::restart()
{
    m_api.reset();
    m_store.reset();
    open();
}

void FakeServer::requireProtocol(int minimum)
{
    m_minProtocol = minimum;
    m_api = std::make_unique<server::HttpApi>(*m_store, m_schemas, quietApi(m_minProtocol, m_blobRoom));
}

void FakeServer::keepFree(const std::string &path, std::int64_t reserveBytes)
{
    m_blobRoom = {path, reserveBytes};
    m_api = std::make_unique<server::HttpApi>(*m_store, m_schemas, quietApi(m_minProtocol, m_blobRoom));
}

Status FakeServer::backupTo(const std::string &file) { return server::backupSqliteStore(m_db, file); }

Status FakeServer::restoreFrom(const std::string &file)
{
    const std::string restored = m_db + ".restored-" + std::to_string(++m_restores);
    if (Status st = server::restoreSqliteStore(file, restored); !st)
        return st;
    m_api.reset();
    m_store.reset();
    m_db = restored;
    open();
    return {};
}

ApiResponse FakeServer::handle(const ApiRequest &request) { return m_api->handle(request); }

void FakeServer::addUser(const std::string &name, const std::string &role, const std::vector<std::string> &scopes,
                         const std::string &password)
{
    auto tx = m_store->beginWrite();
    tx->saveUser({name, role, server::hashPassword(password, 1), false, {}});
    for (const std::string &scope : scopes)
        tx->addGrant(name, scope);
    tx->commit();
}

void FakeServer::grant(const std::string &user, const std::string &scope, server::GrantAccess access)
{
    auto tx = m_store->beginWrite();
    tx->addGrant(user, scope, access);
    tx->commit();
}

void FakeServer::revoke(const std::string &user, const std::string &scope)
{
    auto tx = m_store->beginWrite();
    tx->removeGrant(user, scope);
    tx->commit();
}

std::vector<std::string> FakeServer::scopesOf(const std::string &user)
{
    auto tx = m_store->beginRead();
    auto row = tx->loadUser(user);
    return row ? row->scopes : std::vector<std::string>{};
}

std::vector<std::string> FakeServer::readScopesOf(const std::string &user)
{
    auto tx = m_store->beginRead();
    auto row = tx->loadUser(user);
    return row ? row->readScopes : std::vector<std::string>{};
}

// ---- FakeNetwork -------------------------------------------------------------

void FakeNetwork::failNext(Fault fault, const std::string &path, int status, const std::string &body)
{
    std::lock_guard lock(m_mutex);
    auto match = [path](const ApiRequest &r) { return path.empty() || r.path == path; };
    m_script.push_back({fault, match, status, body});
}

void FakeNetwork::failNextWhere(Fault fault, std::function<bool(const ApiRequest &)> match)
{
    std::lock_guard lock(m_mutex);
    m_script.push_back({fault, std::move(match), 0, {}});
}

int FakeNetwork::answered(const std::string &path, int status)
{
    std::lock_guard lock(m_mutex);
    auto it = m_answered.find({path, status});
    return it == m_answered.end() ? 0 : it->second;
}

std::optional<Fault> FakeNetwork::faultFor(const ApiRequest &request, Scripted &scripted)
{
    for (auto it = m_script.begin(); it != m_script.end(); ++it) {
        if (!it->match(request))
            continue;
        scripted = *it;
        m_script.erase(it);
        return scripted.fault;
    }
    if (!m_faultsOn || !m_below)
        return std::nullopt;
    const int r = m_below(100);
    if (r < 5)
        return Fault::DropRequest;
    if (r < 10)
        return Fault::DropResponse;
    if (r < 14)
        return Fault::Duplicate;
    if (r < 18)
        return Fault::Delay;
    return std::nullopt;
}

Result<HttpResponse> FakeNetwork::deliver(const ApiRequest &request)
{
    // A delayed copy of an earlier request may overtake this one.
    bool overtake = false;
    Scripted scripted{};
    std::optional<Fault> fault;
    {
        std::lock_guard lock(m_mutex);
        overtake = !m_delayed.empty() && (!m_faultsOn || !m_below || m_below(100) < 50);
        fault = faultFor(request, scripted);
    }
    if (overtake)
        flush();
    auto answer = [&](int status, std::string body) -> Result<HttpResponse> {
        std::lock_guard lock(m_mutex);
        ++m_answered[{request.path, status}];
        return HttpResponse{status, std::move(body), {}};
    };
    switch (fault.value_or(Fault::Answer)) {
    case Fault::DropRequest:
        note("request dropped");
        return Error{"offline", "（模擬）要求が届きませんでした", "(fake network) request dropped", {}, {}};
    case Fault::DropResponse:
        m_server.handle(request);
        note("response dropped after the server handled it");
        return Error{"network", "（模擬）応答が届きませんでした", "(fake network) response dropped", {}, {}};
    case Fault::Duplicate:
        m_server.handle(request);
        note("request duplicated");
        break;
    case Fault::Delay: {
        std::lock_guard lock(m_mutex);
        m_delayed.push_back(request);
        note("a copy delayed, to arrive later out of order");
        break;
    }
    case Fault::Answer:
        if (scripted.status > 0) {
            note("answered " + std::to_string(scripted.status) + " without the server");
            return answer(scripted.status, scripted.body);
        }
        break;
    }
    ApiResponse a = m_server.handle(request);
    auto response = answer(a.status, std::move(a.body));
    if (response)
        response->chunkSha256 = a.chunkSha256;
    return response;
}

void FakeNetwork::flush()
{
    std::vector<ApiRequest> delayed;
    {
        std::lock_guard lock(m_mutex);
        delayed.swap(m_delayed);
    }
    for (const ApiRequest &r : delayed)
        m_server.handle(r);
    if (!delayed.empty())
        note(std::to_string(delayed.size()) + " delayed request(s) arrived");
}

// ---- FakeChannel -------------------------------------------------------------

Result<HttpResponse> FakeChannel::post(const std::string &path, const std::string &body)
{
    return m_net.deliver({"POST", path, auth(), body, "fake", std::to_string(m_protocol)});
}

Result<HttpResponse> FakeChannel::get(const std::string &path)
{
    return m_net.deliver({"GET", path, auth(), "", "fake", std::to_string(m_protocol)});
}

Result<HttpResponse> FakeChannel::postChunk(const std::string &path, std::string_view bytes, const std::string &sha256)
{
    return m_net.deliver({"POST", path, auth(), std::string(bytes), "fake", std::to_string(m_protocol), sha256});
}

std::unique_ptr<HttpChannel> FakeChannel::another() const
{
    auto c = std::make_unique<FakeChannel>(m_net);
    c->m_token = m_token;
    c->m_protocol = m_protocol;
    return c;
}

// ---- FakeDevice --------------------------------------------------------------

Status FakeDevice::save(const std::function<Status()> &doSave)
{
    auto before = replica->outbox(true);
    const std::size_t had = before ? before->size() : 0;
    Status st = doSave();
    if (!st)
        return st;
    auto entries = replica->outbox(true);
    if (entries && entries->size() > had) // an edit that changes nothing saves nothing
        ledger.insert(entries->back().mutation.mid);
    noteOutbox();
    return st;
}

Result<std::string> FakeDevice::create(const std::string &type, const std::string &scope, const json &fields)
{
    std::string id;
    Status st = save([&]() -> Status {
        auto r = replica->create(type, scope, fields);
        if (!r)
            return r.error();
        id = *r;
        return {};
    });
    if (!st)
        return st.error();
    return id;
}

Result<SyncReport> FakeDevice::sync(SyncOptions options)
{
    SyncEngine engine(*replica, *channel, options);
    noteOutbox();
    return engine.sync();
}

void FakeDevice::reopen()
{
    replica.reset();
    blobs.reset();
    auto r = Replica::open(path);
    if (!r)
        throw std::runtime_error("reopen " + name + ": " + r.error().text());
    replica = std::move(r.value());
    auto b = BlobStore::openBeside(path);
    if (!b)
        throw std::runtime_error("reopen " + name + " files: " + b.error().text());
    blobs = std::move(b.value());
    if (auto s = replica->session())
        channel->setToken(s->token);
}

Result<BlobReport> FakeDevice::syncFiles(const std::string &today)
{
    auto plan = planBlobs(*replica, today);
    if (!plan)
        return plan.error();
    return BlobSync(*blobs, *channel).run(*plan);
}

void FakeDevice::noteOutbox()
{
    auto st = replica->db().prepare("SELECT mid, cseq, client FROM outbox");
    const std::string current = replica->clientId();
    while (st.step())
        seen[st.text(0)] = {st.integer(1), st.text(2).empty() ? current : st.text(2)};
}

std::optional<ViewRecord> FakeDevice::view(const std::string &id)
{
    auto v = replica->get(id);
    return v ? *v : std::nullopt;
}

// ---- FakeRemote --------------------------------------------------------------

std::string Convergence::text() const
{
    std::string t;
    for (const std::string &f : failures)
        t += f + "\n";
    return t;
}

FakeRemote::FakeRemote(const std::string &workDir, const std::string &store) : m_workDir(workDir)
{
    auto schemas = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
    if (!schemas)
        throw std::runtime_error(schemas.error().text());
    m_schemas = std::move(schemas.value());
    m_server = std::make_unique<FakeServer>(store.empty() ? workDir + "/server.db" : store, m_schemas);
    m_network = std::make_unique<FakeNetwork>(*m_server);
}

FakeRemote::~FakeRemote()
{
    m_devices.clear(); // replicas close before the server's store
    m_network.reset();
    m_server.reset();
}

void FakeRemote::addUser(const std::string &name, const std::vector<std::string> &scopes, const std::string &role)
{
    m_server->addUser(name, role, scopes, kPassword);
}

FakeDevice &FakeRemote::addDevice(const std::string &name, const std::string &user)
{
    FakeDevice d;
    d.name = name;
    d.user = user;
    d.path = m_workDir + "/" + name + ".db";
    d.channel = std::make_unique<FakeChannel>(*m_network);
    auto r = Replica::open(d.path);
    if (!r)
        throw std::runtime_error(r.error().text());
    d.replica = std::move(r.value());
    auto b = BlobStore::openBeside(d.path);
    if (!b)
        throw std::runtime_error(b.error().text());
    d.blobs = std::move(b.value());
    auto s = SyncEngine::login(*d.replica, *d.channel, "fake://server", "", user, kPassword, name);
    if (!s)
        throw std::runtime_error("login " + name + ": " + s.error().text());
    m_devices.push_back(std::move(d));
    return m_devices.back();
}

std::string FakeRemote::syncUntilQuiet(int rounds)
{
    m_network->setFaultsOn(false);
    m_network->flush();
    for (int round = 0; round < rounds; ++round) {
        bool drained = true;
        for (FakeDevice &d : m_devices) {
            SyncOptions o;
            o.overlapPages = false;
            auto r = d.sync(o);
            if (!r)
                return d.name + ": sync failed: " + r.error().text();
            auto pending = d.replica->pendingCount();
            drained &= pending && *pending == 0;
        }
        // One more round after the last change, so everyone pulls it.
        if (drained && round > 0)
            return syncFilesUntilQuiet(rounds);
    }
    return "outboxes did not drain after " + std::to_string(rounds) + " rounds";
}

std::string FakeRemote::syncFilesUntilQuiet(int rounds)
{
    for (int round = 0; round < rounds; ++round) {
        std::int64_t moved = 0;
        for (FakeDevice &d : m_devices) {
            auto r = d.syncFiles();
            if (!r)
                return d.name + ": file sync failed: " + r.error().text();
            moved += r->bytesUp + r->bytesDown;
        }
        if (moved == 0)
            return {};
    }
    return "files still moving after " + std::to_string(rounds) + " rounds";
}

Convergence FakeRemote::check()
{
    Convergence c;
    auto fail = [&](const std::string &what) { c.failures.push_back(what); };
    auto tx = m_server->store().beginRead();
    std::vector<std::string> allScopes;
    for (const server::ScopeState &s : tx->listScopes())
        allScopes.push_back(s.scope);
    std::set<std::string> kept; // refused changes the server keeps for an administrator
    for (const server::QuarantineRow &q : tx->listQuarantine(true))
        kept.insert(q.mid);
    std::int64_t answered = 0;
    std::map<std::string, Answered> answerOf; // mid -> its one result on the server
    for (FakeDevice &d : m_devices) {
        const std::string who = d.name + " (" + d.user + ")";
        // 1. The replica of each readable scope equals the server's, checksums equal.
        auto user = tx->loadUser(d.user);
        std::set<std::string> readable(user->scopes.begin(), user->scopes.end());
        readable.insert(user->readScopes.begin(), user->readScopes.end());
        std::map<std::string, std::map<std::string, std::string>> mine;
        auto rows = d.replica->db().prepare("SELECT scope, id, doc FROM records");
        while (rows.step())
            mine[rows.text(0)][rows.text(1)] = rows.text(2);
        for (const auto &[scope, recs] : mine)
            if (!readable.count(scope))
                fail(who + " still holds " + std::to_string(recs.size()) + " records of unreadable " + scope);
        std::map<std::string, std::string> sums;
        auto cps = d.replica->db().prepare("SELECT scope, checksum FROM scopes");
        while (cps.step())
            sums[cps.text(0)] = cps.text(1);
        for (const std::string &scope : readable) {
            std::map<std::string, std::string> theirs;
            for (const server::StoredRecord &r : tx->changedRecords(scope, 0, INT_MAX))
                theirs[r.id] = r.doc;
            if (theirs != mine[scope])
                fail(who + ": replica of " + scope + " differs from the server (" + std::to_string(mine[scope].size()) +
                     " vs " + std::to_string(theirs.size()) + " records)");
            const auto state = tx->scopeState(scope).value_or(server::ScopeState{scope, 0, 0, 0});
            if (sums[scope] != checksumHex(state.checksum))
                fail(who + ": checksum of " + scope + " is " + sums[scope] + ", server has " +
                     checksumHex(state.checksum));
        }
        // 2. Every change in the outbox ended applied, conflict or rejected,
        // with exactly one result on the server.
        auto entries = d.replica->outbox(true);
        std::set<std::string> present;
        const std::string current = d.replica->clientId();
        for (const OutboxEntry &e : *entries) {
            present.insert(e.mutation.mid);
            const std::string state(toString(e.state));
            auto stmt = d.replica->db().prepare("SELECT client FROM outbox WHERE cseq=?");
            stmt.bind(1, e.mutation.cseq);
            const std::string client = stmt.step() ? stmt.text(0) : "";
            if (e.state == OutboxState::Discarded) {
                // Withdrawn by the user: never sent, or rejected first (and
                // then resent as a new change), which left its one result.
                if (auto stored = tx->loadResult(client, e.mutation.cseq); stored && stored->mid == e.mutation.mid) {
                    answerOf.emplace(e.mutation.mid, Answered{client, e.mutation.cseq});
                    ++answered;
                }
                continue;
            }
            if (e.state != OutboxState::Applied && e.state != OutboxState::Conflict &&
                e.state != OutboxState::Rejected) {
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " ended as " + state);
                continue;
            }
            c.applied += e.state == OutboxState::Applied;
            c.conflicts += e.state == OutboxState::Conflict;
            c.rejected += e.state == OutboxState::Rejected;
            if (e.state == OutboxState::Rejected && (e.code.empty() || e.messageJa.empty()))
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " rejected without a reason");
            c.clientReset |= client != current;
            auto stored = tx->loadResult(client, e.mutation.cseq);
            if (!stored || stored->mid != e.mutation.mid) {
                fail(who + ": the server has no result for change #" + std::to_string(e.mutation.cseq));
                continue;
            }
            if (!answerOf.emplace(e.mutation.mid, Answered{client, e.mutation.cseq}).second)
                fail(who + ": change " + e.mutation.mid + " appears twice");
            ++answered;
            if (json::parse(stored->result).value("status", "") != state)
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " is " + state + " on the device but " +
                     stored->result + " on the server");
            // 3. A conflict keeps both values: the server logged it against this record.
            if (e.state == OutboxState::Conflict) {
                bool logged = false;
                for (const std::string &scope : allScopes)
                    for (const ConflictInfo &ci : tx->conflicts(scope, 0, LLONG_MAX))
                        logged |= ci.record == e.mutation.record && ci.mineBy.find(client) != std::string::npos;
                if (!logged)
                    fail(who + ": change #" + std::to_string(e.mutation.cseq) + " is a conflict nobody recorded");
            }
        }
        // A save may leave the outbox only with a revoked scope, after the
        // server answered it; one it refused as forbidden waits in the quarantine.
        for (const std::string &mid : d.ledger) {
            if (present.count(mid))
                continue;
            auto it = d.seen.find(mid);
            std::optional<server::StoredResult> stored;
            std::string client;
            if (it != d.seen.end()) {
                client = it->second.client;
                stored = tx->loadResult(client, it->second.cseq);
                if (!stored || stored->mid != mid) {
                    client = current;
                    stored = tx->loadResult(client, it->second.cseq);
                }
            }
            if (!stored || stored->mid != mid) {
                fail(who + ": a save that returned success is gone from the outbox unanswered (mid " + mid + ")");
                continue;
            }
            if (!answerOf.emplace(mid, Answered{client, it->second.cseq}).second)
                fail(who + ": change " + mid + " appears twice");
            ++answered;
            const json result = json::parse(stored->result);
            if (result.value("status", "") == "rejected" && result.value("code", "") == "forbidden" && !kept.count(mid))
                fail(who + ": change " + mid + " was refused as forbidden and purged, but the server kept nothing");
            ++c.purged;
        }
        // 4. Exactly once across client ids: a change re-sent under a new
        // client id must not have been applied under the old one as well.
        std::string previous;
        if (auto st = d.replica->db().prepare("SELECT value FROM meta WHERE key='previous_client_id'"); st.step())
            previous = st.text(0);
        if (!previous.empty())
            for (const auto &[mid, where] : answerOf)
                if (where.client != previous)
                    if (auto old = tx->loadResult(previous, where.cseq); old && old->mid == mid)
                        fail(who + ": change " + mid + " was answered under both its old and its new client id");
    }
    // 5. The server holds one result per answered change: nothing applied twice or lost.
    if (tx->resultCount() != answered)
        fail("the server holds " + std::to_string(tx->resultCount()) + " results for " + std::to_string(answered) +
             " changes: something was applied twice or lost");
    checkFiles(*tx, allScopes, c);
    return c;
}

void FakeRemote::checkFiles(server::StoreTx &tx, const std::vector<std::string> &scopes, Convergence &c)
{
    auto fail = [&](const std::string &what) { c.failures.push_back(what); };
    // The files live records name, and the scopes that name them.
    std::map<std::string, std::set<std::string>> named;
    for (const std::string &scope : scopes)
        for (const server::StoredRecord &r : tx.changedRecords(scope, 0, INT_MAX)) {
            const TypeDef *type = m_schemas.type(r.type);
            if (!type || r.cl % 2 == 0)
                continue;
            for (const std::string &sha : referencedBlobs(*type, json::parse(r.doc).value("fields", json::object())))
                named[sha].insert(scope);
        }
    // 6. Every file the server has whole is there exactly once, byte for byte.
    std::set<std::string> onServer;
    for (const auto &[sha, where] : named) {
        const auto blob = tx.loadBlob(sha);
        if (!blob || !blob->complete)
            continue;
        onServer.insert(sha);
        const auto parts = tx.blobParts(sha, blob->uploader);
        if (static_cast<std::int64_t>(parts.size()) != std::max<std::int64_t>(1, chunkCount(blob->size)))
            fail("file " + sha.substr(0, 8) + " has " + std::to_string(parts.size()) + " chunks on the server for " +
                 std::to_string(blob->size) + " bytes");
        Sha256Stream whole;
        for (const auto &[index, part] : parts)
            whole.add(tx.loadBlobPart(sha, blob->uploader, index).value_or(""));
        if (whole.finishHex() != sha)
            fail("file " + sha.substr(0, 8) + " on the server does not match its hash");
        ++c.files;
    }
    for (FakeDevice &d : m_devices) {
        auto user = tx.loadUser(d.user);
        for (const auto &[sha, where] : named) {
            const auto here = d.blobs->state(sha);
            // 7. Nothing attached on a device waits when the server would take it:
            // a file its user may send (a scope it writes names it) is on the server.
            const bool writable = std::any_of(where.begin(), where.end(), [&](const std::string &scope) {
                return std::find(user->scopes.begin(), user->scopes.end(), scope) != user->scopes.end();
            });
            if (here && here->local && here->complete && writable && !onServer.count(sha))
                fail(d.name + ": file " + sha.substr(0, 8) + " attached there never reached the server");
            // 8. What a device holds whole is the file.
            if (here && here->complete && !d.blobs->read(sha))
                fail(d.name + ": file " + sha.substr(0, 8) + " is damaged on the device");
        }
    }
}

} // namespace kyodo::test
