// Each open conflict, field by field: the value both sides started from,
// mine and theirs with who and when; keep mine, take theirs or enter a new
// value. The choice is saved as a resolve change and sent with the next sync.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("競合の受信箱")

    ConflictModel { id: conflicts; objectName: "conflictModel" }

    ColumnLayout {
        anchors.fill: parent
        Label {
            text: conflicts.count === 0 ? qsTr("未解決の競合はありません") : qsTr("未解決の競合 %1 件").arg(conflicts.count)
            padding: 12
            font.pixelSize: 18
        }
        Label {
            text: conflicts.lastError
            color: "#c62828"
            visible: text.length > 0
            leftPadding: 12
        }
        ListView {
            objectName: "conflictList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: conflicts
            delegate: Frame {
                id: card
                required property int index
                required property string recordTitle
                required property string typeLabel
                required property string scopeLabel
                required property string fieldLabel
                required property string base
                required property string mine
                required property string theirs
                required property string mineBy
                required property string theirsBy
                required property string mineAt
                required property string theirsAt
                required property bool resolving
                required property var mineValue
                width: ListView.view.width - 16
                x: 8
                property bool editing: false
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: card.typeLabel + "・" + card.scopeLabel + "・" + card.recordTitle
                        font.bold: true
                        elide: Label.ElideRight
                        Layout.fillWidth: true
                    }
                    Label { text: qsTr("項目: %1").arg(card.fieldLabel) }
                    GridLayout {
                        columns: 3
                        Layout.fillWidth: true
                        Label { text: qsTr("元の値"); opacity: 0.7 }
                        Label { text: card.base; wrapMode: Label.Wrap; Layout.fillWidth: true }
                        Label { text: "" }
                        Label { text: qsTr("自分"); font.bold: true }
                        Label { objectName: "mineValue"; text: card.mine; wrapMode: Label.Wrap; Layout.fillWidth: true }
                        Label { text: card.mineBy + " " + card.mineAt; opacity: 0.7 }
                        Label { text: qsTr("相手"); font.bold: true }
                        Label { objectName: "theirsValue"; text: card.theirs; wrapMode: Label.Wrap; Layout.fillWidth: true }
                        Label { text: card.theirsBy + " " + card.theirsAt; opacity: 0.7 }
                    }
                    Label {
                        visible: card.resolving
                        text: qsTr("解決済み（送信待ち）")
                        color: "#1565c0"
                    }
                    RowLayout {
                        visible: !card.resolving && !card.editing
                        Button {
                            objectName: "keepMine"
                            text: qsTr("自分の値を残す")
                            implicitHeight: 48
                            onClicked: conflicts.keepMine(card.index)
                        }
                        Button {
                            objectName: "takeTheirs"
                            text: qsTr("相手の値にする")
                            implicitHeight: 48
                            onClicked: conflicts.takeTheirs(card.index)
                        }
                        Button {
                            objectName: "editValue"
                            text: qsTr("編集する")
                            implicitHeight: 48
                            onClicked: { editField.text = card.mine; card.editing = true }
                        }
                    }
                    RowLayout {
                        visible: card.editing
                        TextField {
                            id: editField
                            objectName: "editField"
                            Layout.fillWidth: true
                            implicitHeight: 48
                        }
                        Button {
                            objectName: "useValue"
                            text: qsTr("この値にする")
                            highlighted: true
                            implicitHeight: 48
                            onClicked: if (conflicts.useValue(card.index, editField.text)) card.editing = false
                        }
                        Button {
                            text: qsTr("キャンセル")
                            implicitHeight: 48
                            onClicked: card.editing = false
                        }
                    }
                }
            }
        }
    }
}
