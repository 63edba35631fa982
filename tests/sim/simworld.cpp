#include "simworld.h"

#include "auth.h"
#include "checksum.h"
#include "hlc.h"
#include "storefactory.h"
#include "uuid.h"

#include <libpq-fe.h>

#include <algorithm>
#include <climits>
#include <map>

namespace kyodo::sim {

namespace {

server::ApiOptions quietApi()
{
    server::ApiOptions o;
    o.log = false;
    return o;
}

const std::vector<std::string> kWards = {"ward:tsurumi", "ward:naka", "ward:kohoku"};
const char *kType = "ward_centers.consultation";
const char *kPassword = "sim-password";

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_gen(seed) {}
    std::uint64_t next() { return m_gen(); }
    int below(int n) { return n <= 0 ? 0 : static_cast<int>(m_gen() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T>
    const T &pick(const std::vector<T> &v)
    {
        return v[static_cast<size_t>(below(static_cast<int>(v.size())))];
    }

private:
    std::mt19937_64 m_gen;
};

std::string shortId(const std::string &id) { return id.size() > 8 ? id.substr(id.size() - 6) : id; }

// Empties a PostgreSQL database so each seed starts from nothing.
void resetPostgres(const std::string &uri)
{
    PGconn *c = PQconnectdb(uri.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("postgres: " + msg);
    }
    PGresult *r = PQexec(c, "SET client_min_messages=warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string msg = PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
    if (!ok)
        throw std::runtime_error("postgres reset: " + msg);
}

// The server: the real store and HTTP API, restartable on the same database.
class SimServer {
public:
    SimServer(std::string db, const SchemaSet &schemas) : m_db(std::move(db)), m_schemas(schemas) { open(); }
    void restart()
    {
        m_api.reset();
        m_store.reset();
        open();
    }
    ApiResponse handle(const ApiRequest &r) { return m_api->handle(r); }
    server::Store &store() { return *m_store; }

private:
    void open()
    {
        m_store = server::openStore(m_db, 2);
        m_api = std::make_unique<server::HttpApi>(*m_store, m_schemas, quietApi());
    }
    std::string m_db;
    const SchemaSet &m_schemas;
    std::unique_ptr<server::Store> m_store;
    std::unique_ptr<server::HttpApi> m_api;
};

// The network between devices and server, with injected faults.
class SimNetwork {
public:
    SimNetwork(SimServer &server, Rng &rng, std::vector<std::string> &log) : m_server(server), m_rng(rng), m_log(log) {}

    bool faults = false;

    Result<HttpResponse> deliver(const ApiRequest &req)
    {
        // A delayed copy of an earlier request may overtake this one.
        if (!m_delayed.empty() && (!faults || m_rng.chance(50)))
            flush();
        if (faults) {
            const int r = m_rng.below(100);
            if (r < 5) {
                note("request dropped");
                return makeError("offline", "（模擬）要求が届きませんでした", "(sim) request dropped");
            }
            if (r < 10) {
                m_server.handle(req);
                note("response dropped after the server handled it");
                return makeError("network", "（模擬）応答が届きませんでした", "(sim) response dropped");
            }
            if (r < 14) {
                m_server.handle(req);
                note("request duplicated");
            } else if (r < 18) {
                m_delayed.push_back(req);
                note("a copy delayed, to arrive later out of order");
            }
        }
        ApiResponse a = m_server.handle(req);
        return HttpResponse{a.status, std::move(a.body)};
    }

    void flush()
    {
        for (const ApiRequest &r : m_delayed)
            m_server.handle(r);
        if (!m_delayed.empty())
            note(std::to_string(m_delayed.size()) + " delayed request(s) arrived");
        m_delayed.clear();
    }

private:
    void note(const std::string &what) { m_log.push_back("    net: " + what); }
    SimServer &m_server;
    Rng &m_rng;
    std::vector<std::string> &m_log;
    std::vector<ApiRequest> m_delayed;
};

class SimChannel final : public HttpChannel {
public:
    explicit SimChannel(SimNetwork &net) : m_net(net) {}
    void setToken(const std::string &token) override { m_token = token; }
    Result<HttpResponse> post(const std::string &path, const std::string &body) override
    {
        return m_net.deliver({"POST", path, auth(), body, "sim"});
    }
    Result<HttpResponse> get(const std::string &path) override
    {
        return m_net.deliver({"GET", path, auth(), "", "sim"});
    }
    // The push pipeline's second connection: the same faulty network.
    std::unique_ptr<HttpChannel> another() const override
    {
        auto c = std::make_unique<SimChannel>(m_net);
        c->m_token = m_token;
        return c;
    }

private:
    std::string auth() const { return m_token.empty() ? "" : "Bearer " + m_token; }
    SimNetwork &m_net;
    std::string m_token;
};

struct SimDevice {
    std::string name;
    std::string user;
    std::string path;
    std::unique_ptr<Replica> replica;
    std::unique_ptr<SimChannel> channel;
    std::set<std::string> ledger; // mids of saves that returned success
    // The last outbox row seen of each mid: when a revoked scope is purged,
    // its entries leave the outbox and are checked against the server by these.
    struct Seen {
        std::int64_t cseq = 0;
        std::string client;
    };
    std::map<std::string, Seen> seen;
};

// Notes every outbox entry's cseq and the client id it went (or will go) under.
void noteOutbox(SimDevice &d)
{
    auto st = d.replica->db().prepare("SELECT mid, cseq, client FROM outbox");
    const std::string current = d.replica->clientId();
    while (st.step())
        d.seen[st.text(0)] = {st.integer(1), st.text(2).empty() ? current : st.text(2)};
}

// Kills the running device when the countdown reaches zero.
struct CrashSwitch {
    int countdown = 0;
    bool armed = false;
    void arm(int statements)
    {
        countdown = statements;
        armed = true;
    }
    void disarm() { armed = false; }
};

class World {
public:
    explicit World(const SimOptions &o) : m_opts(o), m_rng(o.seed)
    {
        auto schemas = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        if (!schemas)
            throw std::runtime_error(schemas.error().text());
        m_schemas = std::move(schemas.value());
        m_type = m_schemas.type(kType);
    }

    SimResult run();

private:
    void setUp();
    void step(int n);
    void heal();
    void check();

    // Actions
    void create(SimDevice &d);
    void edit(SimDevice &d);
    void removeOrRestore(SimDevice &d, bool restore);
    void move(SimDevice &d);
    void resolve(SimDevice &d);
    void sync(SimDevice &d);
    void changeGrant();
    void corrupt();

    template <typename Save>
    void save(SimDevice &d, const std::string &what, Save &&doSave);
    template <typename F>
    void mayCrash(SimDevice &d, F &&f);
    void reopen(SimDevice &d);
    json randomValue(const FieldDef &f);
    std::vector<ViewRecord> records(SimDevice &d, bool deleted);
    void log(const std::string &line) { m_result.log.push_back(line); }
    void fail(const std::string &what) { m_result.ok = false, m_result.failures.push_back(what); }

    SimOptions m_opts;
    Rng m_rng;
    SchemaSet m_schemas;
    const TypeDef *m_type = nullptr;
    std::uint64_t m_now = 1'530'000'000'000; // simulated Unix ms (mid-2018)
    std::unique_ptr<SimServer> m_server;
    std::unique_ptr<SimNetwork> m_net;
    std::vector<SimDevice> m_devices;
    std::vector<std::string> m_users;
    CrashSwitch m_crash;
    struct Corruption {
        size_t device;
        std::string id;
        std::string doc;
    };
    std::vector<Corruption> m_corruptions;
    SimResult m_result;
};

json World::randomValue(const FieldDef &f)
{
    static const std::vector<std::string> parties = {"港北まちづくりの会", "日吉子ども食堂", "NPO法人 みなと",
                                                     "青葉の森の会", "鶴見川流域ネットワーク"};
    static const std::vector<std::string> notes = {"団体の立上げについて相談。会則の作り方を説明した。",
                                                   "助成金の申請書の書き方について助言した。",
                                                   "広報紙の作り方の講座を紹介した。", "会場の予約方法を案内した。"};
    static const std::vector<std::string> staff = {"佐藤", "鈴木", "高橋", "田中"};
    const int month = 1 + m_rng.below(12), day = 1 + m_rng.below(28);
    char date[32];
    std::snprintf(date, sizeof date, "2018-%02d-%02d", month, day);
    switch (f.type) {
    case FieldType::Enum: return m_rng.pick(f.values).value;
    case FieldType::Date: return std::string(date);
    case FieldType::DateTime: return std::string(date) + "T" + std::to_string(10 + m_rng.below(8)) + ":30";
    case FieldType::LongText: return m_rng.pick(notes);
    case FieldType::Int:
    case FieldType::Yen: return m_rng.below(1000);
    case FieldType::Bool: return m_rng.chance(50);
    default: return f.key == "staff" ? m_rng.pick(staff) : m_rng.pick(parties);
    }
}

void World::setUp()
{
    std::string db = m_opts.workDir + "/server.db";
    if (!m_opts.store.empty()) {
        resetPostgres(m_opts.store);
        db = m_opts.store;
    }
    m_server = std::make_unique<SimServer>(db, m_schemas);
    m_net = std::make_unique<SimNetwork>(*m_server, m_rng, m_result.log);

    const int devices = m_opts.devices > 0 ? m_opts.devices : 2 + m_rng.below(7);
    const int users = std::max(1, devices - m_rng.below(devices)); // some devices share a user
    {
        auto tx = m_server->store().beginWrite();
        for (int u = 0; u < users; ++u) {
            const std::string name = "user" + std::to_string(u);
            m_users.push_back(name);
            tx->saveUser({name, "staff", server::hashPassword(kPassword, 1), false, {}});
            tx->addGrant(name, kWards[static_cast<size_t>(u) % kWards.size()]);
            if (m_rng.chance(60))
                tx->addGrant(name, m_rng.pick(kWards));
        }
        tx->commit();
    }
    for (int i = 0; i < devices; ++i) {
        SimDevice d;
        d.name = "dev" + std::to_string(i);
        d.user = m_users[static_cast<size_t>(i % users)];
        d.path = m_opts.workDir + "/" + d.name + ".db";
        d.channel = std::make_unique<SimChannel>(*m_net);
        auto r = Replica::open(d.path);
        if (!r)
            throw std::runtime_error(r.error().text());
        d.replica = std::move(r.value());
        auto s = SyncEngine::login(*d.replica, *d.channel, "sim://server", "", d.user, kPassword, d.name);
        if (!s)
            throw std::runtime_error("login: " + s.error().text());
        m_devices.push_back(std::move(d));
    }
    log("seed " + std::to_string(m_opts.seed) + ": " + std::to_string(devices) + " devices, " + std::to_string(users) +
        " users");
}

void World::reopen(SimDevice &d)
{
    d.replica.reset();
    auto r = Replica::open(d.path);
    if (!r)
        throw std::runtime_error("reopen " + d.name + ": " + r.error().text());
    d.replica = std::move(r.value());
    if (auto s = d.replica->session())
        d.channel->setToken(s->token);
}

template <typename F>
void World::mayCrash(SimDevice &d, F &&f)
{
    if (m_rng.chance(10))
        m_crash.arm(1 + m_rng.below(40));
    try {
        f();
    } catch (const SimulatedCrash &) {
        m_crash.disarm();
        ++m_result.stats.crashes;
        log("    " + d.name + " killed between two SQLite statements; reopened");
        reopen(d);
    }
    m_crash.disarm();
}

template <typename Save>
void World::save(SimDevice &d, const std::string &what, Save &&doSave)
{
    mayCrash(d, [&] {
        auto before = d.replica->outbox(true);
        const size_t had = before ? before->size() : 0;
        Status st = doSave();
        m_crash.disarm(); // the save returned: what follows is bookkeeping
        if (!st) {
            log("#  " + d.name + " " + what + " refused: " + st.error().code);
            return;
        }
        auto entries = d.replica->outbox(true);
        if (entries && entries->size() > had) { // an edit that changes nothing saves nothing
            d.ledger.insert(entries->back().mutation.mid);
            ++m_result.stats.saves;
        }
        noteOutbox(d);
        log("#  " + d.name + " " + what);
    });
}

std::vector<ViewRecord> World::records(SimDevice &d, bool deleted)
{
    auto list = d.replica->list(kType, "", deleted);
    std::vector<ViewRecord> out;
    if (list)
        for (ViewRecord &v : *list)
            if (v.deleted() == deleted || !deleted)
                out.push_back(std::move(v));
    return out;
}

void World::create(SimDevice &d)
{
    // Few records per device keep concurrent edits of the same one frequent.
    if (records(d, false).size() >= 8)
        return edit(d);
    json fields = json::object();
    for (const FieldDef &f : m_type->fields)
        if (f.required || m_rng.chance(40))
            fields[f.key] = randomValue(f);
    // Mostly a ward the user works in; sometimes one they may not write to.
    std::vector<std::string> granted;
    {
        auto tx = m_server->store().beginRead();
        if (auto u = tx->loadUser(d.user))
            granted = u->scopes;
    }
    const std::string scope = !granted.empty() && m_rng.chance(85) ? m_rng.pick(granted) : m_rng.pick(kWards);
    std::string id;
    save(d, "create in " + scope, [&]() -> Status {
        auto r = d.replica->create(kType, scope, fields);
        if (!r)
            return r.error();
        id = *r;
        return {};
    });
}

void World::edit(SimDevice &d)
{
    auto live = records(d, false);
    if (live.empty())
        return create(d);
    const ViewRecord &v = m_rng.pick(live);
    json fields = json::object();
    const int n = 1 + m_rng.below(3);
    std::vector<FieldDef> flagged;
    for (const FieldDef &f : m_type->fields)
        if (f.conflict == ConflictMode::Flag)
            flagged.push_back(f);
    for (int i = 0; i < n; ++i) {
        // Half the time a field a person must reconcile when edited concurrently.
        const FieldDef &f = m_rng.chance(50) ? m_rng.pick(flagged) : m_rng.pick(m_type->fields);
        fields[f.key] = (!f.required && m_rng.chance(15)) ? json() : randomValue(f);
    }
    std::string keys;
    for (const auto &[k, val] : fields.items())
        keys += (keys.empty() ? "" : ",") + k;
    save(d, "edit " + shortId(v.id) + " {" + keys + "}", [&] { return d.replica->edit(v.id, fields); });
}

void World::removeOrRestore(SimDevice &d, bool restore)
{
    auto candidates = records(d, restore);
    if (candidates.empty())
        return;
    const ViewRecord &v = m_rng.pick(candidates);
    save(d, std::string(restore ? "restore " : "delete ") + shortId(v.id),
         [&] { return restore ? d.replica->restore(v.id) : d.replica->remove(v.id); });
}

void World::move(SimDevice &d)
{
    auto live = records(d, false);
    if (live.empty())
        return;
    const ViewRecord &v = m_rng.pick(live);
    const std::string to = m_rng.pick(kWards);
    save(d, "move " + shortId(v.id) + " " + v.scope + " → " + to, [&] { return d.replica->move(v.id, to); });
}

void World::resolve(SimDevice &d)
{
    auto open = d.replica->conflicts(true);
    if (!open || open->empty())
        return;
    const ConflictInfo &c = m_rng.pick(*open);
    std::string take = m_rng.pick(std::vector<std::string>{"mine", "theirs", "value"});
    json value;
    if (take == "value") {
        const FieldDef *f = c.kind == "delete_edit" ? nullptr : m_type->field(c.field);
        if (f)
            value = randomValue(*f);
        else
            take = "mine";
    }
    save(d, "resolve " + shortId(c.id) + " (" + c.kind + " " + c.field + ") take " + take,
         [&] { return d.replica->resolve(c.id, take, value); });
}

void World::sync(SimDevice &d)
{
    mayCrash(d, [&] {
        SyncOptions o;
        o.pushBatch = 1 + static_cast<std::size_t>(m_rng.below(6));
        o.pullLimit = 1 + m_rng.below(8); // small pages: many checkpoints span pages
        o.overlapPages = false;           // one thread keeps the schedule deterministic
        SyncEngine engine(*d.replica, *d.channel, o);
        ++m_result.stats.syncs;
        noteOutbox(d);
        auto r = engine.sync();
        if (!r) {
            ++m_result.stats.syncFailures;
            log("#  " + d.name + " sync failed: " + r.error().code);
            return;
        }
        std::string extra;
        // Corruption is only visible to verify(): a checkpoint that disagrees
        // with the server means the engine itself went wrong, even if the
        // re-pull then hides it.
        for (const std::string &s : r->repairedScopes)
            fail(d.name + ": checksum of " + s + " disagreed with the server after a pull");
        for (const std::string &s : r->revokedScopes)
            extra += " purged " + s;
        log("#  " + d.name + " sync: pushed " + std::to_string(r->pushed) + ", pulled " +
            std::to_string(r->pulledRecords) + extra);
    });
}

void World::changeGrant()
{
    const std::string &user = m_rng.pick(m_users);
    const std::string &ward = m_rng.pick(kWards);
    auto tx = m_server->store().beginWrite();
    auto row = tx->loadUser(user);
    const bool has = row && std::find(row->scopes.begin(), row->scopes.end(), ward) != row->scopes.end();
    if (has)
        tx->removeGrant(user, ward);
    else
        tx->addGrant(user, ward);
    tx->commit();
    log(std::string("#  admin ") + (has ? "revokes " : "grants ") + ward + (has ? " from " : " to ") + user);
}

void World::corrupt()
{
    const size_t i = static_cast<size_t>(m_rng.below(static_cast<int>(m_devices.size())));
    SimDevice &d = m_devices[i];
    auto st = d.replica->db().prepare("SELECT id, doc FROM records ORDER BY id");
    std::vector<std::pair<std::string, std::string>> rows;
    while (st.step())
        rows.emplace_back(st.text(0), st.text(1));
    if (rows.empty())
        return;
    const auto &[id, doc] = m_rng.pick(rows);
    // An extra byte in the stored document (never undoing an earlier one);
    // the checksum column is untouched.
    std::string bad = doc;
    bad.insert(bad.size() / 2, " ");
    d.replica->db().prepare("UPDATE records SET doc=? WHERE id=?").bindAll(bad, id).run();
    m_corruptions.push_back({i, id, bad});
    ++m_result.stats.corruptions;
    log("#  fault: " + d.name + " replica row " + shortId(id) + " corrupted");
}

void World::step(int n)
{
    m_now += static_cast<std::uint64_t>(m_rng.below(5000));
    SimDevice &d = m_devices[static_cast<size_t>(m_rng.below(static_cast<int>(m_devices.size())))];
    const int r = m_rng.below(100);
    log("step " + std::to_string(n) + ":");
    if (r < 18)
        create(d);
    else if (r < 40)
        edit(d);
    else if (r < 45)
        removeOrRestore(d, false);
    else if (r < 48)
        removeOrRestore(d, true);
    else if (r < 52)
        move(d);
    else if (r < 60)
        resolve(d);
    else if (r < 90)
        sync(d);
    else if (r < 93)
        changeGrant();
    else if (r < 96) {
        m_server->restart();
        ++m_result.stats.restarts;
        log("#  fault: server restarted");
    } else if (r < 98)
        corrupt();
    else {
        // Several devices sync back to back: the usual end of a working day.
        for (SimDevice &each : m_devices)
            sync(each);
    }
}

void World::heal()
{
    log("heal: faults off, delayed requests delivered, every outbox drained");
    m_net->faults = false;
    m_crash.disarm();
    m_net->flush();
    for (size_t i = 0; i < m_devices.size(); ++i) {
        SimDevice &d = m_devices[i];
        std::set<std::string> stillCorrupt;
        for (const Corruption &c : m_corruptions) {
            if (c.device != i)
                continue;
            auto st = d.replica->db().prepare("SELECT scope FROM records WHERE id=? AND doc=?");
            st.bindAll(c.id, c.doc);
            if (st.step())
                stillCorrupt.insert(st.text(0));
        }
        auto bad = d.replica->verify();
        if (!bad) {
            fail(d.name + ": verify failed: " + bad.error().text());
            continue;
        }
        std::set<std::string> found;
        for (const ScopeMismatch &m : *bad)
            found.insert(m.scope);
        for (const std::string &scope : stillCorrupt) {
            if (found.count(scope))
                ++m_result.stats.detected;
            else
                fail(d.name + ": a corrupted row in " + scope + " was not detected by its checksum");
        }
    }
    for (int round = 0; round < 12; ++round) {
        bool drained = true;
        for (SimDevice &d : m_devices) {
            SyncOptions o;
            o.overlapPages = false;
            SyncEngine engine(*d.replica, *d.channel, o);
            noteOutbox(d);
            auto r = engine.sync();
            if (!r) {
                fail(d.name + ": sync failed while healing: " + r.error().text());
                return;
            }
            if (round > 0)
                for (const std::string &s : r->repairedScopes)
                    fail(d.name + ": checksum of " + s + " disagreed with the server while healing");
            auto pending = d.replica->pendingCount();
            drained &= pending && *pending == 0;
        }
        if (drained && round > 0)
            return;
    }
    fail("outboxes did not drain after 12 rounds");
}

void World::check()
{
    auto tx = m_server->store().beginRead();
    std::int64_t entriesEverSent = 0;
    std::set<std::string> allMids;
    bool anyReset = false;
    for (SimDevice &d : m_devices) {
        const std::string who = d.name + " (" + d.user + ")";
        // 1. Replica of each readable scope == the server's, checksums equal.
        auto user = tx->loadUser(d.user);
        const std::set<std::string> readable(user->scopes.begin(), user->scopes.end());
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
        // 2. Every saved mutation ended applied, conflict or rejected — exactly once.
        auto entries = d.replica->outbox(true);
        std::set<std::string> present;
        for (const OutboxEntry &e : *entries) {
            present.insert(e.mutation.mid);
            if (!allMids.insert(e.mutation.mid).second)
                fail(who + ": mid " + e.mutation.mid + " appears twice");
            const std::string state(toString(e.state));
            if (e.state != OutboxState::Applied && e.state != OutboxState::Conflict &&
                e.state != OutboxState::Rejected) {
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " ended as " + state);
                continue;
            }
            ++entriesEverSent;
            if (e.state == OutboxState::Applied)
                ++m_result.stats.applied;
            if (e.state == OutboxState::Conflict)
                ++m_result.stats.conflicts;
            if (e.state == OutboxState::Rejected)
                ++m_result.stats.rejected;
            if (e.state == OutboxState::Rejected && (e.code.empty() || e.messageJa.empty()))
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " rejected without a reason");
            auto stmt = d.replica->db().prepare("SELECT client FROM outbox WHERE cseq=?");
            stmt.bind(1, e.mutation.cseq);
            const std::string client = stmt.step() ? stmt.text(0) : "";
            anyReset |= client != d.replica->clientId();
            auto stored = tx->loadResult(client, e.mutation.cseq);
            if (!stored || stored->mid != e.mutation.mid) {
                fail(who + ": the server has no result for change #" + std::to_string(e.mutation.cseq));
                continue;
            }
            if (json::parse(stored->result).value("status", "") != state)
                fail(who + ": change #" + std::to_string(e.mutation.cseq) + " is " + state + " on the device but " +
                     stored->result + " on the server");
            // 3. A conflict keeps both values: the server logged it against this record.
            if (e.state == OutboxState::Conflict) {
                bool kept = false;
                for (const std::string &scope : kWards)
                    for (const ConflictInfo &c : tx->conflicts(scope, 0, LLONG_MAX))
                        kept |= c.record == e.mutation.record && c.mineBy.find(client) != std::string::npos;
                if (!kept)
                    fail(who + ": change #" + std::to_string(e.mutation.cseq) + " is a conflict nobody recorded");
            }
        }
        // A save may leave the outbox only with a revoked scope, after the
        // server answered it; one it refused as forbidden waits in the quarantine.
        std::set<std::string> kept;
        for (const server::QuarantineRow &q : tx->listQuarantine(true))
            kept.insert(q.mid);
        for (const std::string &mid : d.ledger) {
            if (present.count(mid))
                continue;
            auto it = d.seen.find(mid);
            std::optional<server::StoredResult> stored;
            if (it != d.seen.end()) {
                stored = tx->loadResult(it->second.client, it->second.cseq);
                if (!stored || stored->mid != mid)
                    stored = tx->loadResult(d.replica->clientId(), it->second.cseq);
            }
            if (!stored || stored->mid != mid) {
                fail(who + ": a save that returned success is gone from the outbox unanswered (mid " + mid + ")");
                continue;
            }
            if (!allMids.insert(mid).second)
                fail(who + ": mid " + mid + " appears twice");
            ++entriesEverSent;
            const json result = json::parse(stored->result);
            if (result.value("status", "") == "rejected" && result.value("code", "") == "forbidden" && !kept.count(mid))
                fail(who + ": change " + mid + " was refused as forbidden and purged, but the server kept nothing");
            ++m_result.stats.purged;
        }
    }
    if (anyReset)
        ++m_result.stats.clientResets;
    else if (tx->resultCount() != entriesEverSent)
        fail("the server holds " + std::to_string(tx->resultCount()) + " results for " +
             std::to_string(entriesEverSent) + " changes: something was applied twice or lost");
}

SimResult World::run()
{
    HybridClock::overrideSystemMillis([this] { return m_now; });
    overrideUuidRandomness([this] { return m_rng.next(); });
    setStatementHook([this] {
        if (m_crash.armed && --m_crash.countdown <= 0) {
            m_crash.armed = false;
            throw SimulatedCrash{};
        }
    });
    try {
        setUp();
        m_net->faults = true;
        const int steps = m_opts.steps > 0 ? m_opts.steps : 40 + m_rng.below(81);
        for (int i = 1; i <= steps; ++i)
            step(i);
        heal();
        if (m_result.ok)
            check();
    } catch (const std::exception &e) {
        fail(std::string("unexpected exception: ") + e.what());
    } catch (const SimulatedCrash &) {
        fail("a simulated crash escaped outside a device action");
    }
    setStatementHook({});
    overrideUuidRandomness({});
    HybridClock::overrideSystemMillis({});
    m_devices.clear();
    m_net.reset();
    m_server.reset();
    return std::move(m_result);
}

} // namespace

SimResult runSimulation(const SimOptions &options)
{
    World world(options);
    return world.run();
}

} // namespace kyodo::sim
