// The generic form of any record type, built from its schema. What is typed
// is kept as a draft on the device at once; reopening offers to continue or
// discard it. Validation messages appear next to each field, in the same
// words the engine and server use.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    property string recordType
    property string recordId
    property alias form: form
    title: form.title

    RecordForm {
        id: form
        objectName: "recordForm"
        recordType: page.recordType
        recordId: page.recordId
        onSaved: id => {
            savedNotice.open()
            if (page.StackView.view && page.StackView.view.depth > 1)
                page.StackView.view.replace(page, "qrc:/Kyodo/Ui/RecordDetailPage.qml", { recordId: id })
        }
    }

    // Ctrl+S saves, for people who work with the keyboard alone.
    Shortcut {
        sequences: [StandardKey.Save] // qmllint disable unqualified
        enabled: page.StackView.status === StackView.Active
        onActivated: form.save()
    }

    ScrollView {
        anchors.fill: parent
        anchors.bottomMargin: actionBar.height
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width - 32
            x: 16
            spacing: 8
            Frame {
                objectName: "draftBanner"
                visible: form.draftAvailable
                Layout.fillWidth: true
                Layout.topMargin: 8
                RowLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("保存していない下書きがあります（%1）").arg(Preferences.displayDateTime(form.draftSavedAt))
                        wrapMode: Label.Wrap
                        Layout.fillWidth: true
                    }
                    Button { objectName: "continueDraft"; text: qsTr("続ける"); implicitHeight: 48; onClicked: form.continueDraft() }
                    Button { objectName: "discardDraft"; text: qsTr("破棄する"); implicitHeight: 48; onClicked: form.discardDraft() }
                }
            }
            Label {
                text: qsTr("保存先")
                visible: form.isNew
                Layout.topMargin: 8
            }
            ChoiceBox {
                id: scopeBox
                objectName: "scopeBox"
                accessibleName: qsTr("保存先")
                visible: form.isNew
                Layout.fillWidth: true
                textRole: "label"
                valueRole: "scope"
                model: Records.scopesFor(page.recordType)
                onActivated: form.scope = currentValue
                Component.onCompleted: if (form.isNew && form.scope.length === 0 && count > 0) form.scope = valueAt(0)
                Connections {
                    target: form
                    function onScopeChanged() { scopeBox.currentIndex = scopeBox.indexOfValue(form.scope) }
                }
            }
            Repeater {
                model: form
                delegate: FieldEditor {
                    required property string key
                    required property string label
                    required property string fieldType
                    required property bool required
                    required property var value
                    required property string error
                    required property var options
                    required property var max
                    Layout.fillWidth: true
                    objectName: "field_" + key
                    fieldLabel: label
                    fieldKey: key
                    recordId: form.recordId // qmllint disable unqualified
                    recordType: page.recordType // qmllint disable unqualified
                    stack: page.StackView.view // qmllint disable unqualified
                    type: fieldType
                    isRequired: required
                    currentValue: value
                    errorText: error
                    choices: options
                    maxLength: max === undefined ? -1 : max
                    onEdited: v => form.setValue(key, v)
                }
            }
        }
    }

    // Always in reach, however long the form: save, cancel, and why not.
    // A bar at the foot of the page, not the Page footer: Tab reaches it
    // after the fields, in the order a person fills the page.
    ToolBar {
        id: actionBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        ColumnLayout {
            anchors.fill: parent
            Label {
                objectName: "formError"
                text: form.errorText
                color: "#c62828"
                elide: Label.ElideRight
                Layout.fillWidth: true
                visible: text.length > 0
                leftPadding: 8
            }
            RowLayout {
                Button {
                    objectName: "saveButton"
                    text: qsTr("保存")
                    highlighted: true
                    implicitHeight: 48
                    onClicked: form.save()
                }
                Button {
                    objectName: "cancelButton"
                    text: qsTr("キャンセル")
                    implicitHeight: 48
                    onClicked: if (page.StackView.view) page.StackView.view.pop()
                }
                Label {
                    text: qsTr("入力内容は自動で端末に下書き保存されます")
                    opacity: 0.7
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                }
            }
        }
    }

    ToolTip {
        id: savedNotice
        text: qsTr("端末に保存しました")
        timeout: 2000
    }
}
