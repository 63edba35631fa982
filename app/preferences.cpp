#include "preferences.h"

#include "appservices.h"
#include "fieldformat.h"
#include "language.h"
#include "localstore.h"
#include "photoprep.h"

#include <QCoreApplication>
#include <QTranslator>

#include <algorithm>

namespace Kyodo {

Preferences::Preferences(LocalStore &store, QObject *parent) : QObject(parent), m_store(store) {}

Preferences *Preferences::create(QQmlEngine *engine, QJSEngine *)
{
    return partOfApp(engine, &AppServices::preferences);
}

QString Preferences::language() const { return languageCode(currentLanguage()); }

void Preferences::setLanguage(const QString &code)
{
    const Language wanted = code == QLatin1String("en") ? Language::English : Language::Japanese;
    if (wanted == currentLanguage())
        return;
    setCurrentLanguage(wanted);
    for (QTranslator *english : std::as_const(m_english)) {
        if (wanted == Language::English)
            QCoreApplication::installTranslator(english);
        else
            QCoreApplication::removeTranslator(english);
    }
    emit languageChanged(); // the side bar's labels first (AppServices), then the screens
    for (const QPointer<QQmlEngine> &engine : std::as_const(m_engines))
        if (engine)
            engine->retranslate(); // every qsTr() binding re-reads its text
    m_store.notifyChanged();       // lists re-read their labels
}

int Preferences::textSize()
{
    const int kept = QString::fromStdString(m_store.replica().appSetting("text_size")).toInt();
    return kept >= 12 && kept <= 32 ? kept : 15;
}

void Preferences::setTextSize(int pixels)
{
    pixels = std::clamp(pixels, 12, 32);
    if (pixels == textSize())
        return;
    (void)m_store.replica().setAppSetting("text_size", std::to_string(pixels)); // a preference: unsaved is no loss
    emit textSizeChanged();
}

int Preferences::photoLongSide()
{
    const int kept = QString::fromStdString(m_store.replica().appSetting("photo_long_side")).toInt();
    return kept >= 640 && kept <= 8192 ? kept : kDefaultPhotoLongSide;
}

void Preferences::setPhotoLongSide(int pixels)
{
    pixels = std::clamp(pixels, 640, 8192);
    if (pixels == photoLongSide())
        return;
    (void)m_store.replica().setAppSetting("photo_long_side", std::to_string(pixels));
    emit photoLongSideChanged();
}

QString Preferences::separator() const { return listSeparator(); }

QString Preferences::displayDateTime(const QString &iso) const { return Kyodo::displayDateTime(iso); }

} // namespace Kyodo
