// One record: its fields, its receipt state with the server's reason when it
// was returned, and its history of changes as far as this device knows it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    property string recordId
    title: detail.typeLabel

    RecordDetail {
        id: detail
        recordId: page.recordId
        // Every user's changes, from the server, whenever the page opens signed in.
        onRecordIdChanged: if (Session.signedIn && recordId.length > 0) loadServerHistory()
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width - 32
            x: 16
            spacing: 8
            Label {
                visible: !detail.exists
                text: qsTr("記録が見つかりません")
                Layout.topMargin: 16
            }
            RowLayout {
                visible: detail.exists
                Layout.topMargin: 16
                Label { text: detail.typeLabel + Preferences.separator + detail.scopeLabel; font.pixelSize: 18; Layout.fillWidth: true }
                ReceiptChip { objectName: "receiptChip"; state: detail.receipt; label: detail.receiptLabel }
            }
            Label {
                objectName: "rejectedReason"
                visible: detail.receipt === "rejected" && detail.reason.length > 0
                text: qsTr("差し戻しの理由: %1").arg(detail.reason)
                color: "#c62828"
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Label {
                visible: detail.deleted
                text: qsTr("この記録は削除されています")
                color: "#c62828"
            }
            // A row per field, its label in a column as wide as the widest
            // (at most two fifths of the page, wrapped beyond).
            // Positioners, not a GridLayout: a wrapped value's height follows
            // its width at once. Qt 6.4's GridLayout kept a row at the height
            // its value had while the page was still narrow (実施済 three
            // lines high), and drew the next field over the files below.
            Column {
                id: fieldRows
                property real labelWidth: 0
                readonly property real keyWidth: Math.min(labelWidth, width * 0.4)
                spacing: 5
                Layout.fillWidth: true
                Repeater {
                    model: detail.fields
                    delegate: Row {
                        id: fieldRow
                        required property var modelData
                        width: fieldRows.width // qmllint disable unqualified
                        spacing: 16
                        Label {
                            objectName: "label_" + fieldRow.modelData.key
                            text: fieldRow.modelData.label
                            opacity: 0.7
                            wrapMode: Label.Wrap
                            width: fieldRows.keyWidth // qmllint disable unqualified
                            onImplicitWidthChanged: fieldRows.labelWidth = Math.max(fieldRows.labelWidth, implicitWidth) // qmllint disable unqualified
                            Component.onCompleted: fieldRows.labelWidth = Math.max(fieldRows.labelWidth, implicitWidth) // qmllint disable unqualified
                        }
                        Label {
                            objectName: "value_" + fieldRow.modelData.key
                            text: fieldRow.modelData.display
                            wrapMode: Label.Wrap
                            width: fieldRow.width - fieldRows.keyWidth - fieldRow.spacing // qmllint disable unqualified
                        }
                    }
                }
            }
            // Photos and papers: a gallery per attachments field.
            Repeater {
                model: detail.exists ? detail.attachmentFields : []
                delegate: AttachmentStrip {
                    required property var modelData
                    objectName: "attachments_" + modelData.key
                    Layout.fillWidth: true
                    Layout.topMargin: 8
                    recordId: page.recordId // qmllint disable unqualified
                    field: modelData.key
                    readOnly: detail.readOnly || detail.deleted // qmllint disable unqualified
                    stack: page.StackView.view // qmllint disable unqualified
                }
            }
            Label {
                objectName: "readOnlyNote"
                visible: detail.exists && detail.readOnly
                text: qsTr("閲覧のみ: この記録のある場所は閲覧の権限だけが付与されているため、変更できません")
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                visible: detail.exists && !detail.readOnly
                Button {
                    objectName: "editButton"
                    text: qsTr("編集")
                    enabled: !detail.deleted
                    highlighted: true
                    implicitHeight: 48
                    onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/RecordFormPage.qml",
                                                        { recordType: detail.recordType, recordId: page.recordId })
                }
                Button {
                    text: detail.deleted ? qsTr("復元") : qsTr("削除")
                    implicitHeight: 48
                    onClicked: detail.deleted ? detail.restore() : detail.remove()
                }
            }
            Label {
                text: detail.lastError
                color: "#c62828"
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("この端末での変更履歴")
                font.bold: true
                Layout.topMargin: 16
                visible: detail.history.length > 0
            }
            Repeater {
                model: detail.history
                delegate: RowLayout {
                    id: change
                    required property var modelData
                    Layout.fillWidth: true
                    Label { text: Preferences.displayDateTime(change.modelData.savedAt); opacity: 0.7; Layout.alignment: Qt.AlignTop }
                    Label { text: change.modelData.operation; Layout.alignment: Qt.AlignTop }
                    Label { objectName: "historyChanges"; text: change.modelData.fields; opacity: 0.8; wrapMode: Label.Wrap; Layout.fillWidth: true }
                    ReceiptChip { state: change.modelData.state; label: change.modelData.stateLabel }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 16
                Label {
                    text: qsTr("サーバーの変更履歴（全員の変更）")
                    font.bold: true
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "serverHistoryButton"
                    text: qsTr("更新")
                    implicitHeight: 44
                    enabled: Session.signedIn && detail.serverHistoryStatus !== "loading"
                    onClicked: detail.loadServerHistory()
                }
            }
            Label {
                objectName: "serverHistoryStatus"
                text: !Session.signedIn ? qsTr("サインインすると、サーバーに記録された全員の変更を表示します")
                    : detail.serverHistoryStatus === "loading" ? qsTr("サーバーから取得しています…")
                    : detail.serverHistoryStatus === "loaded" ? (detail.serverHistory.length === 0 ? qsTr("サーバーにはまだ変更の記録がありません") : "")
                    : detail.serverHistoryStatus
                visible: text.length > 0
                opacity: 0.7
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Repeater {
                model: detail.serverHistory
                delegate: RowLayout {
                    id: entry
                    required property var modelData
                    Layout.fillWidth: true
                    Label { text: entry.modelData.when; opacity: 0.7 }
                    Label { text: entry.modelData.user }
                    Label { text: entry.modelData.action }
                    Label { text: entry.modelData.outcome; opacity: 0.7 }
                    Label { text: entry.modelData.fields; opacity: 0.7; wrapMode: Label.Wrap; Layout.fillWidth: true }
                }
            }
        }
    }
}
