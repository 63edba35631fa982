#include "simworld.h"

#include "attach.h"
#include "exifphoto.h"
#include "fakeremote.h"
#include "hlc.h"
#include "uuid.h"

#include <libpq-fe.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <map>

namespace kyodo::sim {

namespace {

const std::vector<std::string> kWards = {"ward:tsurumi", "ward:naka", "ward:kohoku"};
// Two record types, so merges, moves and purges meet more than one schema;
// consultations (with fields people must reconcile) are the most frequent.
const char *kConsultation = "ward_centers.consultation";
const char *kActivity = "ward_centers.activity";

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

using test::FakeDevice;
using test::FakeRemote;

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
    }

    SimResult run();

private:
    void setUp();
    void step(int n);
    void heal();
    void check();
    std::deque<FakeDevice> &devices() { return m_remote->devices(); }

    // Actions
    void create(FakeDevice &d);
    void edit(FakeDevice &d);
    void attach(FakeDevice &d);
    void removeOrRestore(FakeDevice &d, bool restore);
    void move(FakeDevice &d);
    void resolve(FakeDevice &d);
    void sync(FakeDevice &d);
    void changeGrant();
    void corrupt();
    void restartOrRestore();

    template <typename Save>
    void save(FakeDevice &d, const std::string &what, Save &&doSave);
    template <typename F>
    void mayCrash(FakeDevice &d, F &&f);
    json randomValue(const FieldDef &f);
    std::vector<ViewRecord> records(FakeDevice &d, bool deleted);
    void log(const std::string &line) { m_result.log.push_back(line); }
    void fail(const std::string &what) { m_result.ok = false, m_result.failures.push_back(what); }

    SimOptions m_opts;
    Rng m_rng;
    SchemaSet m_schemas;
    const TypeDef &typeOf(const std::string &type) const { return *m_schemas.type(type); }
    std::uint64_t m_now = 1'530'000'000'000; // simulated Unix ms (mid-2018)
    std::unique_ptr<FakeRemote> m_remote;
    std::vector<std::string> m_users;
    CrashSwitch m_crash;
    struct Corruption {
        size_t device;
        std::string id;
        std::string doc;
    };
    std::vector<Corruption> m_corruptions;
    SimResult m_result;
    std::string m_lastBackup;                     // the newest backup of the server, "" before the first
    std::set<std::string> m_unsyncedSinceRestore; // devices that have not synced since the last restore
    bool m_purgedSinceBackup = false;             // a device let go of a revoked scope after the last backup
    std::vector<std::string> m_files;             // bytes attached so far: some are attached again elsewhere
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
    if (!m_opts.store.empty())
        resetPostgres(m_opts.store);
    m_remote = std::make_unique<FakeRemote>(m_opts.workDir, m_opts.store);
    m_remote->network().setRandomFaults([this](int n) { return m_rng.below(n); });
    m_remote->network().onFault = [this](const std::string &what) { log("    net: " + what); };

    const int devices = m_opts.devices > 0 ? m_opts.devices : 2 + m_rng.below(7);
    const int users = std::max(1, devices - m_rng.below(devices)); // some devices share a user
    for (int u = 0; u < users; ++u) {
        const std::string name = "user" + std::to_string(u);
        m_users.push_back(name);
        std::vector<std::string> scopes{kWards[static_cast<size_t>(u) % kWards.size()]};
        if (m_rng.chance(60))
            scopes.push_back(m_rng.pick(kWards));
        m_remote->addUser(name, scopes);
    }
    for (int i = 0; i < devices; ++i)
        m_remote->addDevice("dev" + std::to_string(i), m_users[static_cast<size_t>(i % users)]);
    log("seed " + std::to_string(m_opts.seed) + ": " + std::to_string(devices) + " devices, " + std::to_string(users) +
        " users");
}

template <typename F>
void World::mayCrash(FakeDevice &d, F &&f)
{
    if (m_rng.chance(10))
        m_crash.arm(1 + m_rng.below(40));
    try {
        f();
    } catch (const SimulatedCrash &) {
        m_crash.disarm();
        ++m_result.stats.crashes;
        log("    " + d.name + " killed between two SQLite statements; reopened");
        d.reopen();
    }
    m_crash.disarm();
}

template <typename Save>
void World::save(FakeDevice &d, const std::string &what, Save &&doSave)
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
        d.noteOutbox();
        log("#  " + d.name + " " + what);
    });
}

std::vector<ViewRecord> World::records(FakeDevice &d, bool deleted)
{
    auto list = d.replica->list("", "", deleted);
    std::vector<ViewRecord> out;
    if (list)
        for (ViewRecord &v : *list)
            if (v.deleted() == deleted || !deleted)
                out.push_back(std::move(v));
    return out;
}

void World::create(FakeDevice &d)
{
    // Few records per device keep concurrent edits of the same one frequent.
    if (records(d, false).size() >= 8)
        return edit(d);
    const TypeDef &type = typeOf(m_rng.chance(75) ? kConsultation : kActivity);
    json fields = json::object();
    for (const FieldDef &f : type.fields)
        if (f.type != FieldType::Attachments && (f.required || m_rng.chance(40)))
            fields[f.key] = randomValue(f);
    // Mostly a ward the user works in; sometimes one they may not write to.
    const std::vector<std::string> granted = m_remote->server().scopesOf(d.user);
    const std::string scope = !granted.empty() && m_rng.chance(85) ? m_rng.pick(granted) : m_rng.pick(kWards);
    std::string id;
    save(d, "create " + type.id + " in " + scope, [&]() -> Status {
        auto r = d.replica->create(type.id, scope, fields);
        if (!r)
            return r.error();
        id = *r;
        return {};
    });
}

void World::edit(FakeDevice &d)
{
    auto live = records(d, false);
    if (live.empty())
        return create(d);
    if (m_rng.chance(20)) // a flyer or a photo of the day, added to an activity
        return attach(d);
    const ViewRecord &v = m_rng.pick(live);
    const TypeDef &type = typeOf(v.type);
    json fields = json::object();
    const int n = 1 + m_rng.below(3);
    std::vector<FieldDef> flagged;
    for (const FieldDef &f : type.fields)
        if (f.conflict == ConflictMode::Flag)
            flagged.push_back(f);
    for (int i = 0; i < n; ++i) {
        // Half the time a field a person must reconcile when edited concurrently.
        const FieldDef &f = !flagged.empty() && m_rng.chance(50) ? m_rng.pick(flagged) : m_rng.pick(type.fields);
        if (f.type == FieldType::Attachments)
            return attach(d);
        fields[f.key] = (!f.required && m_rng.chance(15)) ? json() : randomValue(f);
    }
    std::string keys;
    for (const auto &[k, val] : fields.items())
        keys += (keys.empty() ? "" : ",") + k;
    save(d, "edit " + shortId(v.id) + " {" + keys + "}", [&] { return d.replica->edit(v.id, fields); });
}

void World::attach(FakeDevice &d)
{
    std::vector<ViewRecord> activities;
    for (ViewRecord &v : records(d, false))
        if (v.type == kActivity)
            activities.push_back(std::move(v));
    if (activities.empty())
        return create(d);
    const ViewRecord &v = m_rng.pick(activities);
    // Mostly a small photo, sometimes one of several chunks; a quarter of the
    // time bytes attached before (the server keeps them once).
    std::string bytes;
    if (!m_files.empty() && m_rng.chance(25)) {
        bytes = m_rng.pick(m_files);
    } else {
        const std::int64_t size = m_rng.chance(4) ? kBlobChunkSize + m_rng.below(300000) : 26 + m_rng.below(5000);
        bytes = test::jpegOfSize(static_cast<std::size_t>(size), static_cast<std::uint64_t>(m_rng.below(1 << 30)));
        m_files.push_back(bytes);
    }
    const std::string path = m_opts.workDir + "/flyer" + std::to_string(m_files.size()) + ".jpg";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    save(d,
         "attach " + sha256Hex(bytes).substr(0, 8) + " (" + std::to_string(bytes.size()) + " bytes) to " +
             shortId(v.id),
         [&]() -> Status {
             auto r = attachFiles(*d.replica, *d.blobs, v.id, "flyers", {{path, "flyer.jpg", "image/jpeg", {}, {}}});
             return r ? Status{} : Status{r.error()};
         });
}

void World::removeOrRestore(FakeDevice &d, bool restore)
{
    auto candidates = records(d, restore);
    if (candidates.empty())
        return;
    const ViewRecord &v = m_rng.pick(candidates);
    save(d, std::string(restore ? "restore " : "delete ") + shortId(v.id),
         [&] { return restore ? d.replica->restore(v.id) : d.replica->remove(v.id); });
}

void World::move(FakeDevice &d)
{
    auto live = records(d, false);
    if (live.empty())
        return;
    const ViewRecord &v = m_rng.pick(live);
    const std::string to = m_rng.pick(kWards);
    save(d, "move " + shortId(v.id) + " " + v.scope + " → " + to, [&] { return d.replica->move(v.id, to); });
}

void World::resolve(FakeDevice &d)
{
    auto open = d.replica->conflicts(true);
    if (!open || open->empty())
        return;
    const ConflictInfo &c = m_rng.pick(*open);
    std::string take = m_rng.pick(std::vector<std::string>{"mine", "theirs", "value"});
    json value;
    if (take == "value") {
        auto record = d.replica->get(c.record);
        const TypeDef *type = record && *record ? m_schemas.type((*record)->type) : nullptr;
        const FieldDef *f = c.kind == ConflictKind::DeleteEdit || !type ? nullptr : type->field(c.field);
        if (f)
            value = randomValue(*f);
        else
            take = "mine";
    }
    save(d, "resolve " + shortId(c.id) + " (" + conflictKindName(c.kind) + " " + c.field + ") take " + take,
         [&] { return d.replica->resolve(c.id, take, value); });
}

void World::sync(FakeDevice &d)
{
    // One sync in four runs the push pipeline on two connections at once.
    // Its requests reach the network in no fixed order, so it runs on a quiet
    // network (no random draw depends on that order) and the seed still replays.
    const bool pipelined = m_rng.chance(25);
    if (pipelined) {
        m_remote->network().flush();
        m_remote->network().setFaultsOn(false);
    }
    mayCrash(d, [&] {
        SyncOptions o;
        o.pushBatch = 1 + static_cast<std::size_t>(m_rng.below(6));
        o.pullLimit = 1 + m_rng.below(8); // small pages: many checkpoints span pages
        o.overlapPages = pipelined;
        ++m_result.stats.syncs;
        auto r = d.sync(o);
        if (!r) {
            ++m_result.stats.syncFailures;
            log("#  " + d.name + " sync failed: " + r.error().code);
            return;
        }
        std::string extra;
        // Corruption is only visible to verify(): a checkpoint that disagrees
        // with the server means the engine itself went wrong, even if the
        // re-pull then hides it.
        // After a restore the server's sequences went back: each device pulls
        // its scopes again once, at its first sync since.
        const bool sinceRestore = m_unsyncedSinceRestore.erase(d.name) > 0;
        if (!sinceRestore)
            for (const std::string &s : r->repairedScopes)
                fail(d.name + ": checksum of " + s + " disagreed with the server after a pull");
        if (r->resentAfterRestore > 0)
            extra += ", resent " + std::to_string(r->resentAfterRestore) + " the restored server forgot";
        for (const std::string &s : r->revokedScopes)
            extra += " purged " + s;
        m_purgedSinceBackup |= !r->purged.scopes.empty();
        log("#  " + d.name + " sync: pushed " + std::to_string(r->pushed) + ", pulled " +
            std::to_string(r->pulledRecords) + extra);
        // The file queue after the records, on the same faulty network.
        auto files = d.syncFiles();
        if (!files) {
            log("#  " + d.name + " file sync failed: " + files.error().code);
            return;
        }
        m_result.stats.bytesUp += files->bytesUp;
        if (files->bytesUp + files->bytesDown > 0 || files->dropped > 0)
            log("#  " + d.name + " files: sent " + std::to_string(files->bytesUp) + " bytes, dropped " +
                std::to_string(files->dropped));
    });
    m_remote->network().setFaultsOn(true);
}

void World::changeGrant()
{
    const std::string &user = m_rng.pick(m_users);
    const std::string &ward = m_rng.pick(kWards);
    const std::vector<std::string> scopes = m_remote->server().scopesOf(user);
    const std::vector<std::string> reads = m_remote->server().readScopesOf(user);
    const bool has = std::find(scopes.begin(), scopes.end(), ward) != scopes.end() ||
                     std::find(reads.begin(), reads.end(), ward) != reads.end();
    // A third of the grants are for reading only: the user's devices pull
    // the ward whole and every change they try there is refused.
    const bool readOnly = !has && m_rng.chance(33);
    if (has)
        m_remote->server().revoke(user, ward);
    else
        m_remote->server().grant(user, ward, readOnly ? server::GrantAccess::Read : server::GrantAccess::Write);
    log(std::string("#  admin ") + (has ? "revokes " : "grants ") + (readOnly ? "read-only " : "") + ward +
        (has ? " from " : " to ") + user);
}

void World::corrupt()
{
    const size_t i = static_cast<size_t>(m_rng.below(static_cast<int>(devices().size())));
    FakeDevice &d = devices()[i];
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

// A server restart; on SQLite sometimes a nightly backup taken while it
// serves, or a restore from the last one: the server forgets everything
// since, and the devices must give it back.
void World::restartOrRestore()
{
    const bool sqlite = m_opts.store.empty();
    const int r = m_rng.below(4);
    if (sqlite && r == 0) {
        const std::string file = m_opts.workDir + "/backup-" + std::to_string(++m_result.stats.backups) + ".db";
        if (Status st = m_remote->server().backupTo(file); !st)
            return fail("backup failed: " + st.error().text());
        m_lastBackup = file;
        m_purgedSinceBackup = false;
        log("#  backup taken");
        return;
    }
    // Known limit, not simulated: a device that purged a revoked scope has
    // let go of the changes it handed to the administrator; a server restored
    // to before that revocation has lost them (README: back up after revoking).
    if (sqlite && r == 1 && !m_lastBackup.empty() && !m_purgedSinceBackup) {
        if (Status st = m_remote->server().restoreFrom(m_lastBackup); !st)
            return fail("restore failed: " + st.error().text());
        ++m_result.stats.restores;
        for (const FakeDevice &d : devices())
            m_unsyncedSinceRestore.insert(d.name);
        log("#  fault: server restored from the last backup");
        return;
    }
    m_remote->server().restart();
    ++m_result.stats.restarts;
    log("#  fault: server restarted");
}

void World::step(int n)
{
    m_now += static_cast<std::uint64_t>(m_rng.below(5000));
    FakeDevice &d = devices()[static_cast<size_t>(m_rng.below(static_cast<int>(devices().size())))];
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
    else if (r < 96)
        restartOrRestore();
    else if (r < 98)
        corrupt();
    else {
        // Several devices sync back to back: the usual end of a working day.
        for (FakeDevice &each : devices())
            sync(each);
    }
}

void World::heal()
{
    log("heal: faults off, delayed requests delivered, every outbox drained");
    m_remote->network().setFaultsOn(false);
    m_crash.disarm();
    m_remote->network().flush();
    for (size_t i = 0; i < devices().size(); ++i) {
        FakeDevice &d = devices()[i];
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
        for (FakeDevice &d : devices()) {
            SyncOptions o;
            o.overlapPages = false;
            auto r = d.sync(o);
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
        if (drained && round > 0) {
            if (const std::string files = m_remote->syncFilesUntilQuiet(); !files.empty())
                fail(files);
            return;
        }
    }
    fail("outboxes did not drain after 12 rounds");
}

void World::check()
{
    const test::Convergence c = m_remote->check();
    for (const std::string &f : c.failures)
        fail(f);
    m_result.stats.applied += c.applied;
    m_result.stats.conflicts += c.conflicts;
    m_result.stats.rejected += c.rejected;
    m_result.stats.purged += c.purged;
    m_result.stats.files += c.files;
    m_result.stats.clientResets += c.clientReset;
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
        m_remote->network().setFaultsOn(true);
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
    m_remote.reset();
    return std::move(m_result);
}

} // namespace

SimResult runSimulation(const SimOptions &options)
{
    World world(options);
    return world.run();
}

} // namespace kyodo::sim
