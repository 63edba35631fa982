// 会議モード: one meeting's agenda in large type for a committee member's
// tablet. Mark each item discussed, write the decision, take attendance —
// all on the device, offline; synced after the meeting.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui
import Kyodo.Committee

Page {
    id: page
    property string recordType: "committee.meeting"
    title: qsTr("会議モード")
    font.pixelSize: 22
    property string meeting: meetingBox.currentText

    RecordListModel {
        id: meetings
        recordType: "committee.meeting"
        sortField: "held_on"
        descending: true
    }
    RecordListModel {
        id: agenda
        objectName: "agendaModel"
        recordType: "committee.agenda_item"
        filterField: "meeting"
        filterValue: page.meeting
        sortField: "order"
    }
    RecordListModel {
        id: attendance
        objectName: "attendanceModel"
        recordType: "committee.attendance"
        filterField: "meeting"
        filterValue: page.meeting
        sortField: "member"
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label { text: qsTr("委員会"); leftPadding: 8 }
            ComboBox {
                id: meetingBox
                objectName: "meetingBox"
                Layout.fillWidth: true
                implicitHeight: 56
                model: meetings
                textRole: "title"
                // The newest meeting is chosen as soon as the list has read its rows.
                Connections {
                    target: meetings
                    function onCountChanged() {
                        if (meetingBox.currentIndex < 0 && meetings.count > 0)
                            meetingBox.currentIndex = 0
                    }
                }
            }
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width - 32
            x: 16
            spacing: 12
            Label {
                objectName: "agendaSummary"
                text: meetings.count === 0 ? qsTr("この端末には委員会の記録がありません（委員会の記録は委員の端末に同期されます）")
                      : agenda.count === 0 ? qsTr("この委員会の議題はまだありません") : qsTr("議題 %1 件").arg(agenda.count)
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.topMargin: 12
            }
            Repeater {
                model: agenda
                delegate: Frame {
                    id: item
                    objectName: "agendaItem" + index
                    required property int index
                    required property string recordId
                    required property string title
                    required property var values
                    Layout.fillWidth: true
                    ColumnLayout {
                        anchors.fill: parent
                        RowLayout {
                            Label {
                                text: (item.values.kind === "deliberation" ? qsTr("協議") : item.values.kind === "review" ? qsTr("審議") : qsTr("報告"))
                                      + "　" + item.title
                                font.bold: true
                                wrapMode: Label.Wrap
                                Layout.fillWidth: true
                            }
                            Switch {
                                objectName: "discussed"
                                text: qsTr("審議済み")
                                checked: item.values.discussed === true
                                implicitHeight: 56
                                onToggled: App.editRecord(item.recordId, { discussed: checked })
                            }
                        }
                        TextArea {
                            id: decision
                            objectName: "decision"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 100
                            wrapMode: TextArea.Wrap
                            placeholderText: qsTr("決定事項")
                            background: Rectangle { border.color: "#b0b0b0"; color: palette.base; radius: 2 }
                            // Not a binding: a change arriving for this item (another
                            // device, or "discussed" toggled) must not wipe what is being typed.
                            Component.onCompleted: text = item.values.decision || ""
                            Connections {
                                target: item
                                function onValuesChanged() {
                                    if (!decision.activeFocus)
                                        decision.text = item.values.decision || ""
                                }
                            }
                            // Leaving the box (tapping the next item, the switch) saves what was written.
                            onEditingFinished: if (text !== (item.values.decision || "")) App.editRecord(item.recordId, { decision: text })
                        }
                        Button {
                            objectName: "saveDecision"
                            text: qsTr("決定事項を保存")
                            implicitHeight: 56
                            enabled: decision.text !== (item.values.decision || "")
                            onClicked: App.editRecord(item.recordId, { decision: decision.text })
                        }
                    }
                }
            }
            Label { text: qsTr("出欠"); font.bold: true; Layout.topMargin: 12; visible: attendance.count > 0 }
            Flow {
                Layout.fillWidth: true
                spacing: 12
                Repeater {
                    model: attendance
                    delegate: Switch {
                        objectName: "present_" + title
                        required property string recordId
                        required property string title
                        required property var values
                        text: title
                        checked: values.present === true
                        implicitHeight: 56
                        onToggled: App.editRecord(recordId, { present: checked })
                    }
                }
            }
        }
    }
}
