// How the app reads (singleton `Preferences` in module Kyodo.App): the
// language and the text size the user chose, kept on the device, and what
// follows from them on screen: the separator between parts of a line and
// how a moment is written.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>

class QTranslator;

namespace Kyodo {

class LocalStore;

class Preferences : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    // Type size of the whole app in pixels (15 by default).
    Q_PROPERTY(int textSize READ textSize WRITE setTextSize NOTIFY textSizeChanged)
    // What joins the parts of a line on screen in the chosen language (・ or " · ").
    Q_PROPERTY(QString separator READ separator NOTIFY languageChanged)
    // The long side photos are made no longer than when attached (2048 px by default).
    Q_PROPERTY(int photoLongSide READ photoLongSide WRITE setPhotoLongSide NOTIFY photoLongSideChanged)
public:
    explicit Preferences(LocalStore &store, QObject *parent = nullptr);
    // The preferences of the app the engine shows (AppServices::attachTo).
    static Preferences *create(QQmlEngine *engine, QJSEngine *);

    // English translations of the app and of each plugin, installed while English is chosen.
    void addEnglishTranslator(QTranslator *english) { m_english << english; }
    // An engine showing the app: retranslated on a language switch.
    void addEngine(QQmlEngine &engine) { m_engines << &engine; }

    QString language() const;
    void setLanguage(const QString &code);
    int textSize();
    void setTextSize(int pixels);
    QString separator() const;
    int photoLongSide();
    void setPhotoLongSide(int pixels);

    // A moment as people read it: 2026年11月30日（月） 14:30 / Mon 30 Nov 2026 14:30,
    // in this device's time zone; a date alone without the time.
    Q_INVOKABLE QString displayDateTime(const QString &iso) const;

signals:
    void languageChanged();
    void textSizeChanged();
    void photoLongSideChanged();

private:
    LocalStore &m_store;
    QList<QTranslator *> m_english;
    QList<QPointer<QQmlEngine>> m_engines;
};

} // namespace Kyodo
