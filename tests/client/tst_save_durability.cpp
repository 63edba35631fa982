// A save is durable the moment it returns: a child process saves, then is
// killed with SIGKILL at once, and the record must be there on reopening.
#include "replicafixture.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace kyodo;
using namespace kyodo::test;

namespace {

// Returns the id the child saved before it was killed.
std::string saveThenDie(const std::string &path, int records)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        throw std::runtime_error("pipe");
    const pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        auto r = Replica::open(path);
        if (!r)
            _exit(3);
        std::string last;
        for (int i = 0; i < records; ++i) {
            auto id = (*r)->create("ward_centers.consultation", "ward:naka", consultation("団体" + std::to_string(i)));
            if (!id)
                _exit(4);
            last = *id;
        }
        (void)!write(pipefd[1], last.data(), last.size());
        close(pipefd[1]);
        kill(getpid(), SIGKILL); // no destructors, no close, no checkpoint
        _exit(5);
    }
    close(pipefd[1]);
    char buf[64] = {0};
    const ssize_t n = read(pipefd[0], buf, sizeof buf - 1);
    close(pipefd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child did not die by SIGKILL";
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

} // namespace

TEST(SaveDurability, aRecordSurvivesKill9RightAfterTheSaveReturns)
{
    TempDir dir;
    openReplica(dir.file("r.db")); // schemas in place
    for (int round = 0; round < 5; ++round) {
        const std::string id = saveThenDie(dir.file("r.db"), 1 + round * 7);
        ASSERT_EQ(id.size(), 36u);
        auto r = openReplica(dir.file("r.db"), false);
        auto view = r->get(id);
        ASSERT_TRUE(view.ok());
        ASSERT_TRUE(view->has_value()) << "round " << round;
        EXPECT_EQ((**view).receipt, OutboxState::Saved);
        auto pending = r->pendingCount();
        ASSERT_TRUE(pending.ok());
        EXPECT_GE(*pending, 1);
    }
}

TEST(SaveDurability, cseqsAreNeverReusedAcrossCrashes)
{
    TempDir dir;
    openReplica(dir.file("r.db"));
    saveThenDie(dir.file("r.db"), 3);
    saveThenDie(dir.file("r.db"), 2);
    auto r = openReplica(dir.file("r.db"), false);
    auto entries = r->outbox(true);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 5u);
    for (size_t i = 0; i < entries->size(); ++i)
        EXPECT_EQ((*entries)[i].mutation.cseq, static_cast<std::int64_t>(i + 1));
}
