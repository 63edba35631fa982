// One field of a form with the control that fits its type: text, long text,
// whole numbers, yen with thousands separators, date and date-time pickers,
// choices with Japanese labels, the ward picker, a reference picked by the
// record's title, yes/no. The message under it
// is the engine's own validation message.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

ColumnLayout {
    id: editor
    property string fieldLabel
    property string type: "text"
    property bool isRequired: false
    property var currentValue
    property string errorText
    property var choices: []
    property int maxLength: -1
    // For an attachments field: the record (none yet on a new form), its key, and where the viewer opens.
    property string recordId
    property string recordType
    property string fieldKey
    property var stack: null // a StackView
    signal edited(var value)
    spacing: 2

    function text(v) { return v === undefined || v === null ? "" : String(v) }
    // The row of a choice list holding the stored value (0, （未選択）, when none):
    // computed from the list itself, so it holds as soon as the control exists
    // (ComboBox.indexOfValue answers -1 until its delegate model is built).
    function choiceIndex(list, v) {
        const wanted = text(v)
        for (let i = 0; i < list.length; ++i)
            if (list[i].value === wanted)
                return i
        return 0
    }
    // Text fields are never cut: the engine refuses what is over the limit, in
    // words; the counter shows how close the text is (in characters, as the engine counts).
    readonly property bool isText: type === "text" || type === "longtext"
    readonly property int textLimit: !isText ? -1 : maxLength > 0 ? maxLength : (type === "longtext" ? 20000 : 500)
    readonly property int typedLength: Array.from(text(currentValue)).length
    function withSeparators(v) {
        const digits = text(v).replace(/[,，¥￥\s]/g, "")
        return /^-?\d+$/.test(digits) ? Number(digits).toLocaleString(Qt.locale("ja_JP"), "f", 0) : text(v)
    }

    Label {
        text: editor.fieldLabel + (editor.isRequired ? qsTr("（必須）") : "")
        font.bold: true
    }
    Loader {
        id: loader
        Layout.fillWidth: true
        sourceComponent: {
            switch (editor.type) {
            case "longtext": return longTextControl
            case "int": return numberControl
            case "yen": return yenControl
            case "date": return dateControl
            case "datetime": return dateTimeControl
            case "enum": return choiceControl
            case "ref": return choiceControl // the records it may point to, by title
            case "ward": return wardControl
            case "bool": return boolControl
            case "attachments": return attachmentsControl
            default: return textControl
            }
        }
    }
    Label {
        objectName: "lengthCounter"
        visible: editor.textLimit > 0 && editor.typedLength >= editor.textLimit * 0.8
        text: qsTr("%1 / %2 文字").arg(editor.typedLength).arg(editor.textLimit)
        color: editor.typedLength > editor.textLimit ? "#c62828" : palette.text
        opacity: editor.typedLength > editor.textLimit ? 1 : 0.7
        Layout.alignment: Qt.AlignRight
    }
    Label {
        objectName: "fieldError"
        text: editor.errorText
        color: "#c62828"
        visible: text.length > 0
        wrapMode: Label.Wrap
        Layout.fillWidth: true
    }

    // The controls below read the editor by its id from inside Components.
    // That is sound QML, but qmllint 6.4 cannot bind a document's ids inside
    // a Component (pragma ComponentBehavior arrives in Qt 6.5), so its
    // "unqualified" check is off for them, and only for them.
    // qmllint disable unqualified
    Component {
        id: textControl
        TextField {
            objectName: "input"
            text: editor.text(editor.currentValue)
            implicitHeight: 48
            Accessible.name: editor.fieldLabel
            onTextEdited: editor.edited(text)
        }
    }
    Component {
        id: longTextControl
        MultiLineField {
            objectName: "input"
            text: editor.text(editor.currentValue)
            implicitHeight: Math.max(96, contentHeight + 24)
            Accessible.name: editor.fieldLabel
            onTextChanged: if (activeFocus) editor.edited(text)
        }
    }
    Component {
        id: numberControl
        TextField {
            objectName: "input"
            text: editor.text(editor.currentValue)
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            implicitHeight: 48
            Accessible.name: editor.fieldLabel
            onTextEdited: editor.edited(text)
        }
    }
    Component {
        id: yenControl
        RowLayout {
            Label { text: "¥" }
            TextField {
                objectName: "input"
                Layout.fillWidth: true
                text: editor.withSeparators(editor.currentValue)
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                horizontalAlignment: TextInput.AlignRight
                implicitHeight: 48
                Accessible.name: editor.fieldLabel
                onTextEdited: editor.edited(text)
                onEditingFinished: text = editor.withSeparators(text)
            }
            Label { text: qsTr("円") }
        }
    }
    Component {
        id: dateControl
        DateTimePicker {
            withTime: false
            accessibleName: editor.fieldLabel
            value: editor.text(editor.currentValue)
            onPicked: v => editor.edited(v)
        }
    }
    Component {
        id: dateTimeControl
        DateTimePicker {
            withTime: true
            accessibleName: editor.fieldLabel
            value: editor.text(editor.currentValue)
            onPicked: v => editor.edited(v)
        }
    }
    Component {
        id: choiceControl
        ChoiceBox {
            objectName: "input"
            textRole: "label"
            valueRole: "value"
            implicitHeight: 48
            model: [{ value: "", label: qsTr("（未選択）") }, ...editor.choices]
            currentIndex: editor.choiceIndex(model, editor.currentValue)
            accessibleName: editor.fieldLabel
            onActivated: editor.edited(currentValue === "" ? null : currentValue)
        }
    }
    Component {
        id: wardControl
        ChoiceBox {
            objectName: "input"
            textRole: "label"
            valueRole: "value"
            implicitHeight: 48
            model: [{ value: "", label: qsTr("（未選択）") }, ...Records.wards()]
            currentIndex: editor.choiceIndex(model, editor.currentValue)
            accessibleName: editor.fieldLabel
            onActivated: editor.edited(currentValue === "" ? null : currentValue)
        }
    }
    Component {
        id: boolControl
        Switch {
            objectName: "input"
            checked: editor.currentValue === true || editor.currentValue === "true"
            implicitHeight: 48
            Accessible.name: editor.fieldLabel
            onToggled: editor.edited(checked)
        }
    }
    // qmllint enable unqualified
    Component {
        id: attachmentsControl
        AttachmentStrip {
            id: strip
            recordId: editor.recordId // qmllint disable unqualified
            recordType: editor.recordType // qmllint disable unqualified
            field: editor.fieldKey // qmllint disable unqualified
            stack: editor.stack // qmllint disable unqualified
            showLabel: false
            // A record not saved yet: the files picked are kept encrypted at
            // once and are the field's value, saved with the record in one
            // step and kept in the form's draft meanwhile.
            staging: editor.recordId.length === 0 // qmllint disable unqualified
            readonly property var valueFiles: typeof editor.currentValue === "object" && editor.currentValue ? editor.currentValue : [] // qmllint disable unqualified
            function sameFiles(a, b) {
                if (a.length !== b.length)
                    return false
                for (let i = 0; i < a.length; ++i)
                    if (!a[i] || !b[i] || a[i].sha256 !== b[i].sha256)
                        return false
                return true
            }
            function writeValue() {
                if (!strip.sameFiles(strip.files.stagedFiles, strip.valueFiles))
                    editor.edited(strip.files.stagedFiles) // qmllint disable unqualified
            }
            Binding {
                target: strip.files
                property: "stagedFiles"
                when: strip.staging
                value: strip.valueFiles
            }
            // Only a change the person made becomes an edit: the form emptied
            // (a draft discarded) must not write a draft again.
            Connections {
                target: strip.files
                enabled: strip.staging
                function onStagedChanged() { strip.writeValue() }
            }
        }
    }
}
