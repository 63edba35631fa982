// 訪問記録をすばやく入力: a supporter back from a group writes the note and
// the follow-ups it leaves in one screen. The supporter's own groups come
// first; time and name are filled in. Everything is saved on the device at
// once and synced later.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui
import Kyodo.Accompaniment

Page {
    id: page
    property string recordType: "accompaniment.visit_note"
    title: qsTr("訪問記録をすばやく入力")
    property string message: ""
    // Group scopes (the supporter's own groups) before the city scope.
    readonly property var places: App.scopesFor(recordType).sort((a, b) => (a.scope.startsWith("group:") ? 0 : 1) - (b.scope.startsWith("group:") ? 0 : 1))

    function now() {
        const d = new Date()
        const pad = n => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes())
    }
    function save() {
        if (places.length === 0) {
            message = qsTr("訪問記録を保存できる団体がありません（担当の付与を依頼してください）")
            return
        }
        const scope = places[placeBox.currentIndex].scope
        const note = App.createRecord(recordType, scope, {
            visited_at: now(), supporter: App.userName, kind: "visit",
            group_name: groupField.text.length > 0 ? groupField.text : places[placeBox.currentIndex].label,
            summary: summaryField.text, note: noteField.text })
        if (note.error) {
            message = note.error
            return
        }
        let saved = 0
        for (let i = 0; i < followUps.count; ++i) {
            const row = followUps.itemAt(i)
            if (row.action.length === 0)
                continue
            const f = App.createRecord("accompaniment.follow_up", scope, {
                visit: note.id, action: row.action, due_on: row.due, owner: row.owner, status: "open" })
            if (f.error) {
                message = qsTr("訪問記録は保存しました。フォローアップ %1: %2").arg(i + 1).arg(f.error)
                return
            }
            ++saved
        }
        message = qsTr("保存しました（訪問記録 1 件、フォローアップ %1 件）").arg(saved)
        summaryField.text = ""
        noteField.text = ""
        for (let j = 0; j < followUps.count; ++j)
            followUps.itemAt(j).clear()
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(760, parent.width - 32)
            x: 16
            spacing: 8
            Label { text: qsTr("団体"); Layout.topMargin: 12 }
            ComboBox {
                id: placeBox
                objectName: "placeBox"
                Layout.fillWidth: true
                implicitHeight: 48
                textRole: "label"
                model: page.places
            }
            TextField {
                id: groupField
                objectName: "groupField"
                Layout.fillWidth: true
                implicitHeight: 48
                placeholderText: qsTr("団体名（空欄なら上の団体）")
            }
            Label { text: qsTr("要点（一行）") }
            TextField {
                id: summaryField
                objectName: "summaryField"
                Layout.fillWidth: true
                implicitHeight: 48
            }
            Label { text: qsTr("記録") }
            TextArea {
                id: noteField
                objectName: "noteField"
                Layout.fillWidth: true
                Layout.preferredHeight: 140
                wrapMode: TextArea.Wrap
                background: Rectangle { border.color: "#b0b0b0"; color: palette.base; radius: 2 }
            }
            Label { text: qsTr("フォローアップ（やること・期日・担当）"); font.bold: true; Layout.topMargin: 8 }
            Repeater {
                id: followUps
                model: 3
                delegate: RowLayout {
                    property alias action: actionField.text
                    property alias due: dueField.value
                    property alias owner: ownerField.text
                    function clear() { actionField.text = ""; dueField.value = "" }
                    Layout.fillWidth: true
                    TextField {
                        id: actionField
                        objectName: "followUpAction" + index
                        Layout.fillWidth: true
                        implicitHeight: 48
                        placeholderText: qsTr("やること")
                    }
                    DateTimePicker {
                        id: dueField
                        objectName: "followUpDue" + index
                        withTime: false
                        Layout.preferredWidth: 300
                        onPicked: v => value = v
                    }
                    TextField {
                        id: ownerField
                        Layout.preferredWidth: 120
                        implicitHeight: 48
                        text: App.userName
                    }
                }
            }
            Label {
                objectName: "visitMessage"
                text: page.message
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                visible: text.length > 0
            }
            Button {
                objectName: "saveVisit"
                text: qsTr("保存")
                highlighted: true
                implicitHeight: 56
                Layout.preferredWidth: 200
                Layout.bottomMargin: 16
                enabled: summaryField.text.length > 0
                onClicked: page.save()
            }
        }
    }
}
