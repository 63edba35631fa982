// What the app's QML-made objects (the list, form, detail, conflict,
// attention and report models) share: made by QML, such an object finds the
// app in classBegin() through the engine that shows it (AppServices::of);
// made in C++ (a test), it is handed the app. Either way it calls attached()
// once, where it connects to the app's signals.
#pragma once

#include <QObject>
#include <QQmlParserStatus>

namespace Kyodo {

class AppServices;

class AppBound : public QQmlParserStatus {
public:
    void classBegin() override;
    void componentComplete() override {}

protected:
    // Keeps `app` (nullptr outside an engine that shows one) and, given one, calls attached().
    void bind(AppServices *app)
    {
        m_app = app;
        if (app)
            attached(*app);
    }
    virtual void attached(AppServices &app) = 0;

    AppServices *m_app = nullptr;
};

} // namespace Kyodo
