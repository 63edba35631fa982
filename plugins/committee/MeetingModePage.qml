// 会議モード: one meeting in large type for a committee member's tablet: its
// date and venue, the agenda (mark each item discussed, write the decision,
// add an item raised in the room), attendance (tap who is here, add a
// member) and the minutes. Agenda, attendance and minutes belong to the
// meeting by reference, not by its retyped title. Everything is saved on the
// device, offline; decisions and minutes being written are kept as drafts
// until saved. Synced after the meeting. On a tablet the side bar steps aside.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.Plugin
import Kyodo.Ui
import Kyodo.Committee

Page {
    id: page
    property string recordType: "committee.meeting"
    title: qsTr("会議モード")
    font.pixelSize: 22
    // The meeting shown: its record id and its values.
    readonly property string meetingId: meetingBox.currentIndex >= 0 && meetingBox.currentIndex < meetings.count ? meetings.idAt(meetingBox.currentIndex) : ""
    property var meetingValues: ({})
    readonly property string pageUrl: Qt.resolvedUrl("MeetingModePage.qml")
    readonly property var kinds: (Plugin.separator, Plugin.fieldOptions("committee.agenda_item", "kind")) // read again in the other language
    property string message: ""

    function refreshMeeting() { meetingValues = meetingBox.currentIndex >= 0 ? meetings.valuesAt(meetingBox.currentIndex) : ({}) }
    // The "text" of a saved record's values or of a draft (undefined when none).
    function textOf(values) { return values.text }
    function kindLabel(value) {
        const k = kinds.find(o => o.value === value)
        return k ? k.label : ""
    }
    function save(result) {
        message = result.error !== undefined ? result.error : ""
        return result.error === undefined
    }

    // A tablet in a meeting wants the whole screen; the ☰ button brings the side bar back.
    // (The window is kept: while the page is being destroyed it is no longer in one.)
    property var hidSideBarOf: null
    Component.onCompleted: {
        const w = ApplicationWindow.window
        if (w && w.sideBarHidden !== undefined && !w.sideBarHidden && w.width <= 1366) {
            w.sideBarHidden = true
            hidSideBarOf = w
        }
    }
    Component.onDestruction: if (hidSideBarOf) hidSideBarOf.sideBarHidden = false

    RecordListModel {
        id: meetings
        recordType: "committee.meeting"
        sortField: "held_on"
        descending: true
        onCountChanged: page.refreshMeeting()
        onDataChanged: page.refreshMeeting()
        onModelReset: page.refreshMeeting()
    }
    RecordListModel {
        id: agenda
        objectName: "agendaModel"
        recordType: "committee.agenda_item"
        filterField: "meeting"
        filterValue: page.meetingId
        sortField: "order"
    }
    RecordListModel {
        id: attendance
        objectName: "attendanceModel"
        recordType: "committee.attendance"
        filterField: "meeting"
        filterValue: page.meetingId
        sortField: "member"
    }
    RecordListModel {
        id: minutes
        objectName: "minutesModel"
        recordType: "committee.minutes"
        filterField: "meeting"
        filterValue: page.meetingId
        // Rows change in place on a save: bindings that read a row count these.
        property int revision: 0
        onDataChanged: ++revision
        onModelReset: ++revision
    }

    header: ToolBar {
        ColumnLayout {
            anchors.fill: parent
            RowLayout {
                Label { text: qsTr("委員会"); leftPadding: 8 }
                ChoiceBox {
                    id: meetingBox
                    objectName: "meetingBox"
                    Layout.fillWidth: true
                    implicitHeight: 56
                    model: meetings
                    textRole: "title"
                    accessibleName: qsTr("委員会")
                    onCurrentIndexChanged: page.refreshMeeting()
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
            Label {
                objectName: "meetingWhenWhere"
                visible: page.meetingId.length > 0
                text: [page.meetingValues.held_on ? Plugin.displayDateTime(page.meetingValues.held_on) : "",
                       page.meetingValues.venue || ""].filter(t => t.length > 0).join(Plugin.separator)
                font.pixelSize: 18
                leftPadding: 8
                bottomPadding: 4
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
            Label {
                objectName: "meetingMessage"
                text: page.message
                color: "#c62828"
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            // The papers, where there are any: the room sees what it discusses
            // (they are added on the meeting's or the item's own page).
            AttachmentStrip {
                id: meetingPapers
                objectName: "meetingDocuments"
                visible: page.meetingId.length > 0 && meetingPapers.files.count > 0
                Layout.fillWidth: true
                recordId: page.meetingId
                field: "documents"
                stack: page.StackView.view
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
                    readonly property string draftKey: "committee.decision." + recordId
                    function saveDecision() {
                        if (page.save(Plugin.editRecord(item.recordId, { decision: decision.text }))) // qmllint disable unqualified
                            Plugin.discardPageDraft(draftKey)
                    }
                    Layout.fillWidth: true
                    ColumnLayout {
                        anchors.fill: parent
                        RowLayout {
                            Label {
                                text: page.kindLabel(item.values.kind) + Plugin.separator + item.title // qmllint disable unqualified
                                font.bold: true
                                wrapMode: Label.Wrap
                                Layout.fillWidth: true
                            }
                            Switch {
                                objectName: "discussed"
                                text: qsTr("審議済み")
                                Accessible.name: qsTr("%1: 審議済み").arg(item.title)
                                checked: item.values.discussed === true
                                implicitHeight: 56
                                onToggled: page.save(Plugin.editRecord(item.recordId, { discussed: checked })) // qmllint disable unqualified
                            }
                        }
                        MultiLineField {
                            id: decision
                            objectName: "decision"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 100
                            placeholderText: qsTr("決定事項")
                            Accessible.name: qsTr("%1の決定事項").arg(item.title)
                            // Not a binding: a change arriving for this item (another
                            // device, or "discussed" toggled) must not wipe what is being typed.
                            // A decision written before a close comes back from its draft.
                            Component.onCompleted: {
                                const draft = Plugin.pageDraft(item.draftKey)
                                text = draft.text !== undefined ? draft.text : (item.values.decision || "")
                            }
                            Connections {
                                target: item
                                function onValuesChanged() {
                                    if (!decision.activeFocus && page.textOf(Plugin.pageDraft(item.draftKey)) === undefined) // qmllint disable unqualified
                                        decision.text = item.values.decision || ""
                                }
                            }
                            onTextChanged: if (activeFocus && text !== (item.values.decision || ""))
                                               Plugin.savePageDraft(item.draftKey, page.pageUrl, "committee.agenda_item", "committee",
                                                                 qsTr("決定事項: %1").arg(item.title), { text: text })
                            // Leaving the box (tapping the next item, the switch) saves what was written.
                            onEditingFinished: if (text !== (item.values.decision || "")) item.saveDecision()
                        }
                        Button {
                            objectName: "saveDecision"
                            text: qsTr("決定事項を保存")
                            Accessible.name: qsTr("%1の決定事項を保存").arg(item.title)
                            implicitHeight: 56
                            enabled: decision.text !== (item.values.decision || "")
                            onClicked: item.saveDecision()
                        }
                        AttachmentStrip {
                            id: itemPapers
                            objectName: "agendaDocuments"
                            visible: itemPapers.files.count > 0
                            Layout.fillWidth: true
                            recordId: item.recordId
                            field: "documents"
                            subject: item.title
                            stack: page.StackView.view // qmllint disable unqualified
                        }
                    }
                }
            }
            // An item raised in the room.
            RowLayout {
                visible: page.meetingId.length > 0
                Layout.fillWidth: true
                ChoiceBox {
                    id: newKind
                    objectName: "newItemKind"
                    model: page.kinds
                    textRole: "label"
                    valueRole: "value"
                    implicitHeight: 56
                    accessibleName: qsTr("議題の区分")
                }
                TextField {
                    id: newSubject
                    objectName: "newItemSubject"
                    Layout.fillWidth: true
                    implicitHeight: 56
                    placeholderText: qsTr("議題を追加")
                    Accessible.name: qsTr("追加する議題")
                }
                Button {
                    objectName: "addItem"
                    text: qsTr("追加")
                    implicitHeight: 56
                    enabled: newSubject.text.trim().length > 0
                    onClicked: {
                        if (page.save(Plugin.createRecord("committee.agenda_item", "committee",
                                                       { meeting: page.meetingId, order: agenda.count + 1, kind: newKind.currentValue,
                                                         subject: newSubject.text.trim() })))
                            newSubject.text = ""
                    }
                }
            }
            Label { text: qsTr("出欠"); font.bold: true; Layout.topMargin: 12; visible: page.meetingId.length > 0 }
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
                        Accessible.name: qsTr("%1 出席").arg(title)
                        onToggled: page.save(Plugin.editRecord(recordId, { present: checked })) // qmllint disable unqualified
                    }
                }
            }
            RowLayout {
                visible: page.meetingId.length > 0
                Layout.fillWidth: true
                TextField {
                    id: newMember
                    objectName: "newMember"
                    Layout.fillWidth: true
                    implicitHeight: 56
                    placeholderText: qsTr("出席した委員を追加（氏名）")
                    Accessible.name: qsTr("出席した委員の氏名")
                }
                Button {
                    objectName: "addMember"
                    text: qsTr("出席を記録")
                    implicitHeight: 56
                    enabled: newMember.text.trim().length > 0
                    onClicked: {
                        if (page.save(Plugin.createRecord("committee.attendance", "committee",
                                                       { meeting: page.meetingId, member: newMember.text.trim(), present: true })))
                            newMember.text = ""
                    }
                }
            }
            Label { text: qsTr("議事録"); font.bold: true; Layout.topMargin: 12; visible: page.meetingId.length > 0 }
            MultiLineField {
                id: minutesText
                objectName: "minutesText"
                visible: page.meetingId.length > 0
                // The minutes saved from this page are known at once: the list
                // learns of them only after it reloads, and a second tap before
                // that must edit them, not make a second record.
                property string createdId: ""
                readonly property string minutesId: minutes.count > 0 ? minutes.idAt(0) : createdId
                readonly property string saved: minutes.revision >= 0 && minutes.count > 0 ? (page.textOf(minutes.valuesAt(0)) || "") : ""
                readonly property string draftKey: "committee.minutes." + page.meetingId
                function load() {
                    const draft = Plugin.pageDraft(draftKey)
                    text = page.textOf(draft) !== undefined ? page.textOf(draft) : saved
                }
                Layout.fillWidth: true
                Layout.preferredHeight: 200
                placeholderText: qsTr("議事録（発言の要旨など）")
                Accessible.name: qsTr("議事録")
                onDraftKeyChanged: { createdId = ""; load() }
                onSavedChanged: if (!activeFocus) load()
                onTextChanged: if (activeFocus && text !== saved)
                                   Plugin.savePageDraft(draftKey, page.pageUrl, "committee.minutes", "committee",
                                                     qsTr("議事録: %1").arg(meetingBox.currentText), { text: text })
            }
            Button {
                objectName: "saveMinutes"
                visible: page.meetingId.length > 0
                text: qsTr("議事録を保存")
                implicitHeight: 56
                Layout.bottomMargin: 16
                enabled: minutesText.text !== minutesText.saved
                onClicked: {
                    const key = minutesText.draftKey
                    const result = minutesText.minutesId.length > 0
                        ? Plugin.editRecord(minutesText.minutesId, { text: minutesText.text })
                        : Plugin.createRecord("committee.minutes", "committee",
                                           { meeting: page.meetingId, text: minutesText.text, written_by: Plugin.userName })
                    if (!page.save(result))
                        return
                    if (result.id !== undefined)
                        minutesText.createdId = result.id
                    Plugin.discardPageDraft(key)
                }
            }
        }
    }
}
