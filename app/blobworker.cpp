#include "blobworker.h"

#include "attach.h"
#include "blobstore.h"
#include "blobsync.h"
#include "replica.h"
#include "transport.h"

namespace Kyodo {

namespace {

void setError(FilesOutcome &o, const kyodo::Error &e)
{
    o.ok = false;
    o.messageJa = QString::fromStdString(e.messageJa);
    o.messageEn = QString::fromStdString(e.messageEn);
    if (!e.detail.empty())
        qWarning("files: %s: %s", e.code.c_str(), e.detail.c_str());
}

} // namespace

BlobWorker::BlobWorker(QString replicaPath) : m_path(std::move(replicaPath)) {}
BlobWorker::~BlobWorker() = default;

bool BlobWorker::open(FilesOutcome &outcome)
{
    if (!m_replica) {
        auto opened = kyodo::Replica::open(m_path.toStdString());
        if (!opened) {
            setError(outcome, opened.error());
            return false;
        }
        m_replica = std::move(opened.value());
    }
    if (!m_blobs) {
        auto opened = kyodo::BlobStore::openBeside(m_path.toStdString());
        if (!opened) {
            setError(outcome, opened.error());
            return false;
        }
        m_blobs = std::move(opened.value());
    }
    return true;
}

void BlobWorker::run()
{
    FilesOutcome outcome;
    if (open(outcome)) {
        m_replica->forgetCachedSchemas();
        const auto session = m_replica->session();
        auto plan = kyodo::planBlobs(*m_replica, kyodo::todayInJapan());
        if (!session || session->token.empty()) {
            outcome.ok = true; // signed out: nothing to move
        } else if (!plan) {
            setError(outcome, plan.error());
        } else {
            kyodo::TransportOptions options;
            options.baseUrl = session->url;
            options.caFile = session->caFile;
            options.token = session->token;
            options.maxAttempts = 3;
            kyodo::Transport transport(options);
            // Several connections at once (BlobSyncOptions::kLanes): far faster to a server nearby.
            kyodo::BlobSyncOptions lanes{true, kyodo::BlobSyncOptions::kLanes, &m_stop};
            auto report = kyodo::BlobSync(*m_blobs, transport, lanes).run(*plan, [this](const kyodo::BlobProgress &p) {
                emit progress(QString::fromStdString(p.direction), QString::fromStdString(p.sha256), p.doneBytes,
                              p.totalBytes);
            });
            if (report) {
                outcome.ok = true;
                outcome.uploaded = report->uploaded;
                outcome.downloaded = report->downloaded;
                outcome.waiting = report->waiting;
                // A photo whose only copy is damaged here is said, every round.
                if (!report->damaged.empty())
                    setError(outcome, report->damaged.front());
                else if (report->serverFull) // the server's own words: its disk, records still sync
                    setError(outcome, *report->serverFull);
            } else {
                setError(outcome, report.error());
            }
        }
    }
    emit finished(outcome);
}

} // namespace Kyodo
