// 期日が近いフォローアップ: every open follow-up, soonest due first; overdue
// ones in red; one tap marks one done.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.Plugin
import Kyodo.Ui
import Kyodo.Accompaniment

Page {
    id: page
    property string recordType: "accompaniment.follow_up"
    title: qsTr("期日が近いフォローアップ")
    readonly property string today: Qt.formatDate(new Date(), "yyyy-MM-dd")

    RecordListModel {
        id: open
        objectName: "openFollowUps"
        recordType: page.recordType
        sortField: "due_on"
        filterField: "status"
        filterValue: "open"
    }

    ListView {
        objectName: "followUpList"
        anchors.fill: parent
        clip: true
        model: open
        header: Label {
            text: open.count === 0 ? qsTr("未完了のフォローアップはありません") : qsTr("未完了 %1 件").arg(open.count) // qmllint disable unqualified
            padding: 12
            font.pixelSize: 18
        }
        delegate: ItemDelegate {
            id: row
            required property int index
            objectName: "followUpRow" + index
            required property string recordId
            required property string title
            required property string subtitle
            required property var values
            readonly property bool overdue: values.due_on !== undefined && values.due_on < page.today // qmllint disable unqualified
            width: ListView.view.width
            implicitHeight: 64
            text: row.title
            Accessible.name: text // set, or a description alone leaves the name empty
            Accessible.description: (row.overdue ? qsTr("期限切れ・") : "") + row.subtitle
            contentItem: RowLayout {
                ColumnLayout {
                    Layout.fillWidth: true
                    Label { text: row.title; elide: Label.ElideRight; Layout.fillWidth: true; font.bold: row.overdue; color: row.overdue ? "#c62828" : palette.text }
                    Label { text: (row.overdue ? qsTr("期限切れ・") : "") + row.subtitle; opacity: 0.75; elide: Label.ElideRight; Layout.fillWidth: true }
                }
                Button {
                    objectName: "doneButton"
                    text: qsTr("完了")
                    // Named as it reads; which follow-up it closes is its description.
                    Accessible.name: text
                    Accessible.description: row.title
                    implicitHeight: 48
                    onClicked: Plugin.editRecord(row.recordId, { status: "done", done_on: page.today }) // qmllint disable unqualified
                }
            }
            onClicked: page.StackView.view.push(Plugin.pageUrl("recordDetail"), { recordId: recordId }) // qmllint disable unqualified
        }
    }
}
