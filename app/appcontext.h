// The PluginContext the app hands to each plugin: the signed-in user, their
// scopes, and the records of the device replica through the GUI thread's
// connection.
#pragma once

#include "pluginapi/plugincontext.h"

namespace Kyodo {

class AppServices;

class AppContext final : public PluginContext {
public:
    explicit AppContext(AppServices &app) : m_app(app) {}

    QString currentUser() const override;
    QString role() const override;
    QStringList scopes() const override;
    QVariantList records(const QString &type, const QString &scope) const override;
    QVariantMap record(const QString &id) const override;
    SaveOutcome createRecord(const QString &type, const QString &scope, const QVariantMap &fields) override;
    SaveOutcome editRecord(const QString &id, const QVariantMap &fields) override;
    QStringList reportIds() const override;
    QVariantMap runReport(const QString &id, int fromFiscalYear, int toFiscalYear) const override;

private:
    AppServices &m_app;
};

} // namespace Kyodo
