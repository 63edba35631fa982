// 相談をすばやく記録: the consultation a clerk logs while the visitor is still
// at the counter. Time (now, editable for an hour-old call), channel and staff
// are filled in; the clerk picks the topic, types who and what, and saves —
// well under a minute. What is typed is kept as a draft at once and comes
// back when the page is opened again after a close or a crash.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.Plugin
import Kyodo.Ui
import Kyodo.WardCenters

Page {
    id: page
    property string recordType: "ward_centers.consultation"
    title: qsTr("相談をすばやく記録")

    function now() {
        const d = new Date()
        const pad = n => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes())
    }
    // Plugin.separator names the language: the labels are read again in the other one.
    function options(key) { return (Plugin.separator, Plugin.fieldOptions(recordType, key)) }
    // One field of the form's values as text ("" when empty); bindings pass
    // form.values in, so they follow every change of it.
    function textOf(values, key) {
        const v = values[key]
        return v === undefined || v === null ? "" : String(v)
    }
    function start() {
        form.startNew()
        if (form.draftAvailable) {
            form.continueDraft()
            restored.visible = true
        }
        form.setDefaults({ received_at: now(), channel: "visit", staff: Plugin.userName })
        const scopes = Plugin.scopesFor(recordType)
        if (scopes.length > 0 && form.scope.length === 0)
            form.scope = scopes[0].scope
    }

    // Just saved, and the next one not begun: a second tap of a double tap
    // lands on the blank form and must not read as a failed save.
    property bool savedUntouched: false

    RecordForm {
        id: form
        objectName: "quickForm"
        recordType: page.recordType
        onSaved: {
            lastSaved.text = qsTr("保存しました（端末に保存済み）")
            page.savedUntouched = true
            restored.visible = false
            page.start()
        }
    }
    Component.onCompleted: start()

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(720, parent.width - 32)
            x: 16
            spacing: 8
            Label {
                text: Plugin.scopeLabel(form.scope)
                font.pixelSize: 18
                Layout.topMargin: 12
            }
            Label {
                id: restored
                objectName: "draftRestored"
                visible: false
                text: qsTr("保存していない入力を元に戻しました")
                color: "#2e7d32"
            }
            Label { text: qsTr("日時") }
            DateTimePicker {
                objectName: "receivedAt"
                withTime: true
                accessibleName: qsTr("日時")
                Layout.fillWidth: true
                value: page.textOf(form.values, "received_at")
                onPicked: v => form.setValue("received_at", v)
            }
            Label { text: qsTr("受付方法") }
            Flow {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    // The schema's own choices and labels (one source for every screen).
                    model: page.options("channel")
                    delegate: Button {
                        required property var modelData
                        objectName: "channel_" + modelData.value
                        text: modelData.label
                        checkable: true
                        checked: page.textOf(form.values, "channel") === modelData.value // qmllint disable unqualified
                        implicitHeight: 48
                        onClicked: form.setValue("channel", modelData.value) // qmllint disable unqualified
                    }
                }
            }
            Label { text: qsTr("相談内容区分") }
            Flow {
                objectName: "categoryButtons"
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: page.options("category")
                    delegate: Button {
                        required property var modelData
                        objectName: "category_" + modelData.value
                        text: modelData.label
                        checkable: true
                        checked: page.textOf(form.values, "category") === modelData.value // qmllint disable unqualified
                        implicitHeight: 48
                        onClicked: form.setValue("category", modelData.value) // qmllint disable unqualified
                    }
                }
            }
            Label { text: qsTr("相談者・団体") }
            TextField {
                objectName: "partyField"
                Accessible.name: qsTr("相談者・団体")
                Layout.fillWidth: true
                implicitHeight: 48
                text: page.textOf(form.values, "party")
                onTextEdited: form.setValue("party", text)
            }
            Label { text: qsTr("要旨") }
            MultiLineField {
                objectName: "summaryField"
                Accessible.name: qsTr("要旨")
                Layout.fillWidth: true
                Layout.preferredHeight: 120
                text: page.textOf(form.values, "summary")
                onTextChanged: if (activeFocus) form.setValue("summary", text)
            }
            Label {
                objectName: "quickError"
                text: form.errorText
                color: "#c62828"
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                Button {
                    objectName: "quickSave"
                    text: qsTr("保存")
                    highlighted: true
                    implicitHeight: 56
                    Layout.preferredWidth: 200
                    onClicked: {
                        if (page.savedUntouched && !form.dirty)
                            return
                        page.savedUntouched = false
                        form.save()
                    }
                }
                Button {
                    text: qsTr("詳しく入力…")
                    implicitHeight: 56
                    onClicked: page.StackView.view.push(Plugin.pageUrl("recordForm"), { recordType: page.recordType })
                }
                Label { id: lastSaved; objectName: "quickSaved"; color: "#2e7d32" }
            }
        }
    }
}
