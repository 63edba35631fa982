import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui
import Kyodo.Accompaniment

// A supporter's visit note and its follow-ups in one screen, saved together
// on the device under the supporter's own group.
TestCase {
    id: testCase
    name: "VisitNote"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component { id: pageComponent; VisitNotePage { width: 1280; height: 800 } }
    RecordListModel { id: notes; recordType: "accompaniment.visit_note"; search: "ニーズ調査" }
    RecordListModel { id: actions; recordType: "accompaniment.follow_up"; search: "アンケート" }

    function initTestCase() {
        testDevice.signInAs("yamada")
        // yamada holds two groups; the city assigned them to のはら (and to みなと until last year).
        const made = Records.createRecord("accompaniment.assignment", "group:nohara",
                                          { group_name: "のはらネットワーク", supporter: "yamada", role: "main", from: "2019-04-01" })
        verify(made.id !== undefined, made.error)
        const ended = Records.createRecord("accompaniment.assignment", "group:minato",
                                           { group_name: "みなとの会", supporter: "yamada", role: "sub", from: "2018-04-01", to: "2019-03-31" })
        verify(ended.id !== undefined, ended.error)
    }

    function test_aNoteAndItsFollowUpsAreSavedTogether() {
        const page = createTemporaryObject(pageComponent, testCase)
        const place = findChild(page, "placeBox")
        compare(place.count, 2)
        tryVerify(() => page.places[0].scope === "group:nohara", 5000, "the group the supporter is assigned to now comes first")
        compare(page.places[1].scope, "group:minato")
        tryCompare(place, "currentIndex", 0)
        compare(page.scope(), "group:nohara")
        const save = findChild(page, "saveVisit")
        verify(!save.enabled, "a note needs at least its one-line summary")

        compare(findChild(page, "groupField").text, "のはらネットワーク", "the assignment names the group")
        findChild(page, "groupField").text = "のはら子育てひろば"
        findChild(page, "summaryField").text = "ニーズ調査の進め方を相談"
        findChild(page, "noteField").text = "アンケートの対象と配布方法を検討した。"
        findChild(page, "followUpAction0").text = "アンケート案を関連課に送る"
        findChild(page, "followUpDue0").value = "2099-02-01"
        verify(save.enabled)
        mouseClick(save)

        verify(findChild(page, "visitMessage").text.indexOf("フォローアップ 1 件") >= 0, findChild(page, "visitMessage").text)
        compare(findChild(page, "summaryField").text, "", "the screen is ready for the next note")
        tryCompare(notes, "count", 1)
        tryCompare(actions, "count", 1)
        const action = testDevice.fieldsOf(actions.idAt(0))
        compare(action.due_on, "2099-02-01")
        compare(action.status, "open")
        compare(action.visit, notes.idAt(0), "the follow-up points at its visit note")
    }
}
