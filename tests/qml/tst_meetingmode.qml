import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui
import Kyodo.Committee

// 会議モード on a committee member's tablet: the newest meeting's agenda,
// items marked discussed, a decision and attendance saved on the device and
// found on another device after the sync.
TestCase {
    id: testCase
    name: "MeetingMode"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component { id: pageComponent; MeetingModePage { width: 1280; height: 800 } }

    property string firstItem
    property string memberA
    property string seventh

    function created(type, fields) {
        const r = Records.createRecord(type, "committee", fields)
        verify(!r.error, r.error)
        return r.id
    }

    function initTestCase() {
        testDevice.signInAs("hayashi")
        const sixth = created("committee.meeting", { term: 3, number: 6, title: "第3期第6回", held_on: "2018-06-25T14:00", status: "held" })
        seventh = created("committee.meeting", { term: 3, number: 7, title: "第3期第7回", held_on: "2018-10-22T14:00",
                                                 venue: "市庁舎会議室", status: "planned" })
        created("committee.agenda_item", { meeting: sixth, order: 1, kind: "deliberation",
                                           subject: "市民協働推進センターの機能の方向性について協議" })
        created("committee.agenda_item", { meeting: seventh, order: 2, kind: "report", subject: "協働契約ハンドブックについて報告" })
        firstItem = created("committee.agenda_item", { meeting: seventh, order: 1, kind: "deliberation",
                                                       subject: "機能の詳細と、それに伴う事業内容について協議" })
        memberA = created("committee.attendance", { meeting: seventh, member: "委員A", present: false })
        created("committee.attendance", { meeting: seventh, member: "委員B", present: false })
    }

    function test_theNewestMeetingIsMarkedOfflineAndReachesTheServerAfterwards() {
        const page = createTemporaryObject(pageComponent, testCase)
        tryCompare(findChild(page, "agendaModel"), "count", 2)
        compare(findChild(page, "meetingBox").currentText, "第3期第7回")
        compare(findChild(page, "meetingWhenWhere").text, "2018年10月22日（月） 14:00・市庁舎会議室")
        waitForRendering(page) // the agenda is laid out before anything is tapped
        const first = findChild(page, "agendaItem0")
        verify(first)
        compare(first.recordId, firstItem, "items in their order on the agenda")

        const decision = findChild(first, "decision")
        const save = findChild(first, "saveDecision")
        verify(!save.enabled, "nothing to save yet")
        decision.forceActiveFocus()
        decision.text = "機能の方向性を了承。"
        verify(save.enabled)
        // Marking the item discussed while the decision is being written keeps the decision, and saves it.
        mouseClick(findChild(first, "discussed"))
        tryVerify(() => testDevice.fieldsOf(firstItem).discussed === true)
        tryVerify(() => testDevice.fieldsOf(firstItem).decision === "機能の方向性を了承。")
        compare(findChild(page, "agendaItem0"), first, "the item was refreshed in place, not rebuilt")
        compare(decision.text, "機能の方向性を了承。")

        decision.forceActiveFocus()
        decision.text = "機能の方向性を了承。詳細は次回に協議する。"
        mouseClick(save)
        tryVerify(() => testDevice.fieldsOf(firstItem).decision === "機能の方向性を了承。詳細は次回に協議する。")
        tryVerify(() => !save.enabled, 5000, "saved: nothing left to save")

        mouseClick(findChild(page, "present_委員A"))
        tryVerify(() => testDevice.fieldsOf(memberA).present === true)

        const onServer = testDevice.fieldsOnAnotherDevice("hayashi", firstItem)
        compare(onServer.discussed, true)
        compare(onServer.decision, "機能の方向性を了承。詳細は次回に協議する。")
        compare(testDevice.fieldsOnAnotherDevice("hayashi", memberA).present, true)
    }

    function test_anotherMeetingShowsOnlyItsOwnAgenda() {
        const page = createTemporaryObject(pageComponent, testCase)
        const box = findChild(page, "meetingBox")
        tryCompare(box, "count", 2)
        box.currentIndex = 1
        compare(box.currentText, "第3期第6回")
        tryCompare(findChild(page, "agendaModel"), "count", 1)
        tryVerify(() => findChild(page, "agendaItem0") && findChild(page, "agendaItem0").title.indexOf("方向性") >= 0)
    }
}
