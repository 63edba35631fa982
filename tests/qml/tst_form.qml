import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui

TestCase {
    id: testCase
    name: "RecordForm"
    when: windowShown
    visible: true
    width: 900
    height: 1400

    function initTestCase() {
        testDevice.signInAs("sato")
    }

    Component {
        id: formComponent
        RecordFormPage { width: 900; height: 1400; recordType: "ward_centers.consultation" }
    }

    function input(page, key) {
        const editor = findChild(page, "field_" + key)
        verify(editor, "editor for " + key)
        return findChild(editor, "input")
    }
    function type(field, text) {
        field.forceActiveFocus()
        field.selectAll()
        keyClick(Qt.Key_Delete)
        for (let i = 0; i < text.length; ++i)
            keySequence(text[i])
    }

    function test_showsEngineMessagesNextToFieldsAndSaves() {
        const page = createTemporaryObject(formComponent, testCase)
        const form = page.form
        verify(form.rowCount() > 5)
        compare(form.scope, "ward:naka", "the only scope is chosen")
        const pendingBefore = App.sync.pendingCount

        findChild(page, "saveButton").clicked()
        const partyError = findChild(findChild(page, "field_party"), "fieldError")
        verify(partyError.visible)
        verify(partyError.text.indexOf("必須") >= 0, partyError.text)
        verify(findChild(page, "formError").text.length > 0)
        compare(App.sync.pendingCount, pendingBefore, "nothing saved")

        type(input(page, "party"), "mina")
        compare(form.values.party, "mina")
        type(input(page, "received_at"), "2024-07-01 13:30")
        form.setValue("channel", "visit")
        form.setValue("category", "people")
        verify(!partyError.visible)
        findChild(page, "saveButton").clicked()
        compare(form.errorText, "")
        tryCompare(App.sync, "pendingCount", pendingBefore + 1)
    }

    function test_yenFieldShowsSeparators() {
        const page = createTemporaryObject(formComponent, testCase, { recordType: "ward_centers.activity" })
        const cost = input(page, "cost")
        verify(cost)
        type(cost, "1234567")
        cost.editingFinished()
        compare(cost.text, "1,234,567")
        compare(page.form.fieldError("cost"), "")
    }
}
