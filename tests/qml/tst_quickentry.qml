import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui
import Kyodo.WardCenters

// A consultation at the counter in a few taps: time, channel and staff are
// filled in, the topic is one tap, then who; the form is ready again at once.
TestCase {
    id: testCase
    name: "QuickEntry"
    when: windowShown
    visible: true
    width: 1280
    height: 800

    Component { id: pageComponent; QuickEntryPage { width: 1280; height: 800 } }

    function initTestCase() {
        testDevice.signInAs("sato")
    }

    function test_aConsultationInAFewTaps() {
        const page = createTemporaryObject(pageComponent, testCase)
        const form = findChild(page, "quickForm")
        compare(form.scope, "ward:naka")
        compare(form.values.channel, "visit")
        compare(form.values.staff, "sato")
        verify(String(form.values.received_at).length === 16)

        mouseClick(findChild(page, "quickSave"))
        verify(form.errorText.length > 0, "the topic and who are still missing")

        mouseClick(findChild(page, "category_funding"))
        const party = findChild(page, "partyField")
        party.forceActiveFocus()
        for (const c of "minato no kai")
            keySequence(c === " " ? "Space" : c)
        const pendingBefore = App.sync.pendingCount
        mouseClick(findChild(page, "quickSave"))
        compare(form.errorText, "")
        verify(findChild(page, "quickSaved").text.length > 0)
        tryCompare(App.sync, "pendingCount", pendingBefore + 1)
        compare(form.values.party || "", "", "ready for the next one")
        compare(form.values.channel, "visit")
        compare(form.recordId, "", "the next save is a new consultation, not an edit of this one")
        compare(party.text, "")
        // The second tap of a double tap lands on the blank form: no error, the save still reported.
        mouseClick(findChild(page, "quickSave"))
        compare(form.errorText, "")
        verify(findChild(page, "quickSaved").text.length > 0)
        compare(App.sync.pendingCount, pendingBefore + 1)

        mouseClick(findChild(page, "category_startup"))
        party.forceActiveFocus()
        for (const c of "aoba")
            keySequence(c)
        mouseClick(findChild(page, "quickSave"))
        compare(form.errorText, "")
        tryCompare(App.sync, "pendingCount", pendingBefore + 2)
    }
}
