#include "sessionservice.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "synccontroller.h"

#include <QSysInfo>

#include <algorithm>
#include <tuple>

namespace Kyodo {

SessionService::SessionService(LocalStore &store, SyncController &sync, QObject *parent)
    : QObject(parent), m_store(store), m_sync(sync), m_session(store.replica().session())
{
    connect(&store, &LocalStore::sessionChanged, this, [this] {
        const auto access = [this] {
            return std::make_tuple(signedIn(), m_session ? m_session->scopes : std::vector<std::string>{},
                                   m_session ? m_session->readOnlyScopes : std::vector<std::string>{});
        };
        const auto before = access();
        m_session = m_store.replica().session();
        emit sessionChanged();
        if (access() != before)
            emit accessChanged();
    });
    connect(&sync, &SyncController::signInFinished, this, &SessionService::signInFinished);
}

SessionService *SessionService::create(QQmlEngine *engine, QJSEngine *)
{
    return partOfApp(engine, &AppServices::session);
}

bool SessionService::signedIn() const { return m_session && !m_session->token.empty(); }

bool SessionService::hasAccount() const { return m_session.has_value(); }

QString SessionService::userName() const { return m_session ? fromStd(m_session->user) : QString(); }

QString SessionService::role() const { return m_session ? fromStd(m_session->role) : QString(); }

QString SessionService::roleName(const QString &role) const
{
    if (role == QLatin1String("staff"))
        return localized(QStringLiteral("職員"), QStringLiteral("Staff"));
    if (role == QLatin1String("supporter"))
        return localized(QStringLiteral("伴走支援者"), QStringLiteral("Supporter"));
    if (role == QLatin1String("committee"))
        return localized(QStringLiteral("委員"), QStringLiteral("Committee member"));
    if (role == QLatin1String("admin"))
        return localized(QStringLiteral("管理者"), QStringLiteral("Administrator"));
    return role;
}

QStringList SessionService::scopes() const
{
    QStringList out;
    if (m_session)
        for (const auto &scope : m_session->scopes)
            out << fromStd(scope);
    return out;
}

bool SessionService::readOnly(const QString &scope) const
{
    if (!m_session)
        return false;
    const auto &ro = m_session->readOnlyScopes;
    return std::find(ro.begin(), ro.end(), scope.toStdString()) != ro.end();
}

QString SessionService::serverUrl() const { return m_session ? fromStd(m_session->url) : QString(); }

QString SessionService::caFile() const { return m_session ? fromStd(m_session->caFile) : QString(); }

QString SessionService::wipeNotice() const
{
    auto notice = m_store.replica().wipeNotice();
    if (!notice)
        return {};
    // When it happened as every other time on screen reads (local time, 曜日), not the stored UTC text.
    return localized(fromStd(notice->messageJa), fromStd(notice->messageEn)) + QStringLiteral("（") +
           displayDateTime(fromStd(notice->at)) + QStringLiteral("）");
}

void SessionService::signIn(const QString &url, const QString &caFile, const QString &user, const QString &password)
{
    const QString device = QSysInfo::machineHostName() + QStringLiteral(" (kyodo)");
    m_sync.signIn(url.trimmed(), caFile.trimmed(), user.trimmed(), password, device);
}

void SessionService::signOut()
{
    auto s = m_store.replica().session();
    if (!s || s->token.empty())
        return;
    const std::string token = s->token;
    s->token.clear();
    s->expiresAt = s->renewAfter = 0;
    (void)m_store.replica().saveSession(*s);
    m_store.notifySessionChanged();
    // Forgotten here at once; ended on the server in the background.
    m_sync.endToken(fromStd(s->url), fromStd(s->caFile), fromStd(token));
}

} // namespace Kyodo
