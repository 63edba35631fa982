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
                // Every card has the same buttons: each is named as it reads and described by its change.
                readonly property string subject: typeLabel + Preferences.separator + operation
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
                        // As the record shows it; while fixing, with the control its type has on the form.
                        delegate: ColumnLayout {
                            id: field
                            required property var modelData
                            readonly property bool fixable: modelData.type !== "attachments"
                            Layout.fillWidth: true
                            RowLayout {
                                visible: !card.fixing || !field.fixable // qmllint disable unqualified
                                Layout.fillWidth: true
                                Label { text: field.modelData.label; Layout.preferredWidth: 160; opacity: 0.7; wrapMode: Label.Wrap }
                                Label {
                                    objectName: "returnedValue_" + field.modelData.key
                                    text: field.modelData.display
                                    Layout.fillWidth: true
                                    wrapMode: Label.Wrap
                                }
                            }
                            FieldEditor {
                                objectName: "fix_" + field.modelData.key
                                visible: card.fixing && field.fixable // qmllint disable unqualified
                                Layout.fillWidth: true
                                fieldLabel: field.modelData.label
                                fieldKey: field.modelData.key
                                type: field.modelData.type
                                currentValue: field.modelData.value
                                choices: field.modelData.options
                                maxLength: field.modelData.max === undefined ? -1 : field.modelData.max
                                onEdited: v => card.fixed[field.modelData.key] = v // qmllint disable unqualified
                            }
                        }
                    }
                    RowLayout {
                        Button {
                            text: card.fixing ? qsTr("修正して再送") : qsTr("修正する")
                            Accessible.name: text // set, or a description alone leaves the name empty
                            Accessible.description: card.subject
                            highlighted: card.fixing
                            implicitHeight: 48
                            onClicked: {
                                if (!card.fixing) { card.fixing = true; return }
                                if (attention.resend(card.index, card.fixed)) card.fixing = false // qmllint disable unqualified
                            }
                        }
                        Button {
                            text: qsTr("そのまま再送")
                            Accessible.name: text
                            Accessible.description: card.subject
                            visible: !card.fixing
                            implicitHeight: 48
                            onClicked: attention.resend(card.index, {}) // qmllint disable unqualified
                        }
                        Button {
                            text: qsTr("破棄する")
                            Accessible.name: text
                            Accessible.description: card.subject
                            implicitHeight: 48
                            onClicked: confirm.open()
                        }
                    }
                }
                Dialog {
                    id: confirm
                    title: qsTr("この変更を破棄しますか？")
                    modal: true
                    parent: Overlay.overlay
                    anchors.centerIn: parent
                    Label { text: qsTr("破棄した変更はサーバーに送られません。") }
                    // The buttons in the user's words: Qt's standard ones would read OK / Cancel.
                    footer: RowLayout {
                        spacing: 8
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "confirmDiscard"
                            text: qsTr("破棄する")
                            implicitHeight: 48
                            Layout.bottomMargin: 12
                            onClicked: confirm.accept()
                        }
                        Button {
                            objectName: "cancelDiscard"
                            text: qsTr("キャンセル")
                            implicitHeight: 48
                            Layout.rightMargin: 12
                            Layout.bottomMargin: 12
                            onClicked: confirm.reject()
                        }
                    }
                    onAccepted: attention.discard(card.index) // qmllint disable unqualified
                }
            }
        }
    }
}
