import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui
import Kyodo.Accompaniment

// The follow-ups still open, the most pressing first, overdue ones marked,
// and one tap to mark one done.
TestCase {
    id: testCase
    name: "FollowUps"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component { id: pageComponent; FollowUpsPage { width: 1280; height: 800 } }

    property string overdue
    property string later

    function created(fields) {
        const r = Records.createRecord("accompaniment.follow_up", "group:nohara", fields)
        verify(!r.error, r.error)
        return r.id
    }

    function initTestCase() {
        testDevice.signInAs("yamada")
        later = created({ action: "中間報告会の資料を確認", due_on: "2099-01-15", owner: "yamada", status: "open" })
        overdue = created({ action: "関連課との打合せを設定", due_on: "2020-01-10", owner: "yamada", status: "open" })
        created({ action: "会場の予約", due_on: "2019-12-01", owner: "yamada", status: "done" })
    }

    function test_openOnesByDueDateOverdueMarkedAndDoneInOneTap() {
        const page = createTemporaryObject(pageComponent, testCase)
        const model = findChild(page, "openFollowUps")
        tryCompare(model, "count", 2)
        const list = findChild(page, "followUpList")
        tryVerify(() => list.itemAtIndex(1) !== null)
        const first = list.itemAtIndex(0)
        compare(first.recordId, overdue)
        verify(first.overdue)
        verify(!list.itemAtIndex(1).overdue)

        mouseClick(findChild(first, "doneButton"))
        tryCompare(model, "count", 1)
        const done = testDevice.fieldsOf(overdue)
        compare(done.status, "done")
        compare(done.done_on, Qt.formatDate(new Date(), "yyyy-MM-dd"))
        compare(testDevice.fieldsOf(later).status, "open")
    }
}
