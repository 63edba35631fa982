import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui

TestCase {
    id: testCase
    name: "ConflictInbox"
    when: windowShown
    visible: true
    width: 900
    height: 700

    function initTestCase() {
        testDevice.signInAs("sato")
    }

    Component { id: inboxComponent; ConflictInboxPage { width: 900; height: 700 } }
    SignalSpy { id: synced; target: App.sync; signalName: "syncFinished" }

    function test_showsTheConflictFieldByFieldAndResolvesIt() {
        compare(App.conflictCount, 1, "the setup made one conflict")
        const page = createTemporaryObject(inboxComponent, testCase)
        const list = findChild(page, "conflictList")
        verify(list)
        tryCompare(list, "count", 1)
        const card = list.itemAtIndex(0)
        verify(card)
        compare(card.fieldLabel, "受付方法")
        compare(card.mine, "メール")
        compare(card.theirs, "電話")
        // Each side shows what it changed from the value both started from.
        verify(findChild(card, "mineValue").text.indexOf("#fff59d\">メール</span>") >= 0, findChild(card, "mineValue").text)
        verify(findChild(card, "theirsValue").text.indexOf("#fff59d\">電話</span>") >= 0, findChild(card, "theirsValue").text)
        verify(!findChild(card, "keepBoth").visible, "a choice cannot hold two values")
        compare(card.mineBy, "sato")
        compare(card.theirsBy, "tanaka")

        mouseClick(findChild(card, "keepMine"))
        // The inbox reloads after the save: the row is drawn again, now waiting to be sent.
        tryVerify(() => list.itemAtIndex(0) && list.itemAtIndex(0).resolving, 5000,
                  "resolution saved: " + findChild(page, "conflictList").model.lastError)

        App.sync.syncNow()
        synced.wait(30000)
        compare(synced.signalArguments[0][0], true, App.sync.lastError)
        tryCompare(App, "conflictCount", 0)
        tryCompare(list, "count", 0)
    }
}
