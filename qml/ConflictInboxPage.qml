// Each open conflict, field by field: the value both sides started from,
// mine and theirs with who and when, side by side on a wide screen with what
// each changed marked; keep mine, take theirs, keep both (text) or write a new
// value in an editor as large as the text. A value being written is kept as
// a draft, so closing the app loses nothing. The choice is saved as a
// resolve change and sent with the next sync.
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
                required property string conflictId
                required property string recordTitle
                required property string typeLabel
                required property string scopeLabel
                required property string fieldLabel
                required property string fieldType
                required property string base
                required property string mine
                required property string theirs
                required property string mineMarked
                required property string theirsMarked
                required property string mineBy
                required property string theirsBy
                required property string mineAt
                required property string theirsAt
                required property bool resolving
                required property bool canKeepBoth
                required property var mineValue
                readonly property bool longText: fieldType === "longtext" || fieldType === "text"
                // A value typed as text: a choice, a date or a yes/no is kept or taken, not typed as a code.
                readonly property bool typedValue: longText || fieldType === "int" || fieldType === "yen"
                readonly property string draftKey: "conflict." + conflictId
                // Every card has the same buttons: each is named as it reads and
                // described by the record and field it acts on.
                readonly property string subject: qsTr("%1・%2").arg(recordTitle).arg(fieldLabel)
                width: ListView.view.width - 16
                x: 8
                property bool editing: false
                function startEditing(text) {
                    editor.text = text
                    editing = true
                    editor.forceActiveFocus()
                }
                function stopEditing() {
                    editing = false
                    Records.discardPageDraft(draftKey)
                }
                // A value half written before a close comes back as it was.
                Component.onCompleted: {
                    const draft = Records.pageDraft(draftKey)
                    if (draft.text !== undefined)
                        startEditing(draft.text)
                }
                component Version: ColumnLayout {
                    id: version
                    property string heading
                    property string note
                    property string body
                    property string name
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 2
                    Label { text: parent.heading; font.bold: true }
                    Label { text: parent.note; opacity: 0.7; visible: text.length > 0; font.pixelSize: 12 }
                    Frame {
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.min(versionText.implicitHeight + 16, 240)
                        padding: 6
                        ScrollView {
                            anchors.fill: parent
                            contentWidth: availableWidth
                            clip: true
                            Label {
                                id: versionText
                                objectName: version.name
                                width: parent.width
                                text: version.body
                                textFormat: Text.RichText
                                wrapMode: Label.Wrap
                            }
                        }
                    }
                }
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: card.typeLabel + Preferences.separator + card.scopeLabel + Preferences.separator + card.recordTitle
                        font.bold: true
                        elide: Label.ElideRight
                        Layout.fillWidth: true
                    }
                    Label { text: qsTr("項目: %1").arg(card.fieldLabel) }
                    // Side by side where there is room, one under the other on a narrow screen.
                    GridLayout {
                        columns: page.width >= 900 ? 3 : 1 // qmllint disable unqualified
                        columnSpacing: 12
                        Layout.fillWidth: true
                        Version { heading: qsTr("元の値"); body: card.base.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>"); name: "baseValue" }
                        Version { heading: qsTr("自分"); note: card.mineBy + Preferences.separator + card.mineAt; body: card.mineMarked; name: "mineValue" }
                        Version { heading: qsTr("相手"); note: card.theirsBy + Preferences.separator + card.theirsAt; body: card.theirsMarked; name: "theirsValue" }
                    }
                    Label {
                        text: qsTr("黄色は元の値に加えられた部分、取り消し線は削られた部分です")
                        opacity: 0.7
                        font.pixelSize: 12
                        visible: card.longText
                    }
                    Label {
                        visible: card.resolving
                        text: qsTr("解決済み（送信待ち）")
                        color: "#1565c0"
                    }
                    Flow {
                        visible: !card.resolving && !card.editing
                        Layout.fillWidth: true
                        spacing: 8
                        Button {
                            objectName: "keepMine"
                            text: qsTr("自分の値を残す")
                            Accessible.name: text // set, or a description alone leaves the name empty
                            Accessible.description: card.subject
                            implicitHeight: 48
                            onClicked: conflicts.keepMine(card.index) // qmllint disable unqualified
                        }
                        Button {
                            objectName: "takeTheirs"
                            text: qsTr("相手の値にする")
                            Accessible.name: text
                            Accessible.description: card.subject
                            implicitHeight: 48
                            onClicked: conflicts.takeTheirs(card.index) // qmllint disable unqualified
                        }
                        Button {
                            objectName: "keepBoth"
                            visible: card.canKeepBoth
                            text: qsTr("両方を残す")
                            Accessible.name: text
                            Accessible.description: card.subject
                            implicitHeight: 48
                            onClicked: conflicts.keepBoth(card.index) // qmllint disable unqualified
                        }
                        Button {
                            objectName: "editValue"
                            visible: card.typedValue
                            text: qsTr("編集する")
                            Accessible.name: text
                            Accessible.description: card.subject
                            implicitHeight: 48
                            onClicked: card.startEditing(card.mineValue === undefined || card.mineValue === null ? "" : String(card.mineValue))
                        }
                    }
                    ColumnLayout {
                        visible: card.editing
                        Layout.fillWidth: true
                        ScrollView {
                            Layout.fillWidth: true
                            Layout.preferredHeight: card.longText ? 200 : 56
                            MultiLineField {
                                id: editor
                                objectName: "editField"
                                Accessible.name: qsTr("%1の新しい値").arg(card.fieldLabel)
                                onTextChanged: if (card.editing && activeFocus)
                                                   Records.savePageDraft(card.draftKey, "qrc:/Kyodo/Ui/ConflictInboxPage.qml", "", "",
                                                                     qsTr("競合の解決: %1・%2").arg(card.recordTitle).arg(card.fieldLabel), { text: text })
                            }
                        }
                        RowLayout {
                            Button {
                                objectName: "useValue"
                                text: qsTr("この値にする")
                                Accessible.name: text
                                Accessible.description: card.subject
                                highlighted: true
                                implicitHeight: 48
                                onClicked: {
                                    // A saved resolution reloads the inbox and this card with it: nothing of it is used after.
                                    const key = card.draftKey
                                    if (conflicts.useValue(card.index, editor.text))
                                        Records.discardPageDraft(key)
                                }
                            }
                            Button {
                                text: qsTr("キャンセル")
                                Accessible.name: text
                                Accessible.description: card.subject
                                implicitHeight: 48
                                onClicked: card.stopEditing()
                            }
                        }
                    }
                }
            }
        }
    }
}
