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
    }

    function test_aNoteAndItsFollowUpsAreSavedTogether() {
        const page = createTemporaryObject(pageComponent, testCase)
        const place = findChild(page, "placeBox")
        compare(place.count, 1)
        compare(page.places[0].scope, "group:nohara", "the supporter's own group comes first")
        const save = findChild(page, "saveVisit")
        verify(!save.enabled, "a note needs at least its one-line summary")

        compare(findChild(page, "groupField").text, "", "no earlier note names the group yet")
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
