// Changes the server returned, with its reason. The data is intact: fix the
// values and send again, or discard the change on purpose.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("要対応（差し戻し）")

    AttentionModel { id: attention; objectName: "attentionModel" }

    ColumnLayout {
        anchors.fill: parent
        Label {
            text: attention.count === 0 ? qsTr("差し戻された変更はありません") : qsTr("差し戻された変更 %1 件").arg(attention.count)
            padding: 12
            font.pixelSize: 18
        }
        Label {
            text: attention.lastError
            color: "#c62828"
            visible: text.length > 0
            leftPadding: 12
            wrapMode: Label.Wrap
        }
        ListView {
            objectName: "attentionList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: attention
            delegate: Frame {
                id: card
                required property int index
                required property string typeLabel
                required property string operation
                required property string reason
                required property var fields
                width: ListView.view.width - 16
                x: 8
                property bool fixing: false
                property var fixed: ({})
                ColumnLayout {
                    anchors.fill: parent
                    Label { text: card.typeLabel + Preferences.separator + card.operation; font.bold: true }
                    Label {
                        text: qsTr("理由: %1").arg(card.reason)
                        color: "#c62828"
                        wrapMode: Label.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: card.fields
                        delegate: RowLayout {
                            id: field
                            required property var modelData
                            Layout.fillWidth: true
                            Label { text: field.modelData.label; Layout.preferredWidth: 160; opacity: 0.7 }
                            Label { visible: !card.fixing; text: String(field.modelData.value); Layout.fillWidth: true; wrapMode: Label.Wrap } // qmllint disable unqualified
                            TextField {
                                visible: card.fixing // qmllint disable unqualified
                                text: String(field.modelData.value)
                                Accessible.name: field.modelData.label
                                Layout.fillWidth: true
                                implicitHeight: 48
                                onTextEdited: card.fixed[field.modelData.key] = text // qmllint disable unqualified
                            }
                        }
                    }
                    RowLayout {
                        Button {
                            text: card.fixing ? qsTr("修正して再送") : qsTr("修正する")
                            highlighted: card.fixing
                            implicitHeight: 48
                            onClicked: {
                                if (!card.fixing) { card.fixing = true; return }
                                if (attention.resend(card.index, card.fixed)) card.fixing = false // qmllint disable unqualified
                            }
                        }
                        Button {
                            text: qsTr("そのまま再送")
                            visible: !card.fixing
                            implicitHeight: 48
                            onClicked: attention.resend(card.index, {}) // qmllint disable unqualified
                        }
                        Button {
                            text: qsTr("破棄する")
                            implicitHeight: 48
                            onClicked: confirm.open()
                        }
                    }
                }
                Dialog {
                    id: confirm
                    title: qsTr("この変更を破棄しますか？")
                    standardButtons: Dialog.Ok | Dialog.Cancel
                    modal: true
                    Label { text: qsTr("破棄した変更はサーバーに送られません。") }
                    onAccepted: attention.discard(card.index) // qmllint disable unqualified
                }
            }
        }
    }
}
