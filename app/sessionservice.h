// Who is signed in (singleton `Session` in module Kyodo.App): the user, their
// role and scopes, the server, the sign-in and sign-out, and why the device
// is empty when an administrator had it wiped. Read once per change of the
// stored session, not on every property read by QML.
#pragma once

#include "replica.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>

#include <optional>

namespace Kyodo {

class LocalStore;
class SyncController;

class SessionService : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Session)
    QML_SINGLETON
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY sessionChanged)
    Q_PROPERTY(bool hasAccount READ hasAccount NOTIFY sessionChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY sessionChanged)
    Q_PROPERTY(QString role READ role NOTIFY sessionChanged)
    Q_PROPERTY(QStringList scopes READ scopes NOTIFY sessionChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY sessionChanged)
    Q_PROPERTY(QString caFile READ caFile NOTIFY sessionChanged)
    // Why this device is empty, when an administrator had it wiped ("" otherwise).
    Q_PROPERTY(QString wipeNotice READ wipeNotice NOTIFY sessionChanged)
    // What the sign-in page offers before the first sign-in (--server, --ca).
    Q_PROPERTY(QString suggestedServer READ suggestedServer CONSTANT)
    Q_PROPERTY(QString suggestedCa READ suggestedCa CONSTANT)
public:
    SessionService(LocalStore &store, SyncController &sync, QObject *parent = nullptr);
    // The session of the app the engine shows (AppServices::attachTo).
    static SessionService *create(QQmlEngine *engine, QJSEngine *);

    void setSuggestedServer(const QString &url, const QString &caFile)
    {
        m_suggestedServer = url;
        m_suggestedCa = caFile;
    }
    QString suggestedServer() const { return m_suggestedServer; }
    QString suggestedCa() const { return m_suggestedCa; }

    bool signedIn() const;
    bool hasAccount() const;
    QString userName() const;
    QString role() const;
    QStringList scopes() const;
    QString serverUrl() const;
    QString caFile() const;
    QString wipeNotice() const;
    // A scope granted for reading only: its records are shown, never offered for a change.
    Q_INVOKABLE bool readOnly(const QString &scope) const;
    // A role as people read it (職員, 伴走支援者 …); a role this app does not know, as the server named it.
    // Called from bindings that also hold a qsTr(), so that a change of language re-reads it.
    Q_INVOKABLE QString roleName(const QString &role) const;

    Q_INVOKABLE void signIn(const QString &url, const QString &caFile, const QString &user, const QString &password);
    Q_INVOKABLE void signOut();

signals:
    void sessionChanged();
    // Signed in or out, another user, or scopes granted or taken away: what
    // the user may see has changed (the side bar is rebuilt).
    void accessChanged();
    void signInFinished(bool ok, const QString &message);

private:
    LocalStore &m_store;
    SyncController &m_sync;
    std::optional<kyodo::Session> m_session;
    QString m_suggestedServer, m_suggestedCa;
};

} // namespace Kyodo
