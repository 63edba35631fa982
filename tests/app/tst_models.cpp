// The QML-facing models over a real replica: the lazy record list, the
// schema-driven form with drafts, needs-attention, the sync controller
// offline, and the wareki/yen formatting the screens use.
#include "appfixture.h"
#include "appservices.h"
#include "attachmentlistmodel.h"
#include "attentionmodel.h"
#include "blobimageprovider.h"
#include "blobstore.h"
#include "fieldformat.h"
#include "photoprep.h"
#include "recorddetail.h"
#include "recordform.h"
#include "recordlistmodel.h"
#include "synccontroller.h"
#include "textdiff.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QQmlComponent>
#include <QSignalSpy>

using namespace Kyodo;
using kyodo::json;

class TestModels : public QObject {
    Q_OBJECT
    std::unique_ptr<test::AppFixture> m_app;

    void addConsultations(int n, const std::string &scope, const std::string &when, const std::string &party)
    {
        std::vector<kyodo::Replica::NewRecord> batch;
        for (int i = 0; i < n; ++i)
            batch.push_back({{},
                             "ward_centers.consultation",
                             scope,
                             json{{"received_at", when},
                                  {"channel", "visit"},
                                  {"party", party + std::to_string(i)},
                                  {"category", "startup"},
                                  {"summary", "会則の作り方を説明した"}}});
        QVERIFY(m_app->replica().createMany(batch).ok());
        m_app->root->store().notifyChanged();
    }

    // A camera photo of 4000 × 3000 with EXIF that says where it was taken
    // (GPSLatitudeRef "N" in a GPS IFD), as a phone writes it.
    static QByteArray photoWithGps(int width = 4000, int height = 3000)
    {
        QImage image(width, height, QImage::Format_RGB32);
        image.fill(QColor("#4a7fb0"));
        QPainter(&image).fillRect(0, 0, width / 2, height / 2, QColor("#e0a030"));
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "JPEG", 80);
        // TIFF, big-endian: IFD0 with one entry, GPSInfo → the GPS IFD at 26.
        const QByteArray tiff = QByteArray("MM\x00\x2a\x00\x00\x00\x08", 8) +
                                QByteArray("\x00\x01\x88\x25\x00\x04\x00\x00\x00\x01\x00\x00\x00\x1a", 14) +
                                QByteArray("\x00\x00\x00\x00", 4) +
                                QByteArray("\x00\x01\x00\x01\x00\x02\x00\x00\x00\x02N\x00\x00\x00", 14) +
                                QByteArray("\x00\x00\x00\x00", 4);
        const QByteArray exif = QByteArray("Exif\x00\x00", 6) + tiff;
        const int length = exif.size() + 2;
        QByteArray app1("\xff\xe1", 2);
        app1.append(char(length >> 8)).append(char(length & 0xff)).append(exif);
        return jpeg.left(2) + app1 + jpeg.mid(2);
    }
    static QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes)
    {
        const QString path = dir + QLatin1Char('/') + name;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    // A strip of a visit note's photos not saved yet (quick entry, a new form).
    static void stageVisitNotePhotos(AttachmentListModel &files)
    {
        files.setRecordType(QStringLiteral("accompaniment.visit_note"));
        files.setField(QStringLiteral("photos"));
        files.setStaging(true);
    }
    std::string newVisitNote()
    {
        auto id = m_app->replica().create("accompaniment.visit_note", "group:nohara",
                                          json{{"visited_at", "2026-05-01T10:00"},
                                               {"group_name", "野原の会"},
                                               {"supporter", "yamada"},
                                               {"summary", "会計の相談"}});
        if (!id)
            qFatal("create: %s", id.error().text().c_str());
        m_app->root->store().notifyChanged();
        return *id;
    }

private slots:
    void init()
    {
        m_app = std::make_unique<test::AppFixture>();
        m_app->signedInOffline();
    }
    void cleanup() { m_app.reset(); }

    void listPassesTheModelTesterAndLoadsLazily()
    {
        addConsultations(1000, "ward:naka", "2024-05-01T10:00", "中区の会");
        RecordListModel model(m_app->root->app());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecordType(QStringLiteral("ward_centers.consultation"));
        model.reload();
        QCOMPARE(model.rowCount(), 1000);
        QVERIFY(model.cachedPages() <= 1); // only what the model tester looked at
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(!model.data(model.index(row), RecordListModel::TitleRole).toString().isEmpty());
        QVERIFY(model.cachedPages() <= int(RecordListModel::kPagesKept));
        const QModelIndex last = model.index(999);
        QVERIFY(model.data(last, RecordListModel::SubtitleRole).toString().contains(QStringLiteral("中区の会")));
        QCOMPARE(model.data(last, RecordListModel::ReceiptRole).toString(), QStringLiteral("saved"));
        QCOMPARE(model.data(last, RecordListModel::ScopeLabelRole).toString(), QStringLiteral("中区"));
    }

    void listFiltersByWardFiscalYearAndSearch()
    {
        addConsultations(3, "ward:naka", "2024-03-31T17:00", "年度末の会");   // FY2023
        addConsultations(2, "ward:kohoku", "2024-04-01T09:00", "新年度の会"); // FY2024
        RecordListModel model(m_app->root->app());
        model.setRecordType(QStringLiteral("ward_centers.consultation"));
        model.reload();
        QCOMPARE(model.rowCount(), 5);
        model.setScope(QStringLiteral("ward:kohoku"));
        model.reload();
        QCOMPARE(model.rowCount(), 2);
        model.setScope(QString());
        model.setFiscalYear(2023);
        model.reload();
        QCOMPARE(model.rowCount(), 3);
        model.setFiscalYear(0);
        model.setSearch(QStringLiteral("新年度"));
        model.reload();
        QCOMPARE(model.rowCount(), 2);
        model.setSearch(QStringLiteral("received_at")); // a key, not a value: no match
        model.reload();
        QCOMPARE(model.rowCount(), 0);
    }

    void listSortsByAColumn()
    {
        addConsultations(1, "ward:naka", "2024-05-01T10:00", "B");
        addConsultations(1, "ward:naka", "2024-05-02T10:00", "A");
        addConsultations(1, "ward:naka", "2024-05-03T10:00", "C");
        RecordListModel model(m_app->root->app());
        model.setRecordType(QStringLiteral("ward_centers.consultation"));
        model.setSortField(QStringLiteral("party"));
        model.reload();
        QCOMPARE(
            model.data(model.index(0), RecordListModel::SubtitleRole).toString().section(QStringLiteral("・"), 1, 1),
            QStringLiteral("A0"));
        model.setDescending(true);
        model.reload();
        QCOMPARE(
            model.data(model.index(0), RecordListModel::SubtitleRole).toString().section(QStringLiteral("・"), 1, 1),
            QStringLiteral("C0"));
    }

    void listReloadsAfterASave()
    {
        RecordListModel model(m_app->root->app());
        model.setRecordType(QStringLiteral("ward_centers.consultation"));
        model.reload();
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        addConsultations(1, "ward:naka", "2024-05-01T10:00", "会");
        QVERIFY(reset.wait(2000));
        QCOMPARE(model.rowCount(), 1);
    }

    void listRefreshesChangedRowsInPlaceAndNamesWhatAYesMeans()
    {
        QVERIFY(m_app->replica()
                    .createMany({{{}, "training.course", "city", json{{"name", "協働入門研修"}, {"mandatory", true}}},
                                 {{}, "training.course", "city", json{{"name", "eラーニング"}, {"mandatory", false}}}})
                    .ok());
        RecordListModel model(m_app->root->app());
        model.setRecordType(QStringLiteral("training.course"));
        model.setSortField(QStringLiteral("name"));
        model.reload();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0), RecordListModel::SubtitleRole).toString(), QString()); // no: nothing to say
        QCOMPARE(model.data(model.index(1), RecordListModel::SubtitleRole).toString(), QStringLiteral("必須研修"));

        // A change to a row's fields refreshes it where it is: views keep their delegates.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(m_app->replica().edit(model.idAt(0).toStdString(), json{{"mandatory", true}}).ok());
        m_app->root->store().notifyChanged();
        QVERIFY(changed.wait(2000));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.data(model.index(0), RecordListModel::SubtitleRole).toString(), QStringLiteral("必須研修"));
    }

    void formValidatesEachFieldLikeTheEngine_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("message");
        const QString c = QStringLiteral("ward_centers.consultation"), a = QStringLiteral("ward_centers.activity");
        QTest::newRow("required text empty") << c << "party" << QVariant("  ") << false << "必須";
        QTest::newRow("text ok") << c << "party" << QVariant("港北まちづくりの会") << true << "";
        QTest::newRow("text too long") << c << "party" << QVariant(QString(201, QChar(0x3042))) << false << "200";
        QTest::newRow("unknown choice") << c << "channel" << QVariant("fax") << false << "";
        QTest::newRow("bad datetime") << c << "received_at" << QVariant("2024-13-01T10:00") << false << "日時";
        QTest::newRow("datetime ok") << c << "received_at" << QVariant("2024-04-01T10:00") << true << "";
        QTest::newRow("yen with separators") << a << "cost" << QVariant("12,000") << true << "";
        QTest::newRow("yen full-width") << a << "cost" << QVariant("１２０００") << true << "";
        QTest::newRow("yen not a number") << a << "cost" << QVariant("千円") << false << "円";
        QTest::newRow("int below min") << a << "participants" << QVariant("-1") << false << "";
    }

    void formValidatesEachFieldLikeTheEngine()
    {
        QFETCH(QString, type);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QFETCH(bool, ok);
        QFETCH(QString, message);
        RecordForm form(m_app->root->app());
        form.setRecordType(type);
        QVERIFY(form.rowCount() > 0);
        QCOMPARE(form.setValue(key, value), ok);
        QCOMPARE(form.fieldError(key).isEmpty(), ok);
        if (!message.isEmpty())
            QVERIFY2(form.fieldError(key).contains(message), qPrintable(form.fieldError(key)));
    }

    void formRefusesToSaveAndLosesNothing()
    {
        RecordForm form(m_app->root->app());
        form.setRecordType(QStringLiteral("ward_centers.consultation"));
        form.setScope(QStringLiteral("ward:naka"));
        form.setValue(QStringLiteral("summary"), QStringLiteral("大切なメモ"));
        QVERIFY(!form.save());
        QVERIFY(!form.errorText().isEmpty());
        QVERIFY(!form.fieldError(QStringLiteral("party")).isEmpty());
        QCOMPARE(form.value(QStringLiteral("summary")).toString(), QStringLiteral("大切なメモ"));
        QCOMPARE(m_app->replica().pendingCount().value(), 0);
    }

    void formSavesANewRecordThenOnlyTheChangedFields()
    {
        RecordForm form(m_app->root->app());
        QSignalSpy saved(&form, &RecordForm::saved);
        form.setRecordType(QStringLiteral("ward_centers.consultation"));
        form.setScope(QStringLiteral("ward:kohoku"));
        form.setValue(QStringLiteral("received_at"), QStringLiteral("2024-06-01T10:30"));
        form.setValue(QStringLiteral("channel"), QStringLiteral("phone"));
        form.setValue(QStringLiteral("party"), QStringLiteral("港北まちづくりの会"));
        form.setValue(QStringLiteral("category"), QStringLiteral("funding"));
        QVERIFY2(form.save(), qPrintable(form.errorText()));
        QCOMPARE(saved.count(), 1);
        const QString id = saved.at(0).at(0).toString();
        auto record = m_app->replica().get(id.toStdString());
        QVERIFY(record.ok() && record->has_value());
        QCOMPARE((*record)->fields["party"].get<std::string>(), std::string("港北まちづくりの会"));
        QCOMPARE((*record)->scope, std::string("ward:kohoku"));

        RecordForm edit(m_app->root->app());
        edit.setRecordType(QStringLiteral("ward_centers.consultation"));
        edit.setRecordId(id);
        QCOMPARE(edit.value(QStringLiteral("channel")).toString(), QStringLiteral("phone"));
        edit.setValue(QStringLiteral("summary"), QStringLiteral("助成金の申請方法を説明"));
        QVERIFY2(edit.save(), qPrintable(edit.errorText()));
        auto history = m_app->replica().history(id.toStdString());
        QCOMPARE(history->size(), size_t(2));
        QCOMPARE(history->back().mutation.fields, json({{"summary", "助成金の申請方法を説明"}}));
    }

    void draftIsKeptAsTheUserTypesAndOfferedAgain()
    {
        {
            RecordForm form(m_app->root->app());
            form.setRecordType(QStringLiteral("ward_centers.consultation"));
            form.setScope(QStringLiteral("ward:naka"));
            form.setValue(QStringLiteral("party"), QStringLiteral("途中まで入力した団体"));
            // The form goes away without saving, as when the app is closed or crashes.
        }
        RecordForm reopened(m_app->root->app());
        reopened.setRecordType(QStringLiteral("ward_centers.consultation"));
        QVERIFY(reopened.draftAvailable());
        QVERIFY(reopened.value(QStringLiteral("party")).toString().isEmpty());
        reopened.continueDraft();
        QCOMPARE(reopened.value(QStringLiteral("party")).toString(), QStringLiteral("途中まで入力した団体"));
        QCOMPARE(reopened.scope(), QStringLiteral("ward:naka"));
        reopened.discardDraft();
        QVERIFY(!reopened.draftAvailable());
        QVERIFY(m_app->replica().drafts()->empty());
    }

    void attentionShowsTheServersReasonAndResends()
    {
        auto id = m_app->replica().create(
            "ward_centers.consultation", "ward:naka",
            json{{"received_at", "2024-06-01T10:00"}, {"channel", "visit"}, {"party", "会"}, {"category", "startup"}});
        QVERIFY(id.ok());
        // What the sync engine records when the server answers "rejected".
        auto outbox = m_app->replica().outbox(false);
        const std::int64_t cseq = outbox->front().mutation.cseq;
        QVERIFY(m_app->replica().markSent({cseq}).ok());
        kyodo::MutationResult rejected;
        rejected.cseq = cseq;
        rejected.outcome = kyodo::Outcome::Rejected;
        rejected.code = "forbidden_scope";
        rejected.messageJa = "この区に書き込む権限がありません";
        rejected.messageEn = "You may not write to this ward";
        QVERIFY(m_app->replica().recordResults({rejected}).ok());
        m_app->root->store().notifyChanged();

        AttentionModel model(m_app->root->app());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0), AttentionModel::ReasonRole).toString(),
                 QStringLiteral("この区に書き込む権限がありません"));
        QVERIFY(model.data(model.index(0), AttentionModel::SummaryRole).toString().contains(QStringLiteral("会")));
        QCOMPARE(m_app->root->app().attentionCount(), 1);
        // Each value reads as the record shows it, and is fixed with its own kind of control.
        QVariantMap byKey;
        for (const QVariant &f : model.data(model.index(0), AttentionModel::FieldsRole).toList())
            byKey.insert(f.toMap().value(QStringLiteral("key")).toString(), f);
        const QVariantMap channel = byKey.value(QStringLiteral("channel")).toMap();
        QCOMPARE(channel.value(QStringLiteral("display")).toString(), QStringLiteral("来所"));
        QCOMPARE(channel.value(QStringLiteral("value")).toString(), QStringLiteral("visit"));
        QCOMPARE(channel.value(QStringLiteral("type")).toString(), QStringLiteral("enum"));
        QVERIFY(channel.value(QStringLiteral("options")).toList().size() > 1);
        QCOMPARE(byKey.value(QStringLiteral("category")).toMap().value(QStringLiteral("display")).toString(),
                 QStringLiteral("立上げ"));
        QVERIFY(byKey.value(QStringLiteral("received_at"))
                    .toMap()
                    .value(QStringLiteral("display"))
                    .toString()
                    .startsWith(QStringLiteral("2024年6月1日")));
        QVERIFY2(model.resend(0, {{QStringLiteral("party"), QStringLiteral("直した団体名")}}),
                 qPrintable(model.lastError()));
        QCOMPARE(model.rowCount(), 0);
        auto entry = m_app->replica().outbox(false)->back();
        QVERIFY(entry.state == kyodo::OutboxState::Saved);
        QCOMPARE(entry.mutation.fields["party"].get<std::string>(), std::string("直した団体名"));
    }

    void syncWithoutANetworkSaysSoAndKeepsTheChange()
    {
        addConsultations(1, "ward:naka", "2024-05-01T10:00", "会");
        SyncController &sync = m_app->root->sync();
        QSignalSpy finished(&sync, &SyncController::syncFinished);
        sync.syncNow();
        QVERIFY(sync.syncing());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(!sync.online());
        QVERIFY2(sync.lastError().contains(QStringLiteral("接続できません")), qPrintable(sync.lastError()));
        QCOMPARE(sync.pendingCount(), 1);
    }

    // Started with automatic sync off (--no-auto-sync, the tests), an app
    // that was online last time and holds unsent changes sends nothing by
    // itself: only 同期 does.
    void withAutoSyncOffARestartSendsNothingByItself()
    {
        addConsultations(2, "ward:naka", "2024-05-01T10:00", "会");
        QVERIFY(m_app->replica().setAppSetting("last_online", "1").ok());
        m_app->restart();
        SyncController &sync = m_app->root->sync();
        QVERIFY(!sync.autoSync());
        QSignalSpy finished(&sync, &SyncController::syncFinished);
        QTest::qWait(SyncController::kAfterSaveMs + 1000);
        QVERIFY(!sync.syncing());
        QCOMPARE(finished.count(), 0);
        QCOMPARE(sync.pendingCount(), 2);
    }

    void aRestartWithoutANetworkStaysSignedInWithEverything()
    {
        addConsultations(3, "ward:naka", "2024-05-01T10:00", "会");
        m_app->restart();
        QVERIFY(m_app->root->app().session().signedIn());
        QCOMPARE(m_app->root->app().session().userName(), QStringLiteral("sato"));
        QCOMPARE(m_app->root->sync().pendingCount(), 3);
        RecordListModel model(m_app->root->app());
        model.setRecordType(QStringLiteral("ward_centers.consultation"));
        model.reload();
        QCOMPARE(model.rowCount(), 3);
        RecordForm form(m_app->root->app());
        form.setRecordType(QStringLiteral("ward_centers.consultation"));
        form.setScope(QStringLiteral("ward:naka"));
        form.setValue(QStringLiteral("received_at"), QStringLiteral("2024-06-01T10:30"));
        form.setValue(QStringLiteral("channel"), QStringLiteral("visit"));
        form.setValue(QStringLiteral("party"), QStringLiteral("再起動後の相談"));
        form.setValue(QStringLiteral("category"), QStringLiteral("venue"));
        QVERIFY2(form.save(), qPrintable(form.errorText()));
        QCOMPARE(m_app->root->sync().pendingCount(), 4);
    }

    void aWipeNoticeSaysWhenInLocalTime()
    {
        // The replica keeps when it was wiped in UTC; the sign-in page says it
        // as every other time on screen reads (Asia/Tokyo in the tests).
        const kyodo::WipeNotice notice{"2026-11-30T16:30:00Z", "管理者の指示により消去しました",
                                       "Deleted on the administrator's order"};
        QVERIFY(m_app->replica().wipe(notice).ok());
        const QString text = m_app->root->app().session().wipeNotice();
        QVERIFY2(text.contains(QStringLiteral("01:30")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("12月1日")) || text.contains(QStringLiteral("1 Dec 2026")),
                 qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("16:30")), qPrintable(text));
    }

    void aScopeGrantedForReadingOnlyIsShownButNeverOfferedForAChange()
    {
        addConsultations(2, "ward:nishi", "2024-05-01T10:00", "西区の会");
        m_app->signedInOffline({"ward:naka"}, {"ward:nishi"});
        AppServices &app = m_app->root->app();
        QVERIFY(app.session().readOnly(QStringLiteral("ward:nishi")));
        QVERIFY(!app.session().readOnly(QStringLiteral("ward:naka")));
        // The form offers only the ward one may write.
        const QVariantList offered = app.records().scopesFor(QStringLiteral("ward_centers.consultation"));
        QCOMPARE(offered.size(), 1);
        QCOMPARE(offered.first().toMap().value(QStringLiteral("scope")).toString(), QStringLiteral("ward:naka"));
        // The records are listed; their detail says they cannot be changed.
        RecordListModel list(app);
        list.setRecordType(QStringLiteral("ward_centers.consultation"));
        list.reload();
        QCOMPARE(list.rowCount(), 2);
        RecordDetail detail(app);
        detail.setRecordId(list.idAt(0));
        QVERIFY(detail.exists());
        QVERIFY(detail.readOnly());
        QVERIFY(!detail.remove());
        QVERIFY2(detail.lastError().contains(QStringLiteral("閲覧のみ")), qPrintable(detail.lastError()));
        const QVariantMap edited =
            app.records().editRecord(list.idAt(0), {{QStringLiteral("party"), QStringLiteral("x")}});
        QVERIFY(edited.value(QStringLiteral("error")).toString().contains(QStringLiteral("閲覧のみ")));
    }

    void pagesSaveAndEditWithTheirOwnLayoutAndFilterByAField()
    {
        // What the meeting mode does: agenda items of one meeting, marked discussed.
        m_app->signedInOffline({"committee"});
        AppServices &app = m_app->root->app();
        // Two meetings by reference (their ids), not by their titles.
        const QString sixth = QStringLiteral("0190a000-0000-7000-8000-000000000006"),
                      seventh = QStringLiteral("0190a000-0000-7000-8000-000000000007");
        for (const QString &meeting : {sixth, sixth, seventh}) {
            const QVariantMap made =
                app.records().createRecord(QStringLiteral("committee.agenda_item"), QStringLiteral("committee"),
                                           {{QStringLiteral("meeting"), meeting},
                                            {QStringLiteral("kind"), QStringLiteral("協議事項")},
                                            {QStringLiteral("subject"), QStringLiteral("市民協働推進センターの機能")},
                                            {QStringLiteral("order"), QStringLiteral("1")},
                                            {QStringLiteral("decision"), QString()}});
            QVERIFY2(made.contains(QStringLiteral("id")), qPrintable(made.value(QStringLiteral("error")).toString()));
        }
        RecordListModel agenda(m_app->root->app());
        agenda.setRecordType(QStringLiteral("committee.agenda_item"));
        agenda.setFilterField(QStringLiteral("meeting"));
        agenda.setFilterValue(sixth);
        agenda.reload();
        QCOMPARE(agenda.rowCount(), 2);
        const QVariantMap values = agenda.data(agenda.index(0), RecordListModel::ValuesRole).toMap();
        QCOMPARE(values.value(QStringLiteral("kind")).toString(), QStringLiteral("deliberation")); // typed by its label
        QVERIFY(!values.contains(QStringLiteral("decision")));                                     // empty: left out

        const QString id = agenda.idAt(0);
        QVariantMap edited = app.records().editRecord(id, {{QStringLiteral("discussed"), true}});
        QVERIFY2(edited.contains(QStringLiteral("id")), qPrintable(edited.value(QStringLiteral("error")).toString()));
        QCOMPARE(m_app->replica().get(id.toStdString())->value().fields["discussed"], json(true));
        edited = app.records().editRecord(id, {{QStringLiteral("kind"), QStringLiteral("votes")}});
        QVERIFY(edited.value(QStringLiteral("error")).toString().contains(QStringLiteral("区分")));
        QVERIFY(app.records()
                    .createRecord(QStringLiteral("committee.agenda_item"), QStringLiteral("ward:naka"), {})
                    .contains(QStringLiteral("error")));
    }

    // A reference is picked by the title of the record it points to (issue 15):
    // the form offers the visit notes on the device, and saves the id.
    void aReferenceIsPickedByTheTitleOfItsRecord()
    {
        m_app->signedInOffline({"group:nohara"});
        AppServices &app = m_app->root->app();
        const QString note =
            app.records()
                .createRecord(QStringLiteral("accompaniment.visit_note"), QStringLiteral("group:nohara"),
                              {{QStringLiteral("visited_at"), QStringLiteral("2026-11-27T10:00")},
                               {QStringLiteral("group_name"), QStringLiteral("のはら子育てひろば")},
                               {QStringLiteral("supporter"), QStringLiteral("山田")},
                               {QStringLiteral("summary"), QStringLiteral("ニーズ調査の進め方を相談")}})
                .value(QStringLiteral("id"))
                .toString();
        QVERIFY(!note.isEmpty());
        RecordForm form(app);
        form.setRecordType(QStringLiteral("accompaniment.follow_up"));
        form.setScope(QStringLiteral("group:nohara"));
        int row = -1;
        for (int i = 0; i < form.rowCount(); ++i)
            if (form.data(form.index(i), RecordForm::KeyRole).toString() == QLatin1String("visit"))
                row = i;
        QVERIFY(row >= 0);
        QCOMPARE(form.data(form.index(row), RecordForm::FieldTypeRole).toString(), QStringLiteral("ref"));
        const QVariantList options = form.data(form.index(row), RecordForm::OptionsRole).toList();
        QCOMPARE(options.size(), 1);
        QCOMPARE(options.at(0).toMap().value(QStringLiteral("value")).toString(), note);
        QVERIFY2(options.at(0).toMap().value(QStringLiteral("label")).toString().contains(QStringLiteral("ニーズ調査")),
                 qPrintable(options.at(0).toMap().value(QStringLiteral("label")).toString()));

        // A contract's title is its project: the list names the project, not its id.
        m_app->signedInOffline({"city"});
        const QString project =
            app.records()
                .createRecord(QStringLiteral("collaboration.project"), QStringLiteral("city"),
                              {{QStringLiteral("fiscal_year"), 2018},
                               {QStringLiteral("name"), QStringLiteral("里山保全協働事業")},
                               {QStringLiteral("department"), QStringLiteral("環境創造局")},
                               {QStringLiteral("partner"), QStringLiteral("NPO法人よこはま里山ネット")},
                               {QStringLiteral("origin"), QStringLiteral("citizen")},
                               {QStringLiteral("continuation"), QStringLiteral("new")}})
                .value(QStringLiteral("id"))
                .toString();
        QVERIFY(!project.isEmpty());
        const QVariantMap contract =
            app.records().createRecord(QStringLiteral("collaboration.contract"), QStringLiteral("city"),
                                       {{QStringLiteral("project"), project},
                                        {QStringLiteral("fiscal_year"), 2018},
                                        {QStringLiteral("template"), QStringLiteral("cohost")},
                                        {QStringLiteral("partner"), QStringLiteral("NPO法人よこはま里山ネット")},
                                        {QStringLiteral("origin"), QStringLiteral("citizen")},
                                        {QStringLiteral("signed_on"), QStringLiteral("2018-05-10")},
                                        {QStringLiteral("status"), QStringLiteral("signed")}});
        QVERIFY2(contract.contains(QStringLiteral("id")),
                 qPrintable(contract.value(QStringLiteral("error")).toString()));
        RecordListModel contracts(app);
        contracts.setRecordType(QStringLiteral("collaboration.contract"));
        contracts.reload();
        QCOMPARE(contracts.rowCount(), 1);
        QCOMPARE(contracts.data(contracts.index(0), RecordListModel::TitleRole).toString(),
                 QStringLiteral("里山保全協働事業"));
    }

    void meetingModeShowsOneMeetingsAgendaAndMarksItemsDiscussed()
    {
        m_app->signedInOffline({"committee"});
        AppServices &app = m_app->root->app();
        const QString meeting = app.records()
                                    .createRecord(QStringLiteral("committee.meeting"), QStringLiteral("committee"),
                                                  {{QStringLiteral("term"), 3},
                                                   {QStringLiteral("number"), 6},
                                                   {QStringLiteral("title"), QStringLiteral("第3期第6回")},
                                                   {QStringLiteral("held_on"), QStringLiteral("2018-06-25T14:00")},
                                                   {QStringLiteral("venue"), QStringLiteral("市庁舎会議室")},
                                                   {QStringLiteral("status"), QStringLiteral("held")}})
                                    .value(QStringLiteral("id"))
                                    .toString();
        QVERIFY(!meeting.isEmpty());
        for (int order : {2, 1})
            app.records().createRecord(
                QStringLiteral("committee.agenda_item"), QStringLiteral("committee"),
                {{QStringLiteral("meeting"), meeting},
                 {QStringLiteral("order"), order},
                 {QStringLiteral("kind"), order == 1 ? QStringLiteral("deliberation") : QStringLiteral("report")},
                 {QStringLiteral("subject"), QStringLiteral("議題%1").arg(order)}});
        app.records().createRecord(QStringLiteral("committee.attendance"), QStringLiteral("committee"),
                                   {{QStringLiteral("meeting"), meeting},
                                    {QStringLiteral("member"), QStringLiteral("委員A")},
                                    {QStringLiteral("present"), false}});

        QQmlComponent component(&m_app->root->engine(),
                                QUrl(QStringLiteral("qrc:/Kyodo/Committee/MeetingModePage.qml")));
        std::unique_ptr<QObject> page(
            component.createWithInitialProperties({{QStringLiteral("width"), 900}, {QStringLiteral("height"), 700}}));
        QVERIFY2(page, qPrintable(component.errorString()));
        auto *agenda = page->findChild<RecordListModel *>(QStringLiteral("agendaModel"));
        QVERIFY(agenda);
        QTRY_COMPARE(page->property("meetingId").toString(), meeting);
        QTRY_COMPARE(agenda->rowCount(), 2);
        QCOMPARE(agenda->data(agenda->index(0), RecordListModel::TitleRole).toString(),
                 QStringLiteral("議題1")); // in agenda order
        // What the "審議済み" switch does for the first item.
        const QString first = agenda->idAt(0);
        QVERIFY(app.records().editRecord(first, {{QStringLiteral("discussed"), true}}).contains(QStringLiteral("id")));
        QTRY_VERIFY(agenda->data(agenda->index(0), RecordListModel::ValuesRole)
                        .toMap()
                        .value(QStringLiteral("discussed"))
                        .toBool());
        auto *attendance = page->findChild<RecordListModel *>(QStringLiteral("attendanceModel"));
        QTRY_COMPARE(attendance->rowCount(), 1);
    }

    void followUpsDueListsOnlyOpenOnesSoonestFirst()
    {
        m_app->signedInOffline({"group:nohara"});
        AppServices &app = m_app->root->app();
        for (const auto &[due, status] :
             {std::pair{"2018-08-01", "open"}, {"2018-07-01", "open"}, {"2018-06-01", "done"}})
            QVERIFY(
                app.records()
                    .createRecord(QStringLiteral("accompaniment.follow_up"), QStringLiteral("group:nohara"),
                                  {{QStringLiteral("action"), QStringLiteral("連絡 %1").arg(QString::fromLatin1(due))},
                                   {QStringLiteral("due_on"), QString::fromLatin1(due)},
                                   {QStringLiteral("owner"), QStringLiteral("田中")},
                                   {QStringLiteral("status"), QString::fromLatin1(status)}})
                    .contains(QStringLiteral("id")));
        QQmlComponent component(&m_app->root->engine(),
                                QUrl(QStringLiteral("qrc:/Kyodo/Accompaniment/FollowUpsPage.qml")));
        std::unique_ptr<QObject> page(
            component.createWithInitialProperties({{QStringLiteral("width"), 900}, {QStringLiteral("height"), 700}}));
        QVERIFY2(page, qPrintable(component.errorString()));
        auto *open = page->findChild<RecordListModel *>(QStringLiteral("openFollowUps"));
        QTRY_COMPARE(open->rowCount(), 2);
        QCOMPARE(open->data(open->index(0), RecordListModel::TitleRole).toString(), QStringLiteral("連絡 2018-07-01"));
    }

    void aPhotoIsMadeSmallerWithoutItsLocationAndGetsAPreview()
    {
        m_app->signedInOffline({"group:nohara"});
        const std::string id = newVisitNote();
        const QString dir = QString::fromStdString(m_app->dir.path());
        const QByteArray original = photoWithGps();
        QVERIFY(original.contains("Exif"));
        const QString path = writeFile(dir, QStringLiteral("IMG_0001.JPG"), original);

        AttachmentListModel files(m_app->root->app());
        QAbstractItemModelTester tester(&files, QAbstractItemModelTester::FailureReportingMode::QtTest);
        files.setField(QStringLiteral("photos"));
        files.setRecordId(QString::fromStdString(id));
        QVERIFY(files.canAdd());
        QCOMPARE(files.rowCount(), 0);
        QVERIFY2(files.attach(QUrl::fromLocalFile(path)), qPrintable(files.error()));
        QCOMPARE(files.rowCount(), 1);
        const QModelIndex row = files.index(0);
        QCOMPARE(files.data(row, AttachmentListModel::NameRole).toString(), QStringLiteral("IMG_0001.jpg"));
        QCOMPARE(files.data(row, AttachmentListModel::MimeRole).toString(), QStringLiteral("image/jpeg"));
        QCOMPARE(files.data(row, AttachmentListModel::StateRole).toInt(), int(AttachmentListModel::OnlyHere));
        QCOMPARE(files.data(row, AttachmentListModel::StateTextRole).toString(), QStringLiteral("この端末のみ"));

        // Stored: 2048 px on the long side, no EXIF (no place), a JPEG again.
        const QString sha = files.data(row, AttachmentListModel::Sha256Role).toString();
        auto blobs = kyodo::BlobStore::openBeside(m_app->root->store().path().toStdString());
        QVERIFY(blobs.ok());
        auto stored = (*blobs)->read(sha.toStdString());
        QVERIFY(stored.ok());
        const QByteArray bytes = QByteArray::fromStdString(*stored);
        QVERIFY(!bytes.contains("Exif"));
        QVERIFY(bytes.size() < original.size());
        QImage image;
        QVERIFY(image.loadFromData(bytes));
        QCOMPARE(image.size(), QSize(2048, 1536));

        // The preview: its own blob named in the entry, at most 256 px, served by the image provider.
        const QString thumbUrl = files.data(row, AttachmentListModel::ThumbUrlRole).toUrl().toString();
        QVERIFY2(thumbUrl.startsWith(QStringLiteral("image://kyodo-blob/")), qPrintable(thumbUrl));
        const QString thumbSha = thumbUrl.mid(QStringLiteral("image://kyodo-blob/").size());
        QVERIFY(thumbSha != sha);
        auto record = m_app->replica().get(id);
        QCOMPARE(QString::fromStdString((*record)->fields["photos"][0].value("thumb", "")), thumbSha);
        BlobImageProvider provider(m_app->root->store().path());
        QSize size;
        const QImage thumb = provider.requestImage(thumbSha, &size, {});
        QCOMPARE(thumb.size(), QSize(256, 192));
        QCOMPARE(provider.requestImage(sha, &size, QSize(400, 400)).size(), QSize(400, 300));

        // The photo's edit waits to be sent like any other save.
        QCOMPARE(*m_app->replica().countInState(kyodo::OutboxState::Saved), 2);

        // Gone from the store (a remote wipe here), gone from the screen: the
        // file last shown is not served again from the provider's memory.
        QVERIFY((*blobs)->wipe().ok());
        QVERIFY(provider.requestImage(sha, &size, QSize(400, 400)).isNull());
        QVERIFY(provider.requestImage(thumbSha, &size, {}).isNull());
    }

    void aFieldThatKeepsTheLocationKeepsTheOriginalBytes()
    {
        // No plugin field keeps the location today: the preparation itself, with the flag.
        const QByteArray original = photoWithGps(800, 600);
        const PreparedFile kept =
            prepareFile(original, QStringLiteral("a.jpg"), QStringLiteral("image/jpeg"), 2048, true);
        QCOMPARE(kept.bytes, original);
        QVERIFY(!kept.thumbnail.isEmpty());
        const PreparedFile stripped =
            prepareFile(original, QStringLiteral("a.jpg"), QStringLiteral("image/jpeg"), 2048, false);
        QVERIFY(!stripped.bytes.contains("Exif"));
        QImage small;
        QVERIFY(small.loadFromData(stripped.bytes));
        QCOMPARE(small.size(), QSize(800, 600)); // never made larger
    }

    // A PNG held on its side (EXIF Orientation 6 in its eXIf chunk): the
    // JPEG made of it, and its preview, are upright, whatever Qt reads.
    void aPngTakenOnItsSideIsAttachedUpright()
    {
        QImage image(40, 20, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter(&image).fillRect(0, 0, 20, 20, Qt::black); // the left half dark
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        // TIFF, little-endian: IFD0 with Orientation (0x0112, SHORT) = 6.
        const QByteArray tiff = QByteArray("II\x2a\x00\x08\x00\x00\x00\x01\x00", 10) +
                                QByteArray("\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00", 12) +
                                QByteArray(4, '\0');
        QByteArray exif;
        exif.append(char(0)).append(char(0)).append(char(0)).append(char(tiff.size()));
        exif += "eXIf" + tiff + QByteArray(4, '\0'); // CRC left zero: a decoder skips the chunk, Kyodo reads it
        const qsizetype afterHeader = 8 + 25;        // the signature and IHDR
        const QByteArray turned = png.left(afterHeader) + exif + png.mid(afterHeader);

        const PreparedFile prepared =
            prepareFile(turned, QStringLiteral("side.png"), QStringLiteral("image/png"), 2048, false);
        QImage made;
        QVERIFY(made.loadFromData(prepared.bytes));
        QCOMPARE(made.size(), QSize(20, 40));
        // A quarter turn clockwise: the dark left half is now on top.
        QVERIFY2(qGray(made.pixel(10, 5)) < 60, "the top is dark");
        QVERIFY2(qGray(made.pixel(10, 35)) > 200, "the bottom is light");
        QImage preview;
        QVERIFY(preview.loadFromData(prepared.thumbnail));
        QCOMPARE(preview.size(), QSize(20, 40));
        // Kept as it is (a field that keeps where it was taken): its preview is still upright.
        const PreparedFile kept =
            prepareFile(turned, QStringLiteral("side.png"), QStringLiteral("image/png"), 2048, true);
        QCOMPARE(kept.bytes, turned);
        QVERIFY(preview.loadFromData(kept.thumbnail));
        QCOMPARE(preview.size(), QSize(20, 40));
    }

    // The same photo picked twice, on a saved record or in a new one's
    // strip: said under which name it is there, and listed once.
    void aFilePickedTwiceIsSaidToBeThereAlready()
    {
        m_app->signedInOffline({"group:nohara"});
        const QString dir = QString::fromStdString(m_app->dir.path());
        const QByteArray photo = photoWithGps(900, 600);
        const QString first = writeFile(dir, QStringLiteral("whiteboard.jpg"), photo);
        const QString again = writeFile(dir, QStringLiteral("copy-of-board.jpg"), photo);

        AttachmentListModel saved(m_app->root->app());
        saved.setField(QStringLiteral("photos"));
        saved.setRecordId(QString::fromStdString(newVisitNote()));
        QVERIFY2(saved.attach(QUrl::fromLocalFile(first)), qPrintable(saved.error()));
        const auto savedBefore = *m_app->replica().countInState(kyodo::OutboxState::Saved);
        QVERIFY(!saved.attach(QUrl::fromLocalFile(again)));
        QVERIFY2(saved.error().contains(QStringLiteral("copy-of-board.jpg")) &&
                     saved.error().contains(QStringLiteral("whiteboard.jpg")) &&
                     saved.error().contains(QStringLiteral("既に添付")),
                 qPrintable(saved.error()));
        QCOMPARE(saved.rowCount(), 1);
        QCOMPARE(*m_app->replica().countInState(kyodo::OutboxState::Saved), savedBefore);

        AttachmentListModel staged(m_app->root->app());
        stageVisitNotePhotos(staged);
        QVERIFY2(staged.attach(QUrl::fromLocalFile(first)), qPrintable(staged.error()));
        QVERIFY(!staged.attach(QUrl::fromLocalFile(again)));
        QVERIFY2(staged.error().contains(QStringLiteral("whiteboard.jpg")), qPrintable(staged.error()));
        QCOMPARE(staged.stagedFiles().size(), 1);
    }

    void aPhotoTakenWithTheCameraIsAttachedSmallerWithItsTime()
    {
        m_app->signedInOffline({"group:nohara"});
        const std::string id = newVisitNote();
        AttachmentListModel files(m_app->root->app());
        files.setField(QStringLiteral("photos"));
        files.setRecordId(QString::fromStdString(id));
        const auto savedBefore = *m_app->replica().countInState(kyodo::OutboxState::Saved);

        // What the camera page hands over: no picture (a capture that failed) changes nothing.
        QVERIFY(!files.attachImage(QVariant::fromValue(QImage())));
        QVERIFY2(files.error().contains(QStringLiteral("photo.jpg")), qPrintable(files.error()));
        QCOMPARE(files.rowCount(), 0);
        QCOMPARE(*m_app->replica().countInState(kyodo::OutboxState::Saved), savedBefore);

        QImage shot(4000, 3000, QImage::Format_RGB32);
        shot.fill(QColor(30, 120, 200));
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        QVERIFY2(files.attachImage(QVariant::fromValue(shot)), qPrintable(files.error()));
        QVERIFY(files.error().isEmpty());
        QCOMPARE(files.rowCount(), 1);
        const QModelIndex row = files.index(0);
        QVERIFY(files.data(row, AttachmentListModel::NameRole).toString().startsWith(QStringLiteral("photo-")));
        QCOMPARE(files.data(row, AttachmentListModel::MimeRole).toString(), QStringLiteral("image/jpeg"));
        QCOMPARE(files.data(row, AttachmentListModel::StateTextRole).toString(), QStringLiteral("この端末のみ"));

        // Stored at the field's long side, a JPEG, with when it was taken in the record.
        auto blobs = kyodo::BlobStore::openBeside(m_app->root->store().path().toStdString());
        auto stored = (*blobs)->read(files.data(row, AttachmentListModel::Sha256Role).toString().toStdString());
        QVERIFY(stored.ok());
        QImage image;
        QVERIFY(image.loadFromData(QByteArray::fromStdString(*stored), "JPEG"));
        QCOMPARE(image.size(), QSize(2048, 1536));
        const kyodo::json entry = (*m_app->replica().get(id))->fields["photos"][0];
        const QDateTime takenAt =
            QDateTime::fromString(QString::fromStdString(entry.value("taken_at", "")), Qt::ISODate);
        QVERIFY2(takenAt.isValid() && takenAt >= before && takenAt <= QDateTime::currentDateTimeUtc(),
                 entry.dump().c_str());
        QVERIFY(!entry.value("thumb", "").empty());
        QCOMPARE(*m_app->replica().countInState(kyodo::OutboxState::Saved), savedBefore + 1);
    }

    void aFileOverTheLimitOrOfARefusedTypeChangesNothing()
    {
        m_app->signedInOffline({"group:nohara"});
        const std::string id = newVisitNote();
        const QString dir = QString::fromStdString(m_app->dir.path());
        AttachmentListModel files(m_app->root->app());
        files.setField(QStringLiteral("photos"));
        files.setRecordId(QString::fromStdString(id));
        const auto savedBefore = *m_app->replica().countInState(kyodo::OutboxState::Saved);
        auto blobs = kyodo::BlobStore::openBeside(m_app->root->store().path().toStdString());
        const auto bytesBefore = (*blobs)->bytesHere();

        // 21 MB that begins as a JPEG but no picture can be read from: the 20 MB limit of 写真.
        QByteArray big = QByteArray("\xff\xd8\xff\xe0", 4) + QByteArray(21 * 1024 * 1024, 'x');
        const QString bigPath = writeFile(dir, QStringLiteral("big.jpg"), big);
        QVERIFY(!files.attach(QUrl::fromLocalFile(bigPath)));
        QVERIFY2(files.error().contains(QStringLiteral("MB")), qPrintable(files.error()));
        QVERIFY(files.error().contains(QStringLiteral("写真")));
        // A PDF among the photos (image/* only).
        const QString pdfPath = writeFile(dir, QStringLiteral("paper.pdf"), QByteArray("%PDF-1.4\n%%EOF\n"));
        QVERIFY(!files.attach(QUrl::fromLocalFile(pdfPath)));
        QVERIFY2(files.error().contains(QStringLiteral("application/pdf")), qPrintable(files.error()));
        // A real photo cut short (a copy stopped half way): Qt would still draw its top half.
        const QByteArray photo = photoWithGps(1000, 800);
        QVERIFY(!files.attach(
            QUrl::fromLocalFile(writeFile(dir, QStringLiteral("half.jpg"), photo.left(photo.size() / 2)))));
        QVERIFY2(files.error().contains(QStringLiteral("途中で切れているか壊れています")), qPrintable(files.error()));
        QVERIFY(!files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("empty.jpg"), QByteArray()))));
        QVERIFY2(files.error().contains(QStringLiteral("空")), qPrintable(files.error()));
        // A photo no picture can be read from (here: a WebP that is not one) would keep its location: refused.
        const QByteArray notWebp = QByteArray("RIFF\x10\x00\x00\x00WEBPVP8 ", 16) + QByteArray(300, 'w');
        QVERIFY(!files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("shot.webp"), notWebp))));
        QVERIFY2(files.error().contains(QStringLiteral("位置情報")), qPrintable(files.error()));

        QCOMPARE(files.rowCount(), 0);
        QCOMPARE(*m_app->replica().countInState(kyodo::OutboxState::Saved), savedBefore);
        QCOMPARE((*blobs)->bytesHere(), bytesBefore);
        QVERIFY(!(*m_app->replica().get(id))->fields.contains("photos"));
    }

    void eachFileSaysWhereItIs()
    {
        m_app->signedInOffline({"group:nohara"});
        const std::string id = newVisitNote();
        const QString dir = QString::fromStdString(m_app->dir.path());
        AttachmentListModel files(m_app->root->app());
        files.setField(QStringLiteral("photos"));
        files.setRecordId(QString::fromStdString(id));
        QVERIFY(files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("p.jpg"), photoWithGps(3000, 3000)))));
        const std::string sha = files.data(files.index(0), AttachmentListModel::Sha256Role).toString().toStdString();
        kyodo::BlobStore &blobs = *m_app->root->app().attachments().blobs();
        const auto state = [&](int row = 0) {
            return files.data(files.index(row), AttachmentListModel::StateTextRole).toString();
        };
        const std::int64_t chunks = kyodo::chunkCount(blobs.state(sha)->size);
        QVERIFY(chunks >= 1);
        QVERIFY(blobs.markSent(sha, 0, false).ok());
        files.reload();
        QCOMPARE(state(), QStringLiteral("この端末のみ"));
        if (chunks > 1) {
            QVERIFY(blobs.markSent(sha, 1, false).ok());
            files.reload();
            QVERIFY2(state().startsWith(QStringLiteral("送信中 ")), qPrintable(state()));
        }
        QVERIFY(blobs.markSent(sha, chunks, true).ok());
        files.reload();
        QCOMPARE(state(), QStringLiteral("サーバー保存済み"));

        // Someone else's photo, named by the record, not on this device; then asked for.
        const std::string other(64, 'a');
        json list = (*m_app->replica().get(id))->fields["photos"];
        list.push_back(json{{"sha256", other}, {"name", "b.jpg"}, {"mime", "image/jpeg"}, {"size", 3 * 1024 * 1024}});
        QVERIFY(m_app->replica().edit(id, json{{"photos", list}}).ok());
        m_app->root->store().notifyChanged();
        QCOMPARE(files.rowCount(), 2);
        QCOMPARE(state(1), QStringLiteral("この端末に未取得"));
        QVERIFY(files.data(files.index(1), AttachmentListModel::ThumbUrlRole).toUrl().isEmpty());
        const QVariantMap opened = files.open(QString::fromStdString(other));
        QCOMPARE(opened.value(QStringLiteral("here")).toBool(), false);
        QCOMPARE(state(1), QStringLiteral("受信中 0%"));
    }

    void photosPickedBeforeTheNoteIsSavedGoWithIt()
    {
        m_app->signedInOffline({"group:nohara"});
        const QString dir = QString::fromStdString(m_app->dir.path());
        AttachmentListModel files(m_app->root->app());
        stageVisitNotePhotos(files);
        QVERIFY(files.canAdd());
        QVERIFY(files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("s.jpg"), photoWithGps(1000, 800)))));
        QCOMPARE(files.rowCount(), 1);
        QCOMPARE(files.data(files.index(0), AttachmentListModel::StateRole).toInt(), int(AttachmentListModel::Staged));
        QVERIFY(!files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("x.pdf"), QByteArray("%PDF-1.4\n")))));
        QCOMPARE(files.rowCount(), 1);
        const std::string id = newVisitNote();
        QVERIFY2(files.commit(QString::fromStdString(id)), qPrintable(files.error()));
        QCOMPARE((*m_app->replica().get(id))->fields["photos"].size(), std::size_t(1));
        files.setRecordId(QString::fromStdString(id));
        QCOMPARE(files.rowCount(), 1);
        QCOMPARE(files.data(files.index(0), AttachmentListModel::StateRole).toInt(),
                 int(AttachmentListModel::OnlyHere));
    }

    // The generic form of a new record: the strip's staged files are the
    // field's value, saved with the record in one step; a value that is not
    // a list of files is refused in words, and nothing is saved.
    void aNewRecordsFormSavesThePickedFilesWithTheRecord()
    {
        m_app->signedInOffline({"group:nohara"});
        const QString dir = QString::fromStdString(m_app->dir.path());
        AttachmentListModel files(m_app->root->app());
        stageVisitNotePhotos(files);
        QVERIFY(files.attach(QUrl::fromLocalFile(writeFile(dir, QStringLiteral("f.jpg"), photoWithGps(900, 600)))));

        RecordForm form(m_app->root->app());
        form.setRecordType(QStringLiteral("accompaniment.visit_note"));
        form.setScope(QStringLiteral("group:nohara"));
        form.setValue(QStringLiteral("visited_at"), QStringLiteral("2026-05-02T10:00"));
        form.setValue(QStringLiteral("group_name"), QStringLiteral("野原の会"));
        form.setValue(QStringLiteral("supporter"), QStringLiteral("yamada"));
        form.setValue(QStringLiteral("summary"), QStringLiteral("写真つきの記録"));
        form.setValue(QStringLiteral("photos"), QStringLiteral("not a list of files"));
        QVERIFY(!form.fieldError(QStringLiteral("photos")).isEmpty());
        QVERIFY(!form.save());
        QCOMPARE(m_app->replica().pendingCount().value(), 0);

        // A well-formed entry whose bytes are not on this device (a draft
        // from elsewhere, a plugin's list) is refused: no record names a file
        // this device cannot send. Through a plugin's save as well.
        QVariantMap absent = files.stagedFiles().front().toMap();
        absent.insert(QStringLiteral("sha256"), QString(64, QLatin1Char('a')));
        absent.insert(QStringLiteral("name"), QStringLiteral("gone.jpg"));
        form.setValue(QStringLiteral("photos"), QVariantList{absent});
        QVERIFY(!form.save());
        QVERIFY2(form.errorText().contains(QStringLiteral("gone.jpg")), qPrintable(form.errorText()));
        QVariantMap fields{{QStringLiteral("visited_at"), QStringLiteral("2026-05-02T10:00")},
                           {QStringLiteral("group_name"), QStringLiteral("野原の会")},
                           {QStringLiteral("supporter"), QStringLiteral("yamada")},
                           {QStringLiteral("summary"), QStringLiteral("プラグインから")},
                           {QStringLiteral("photos"), QVariantList{absent}}};
        const QVariantMap refused = m_app->root->app().records().createRecord(
            QStringLiteral("accompaniment.visit_note"), QStringLiteral("group:nohara"), fields);
        QVERIFY2(refused.value(QStringLiteral("error")).toString().contains(QStringLiteral("gone.jpg")),
                 qPrintable(refused.value(QStringLiteral("error")).toString()));
        QCOMPARE(m_app->replica().pendingCount().value(), 0);
        // A strip given that list (a draft put back) leaves the file out, says
        // so, and tells its page, which then drops it from the form.
        AttachmentListModel restored(m_app->root->app());
        stageVisitNotePhotos(restored);
        QSignalSpy changed(&restored, &AttachmentListModel::stagedChanged);
        restored.setStagedFiles(QVariantList{absent});
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(restored.stagedFiles().isEmpty());
        QVERIFY(restored.error().contains(QStringLiteral("gone.jpg")));

        form.setValue(QStringLiteral("photos"), files.stagedFiles());
        QVERIFY2(form.fieldError(QStringLiteral("photos")).isEmpty(), qPrintable(form.fieldError("photos")));
        // The draft holds the files too (a blob a draft names is kept).
        const auto drafts = m_app->replica().drafts();
        QVERIFY(drafts.ok() && drafts->size() == 1);
        QCOMPARE(drafts->front().fields["photos"][0]["name"].get<std::string>(), std::string("f.jpg"));
        QSignalSpy saved(&form, &RecordForm::saved);
        QVERIFY2(form.save(), qPrintable(form.errorText()));
        const std::string id = saved.at(0).at(0).toString().toStdString();
        const auto note = m_app->replica().get(id);
        QVERIFY(note.ok() && note->has_value());
        QCOMPARE((*note)->fields["photos"].size(), std::size_t(1));
        QCOMPARE((*note)->fields["photos"][0]["sha256"].get<std::string>(),
                 files.stagedFiles().front().toMap().value(QStringLiteral("sha256")).toString().toStdString());
        QCOMPARE(m_app->replica().history(id)->size(), std::size_t(1));
        QVERIFY(m_app->replica().drafts()->empty());
        // All files taken off before saving is no value at all, as for any empty field.
        QCOMPARE(
            toFieldValue(*m_app->root->app().records().schemas()->type("accompaniment.visit_note")->field("photos"),
                         QVariantList()),
            json(nullptr));
    }

    void fiscalYearsAreLabelledInWareki()
    {
        QCOMPARE(fiscalYearOf(QDate(2019, 3, 31)), 2018);
        QCOMPARE(fiscalYearOf(QDate(2019, 4, 1)), 2019);
        QCOMPARE(fiscalYearLabel(2016), QStringLiteral("平成28年度"));
        QCOMPARE(fiscalYearLabel(2018), QStringLiteral("平成30年度"));
        QCOMPARE(fiscalYearLabel(2019), QStringLiteral("令和元年度"));
        QCOMPARE(fiscalYearLabel(2020), QStringLiteral("令和2年度"));
        const kyodo::FieldDef *year =
            m_app->root->app().records().schemas()->type("collaboration.project")->field("fiscal_year");
        QCOMPARE(displayValue(*year, json(2018)), QStringLiteral("平成30年度"));
        const kyodo::FieldDef *count =
            m_app->root->app().records().schemas()->type("training.session")->field("attendees");
        QCOMPARE(displayValue(*count, json(1234)), QStringLiteral("1,234"));
    }

    void yenReadsWithSeparatorsAndParsesWhatPeopleType()
    {
        kyodo::FieldDef yen;
        yen.type = kyodo::FieldType::Yen;
        QCOMPARE(displayValue(yen, json(1234567)), QStringLiteral("¥1,234,567"));
        QCOMPARE(toFieldValue(yen, QStringLiteral("１２，０００")), json(12000));
        QCOMPARE(toFieldValue(yen, QStringLiteral("¥3,000")), json(3000));
        QCOMPARE(toFieldValue(yen, QStringLiteral("")), json(nullptr));
    }

    void aChoiceMayBeTypedByItsLabel()
    {
        const kyodo::FieldDef *channel =
            m_app->root->app().records().schemas()->type("ward_centers.consultation")->field("channel");
        QCOMPARE(toFieldValue(*channel, QStringLiteral("電話")), json("phone"));
        QCOMPARE(toFieldValue(*channel, QStringLiteral("Phone")), json("phone"));
        QCOMPARE(toFieldValue(*channel, QStringLiteral("phone")), json("phone"));
        QCOMPARE(displayValue(*channel, json("phone")), QStringLiteral("電話"));
    }

    void syncWithoutANetworkLeavesEveryReceiptUnsent()
    {
        addConsultations(2, "ward:naka", "2024-05-01T10:00", "会");
        SyncController &sync = m_app->root->sync();
        QSignalSpy finished(&sync, &SyncController::syncFinished);
        sync.syncNow();
        QVERIFY(finished.wait(30000));
        QCOMPARE(*m_app->root->store().replica().countInState(kyodo::OutboxState::Sent), std::int64_t(0));
        QCOMPARE(sync.unsentCount(), 2);
        QCOMPARE(sync.awaitingCount(), 0);
        // The library's words are kept for the details, not shown as the message.
        QVERIFY(!sync.lastError().contains(QLatin1String("Failed")));
        QVERIFY2(sync.lastErrorDetail().contains(QLatin1String("libcurl")), qPrintable(sync.lastErrorDetail()));
        // The next start shows the state this one ended in, before any sync.
        m_app->restart();
        QVERIFY(!m_app->root->sync().online());
        QVERIFY(!m_app->root->sync().everSynced());
    }

    void momentsReadTheJapaneseWayInLocalTime()
    {
        QCOMPARE(displayDateTime(QStringLiteral("2026-11-30T14:30")), QStringLiteral("2026年11月30日（月） 14:30"));
        QCOMPARE(displayDateTime(QStringLiteral("2026-11-30")), QStringLiteral("2026年11月30日（月）"));
        // Stored in UTC, read in Japan (the tests run with TZ=Asia/Tokyo).
        QCOMPARE(displayDateTime(QStringLiteral("2019-03-31T16:30:00Z")), QStringLiteral("2019年4月1日（月） 01:30"));
        QCOMPARE(displayDateTime(QStringLiteral("not a date")), QStringLiteral("not a date"));
    }

    void differencesAreMarkedWhereTheTextChanged()
    {
        const QString marked =
            markDifferences(QStringLiteral("会の運営について話した。"), QStringLiteral("会の規約について長く話した。"));
        QVERIFY2(marked.startsWith(QStringLiteral("会の")), qPrintable(marked));
        QVERIFY2(marked.contains(QStringLiteral("<s style=\"color:#c62828\">運営</s>")), qPrintable(marked));
        QVERIFY2(marked.contains(QStringLiteral("<span style=\"background-color:#fff59d\">規約</span>")),
                 qPrintable(marked));
        QVERIFY2(marked.contains(QStringLiteral("<span style=\"background-color:#fff59d\">長く</span>")),
                 qPrintable(marked));
        QVERIFY2(marked.endsWith(QStringLiteral("話した。")), qPrintable(marked));
        QCOMPARE(markDifferences(QStringLiteral("同じ"), QStringLiteral("同じ")), QStringLiteral("同じ"));
        QCOMPARE(markDifferences(QString(), QStringLiteral("<b>")),
                 QStringLiteral("<span style=\"background-color:#fff59d\">&lt;b&gt;</span>"));
        // Long texts are marked too (4,000 characters with one word changed).
        const QString before = QString(2000, QChar(0x3042)) + QStringLiteral("晴れ") + QString(2000, QChar(0x3044));
        const QString after = QString(2000, QChar(0x3042)) + QStringLiteral("雨") + QString(2000, QChar(0x3044));
        QVERIFY(markDifferences(before, after)
                    .contains(QStringLiteral(
                        "<s style=\"color:#c62828\">晴れ</s><span style=\"background-color:#fff59d\">雨</span>")));
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
