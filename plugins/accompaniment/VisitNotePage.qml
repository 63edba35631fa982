// 訪問記録をすばやく入力: a supporter back from a group writes the note and
// the follow-ups it leaves in one screen. The supporter's own groups come
// first; the time (now, editable), the group's name and the supporter are
// filled in. What is typed, and the photos picked (kept encrypted on the
// device), are kept as a draft at once, so closing the app or going home
// loses nothing. The note and its follow-ups are saved as one:
// all of them or none, each checked before anything is written, under an id
// chosen once per note, so pressing 保存 again can never save it twice.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.Plugin
import Kyodo.Ui
import Kyodo.Accompaniment

Page {
    id: page
    property string recordType: "accompaniment.visit_note"
    readonly property string draftKey: "accompaniment.visit_quick_entry"
    title: qsTr("訪問記録をすばやく入力")
    property string message: ""
    property bool messageIsError: false
    // The follow-up row (0–2) whose input stopped the save, or -1.
    property int faultyRow: -1
    // Chosen when a note is started; the same id on every retry of that note.
    property string noteId: Plugin.newRecordId()
    // False while a draft is being put back: restoring is not typing.
    property bool keepingDrafts: false
    // The groups this supporter is assigned to now (伴走支援者の配置), then
    // their other group scopes, then the city scope.
    readonly property string today: Qt.formatDate(new Date(), "yyyy-MM-dd")
    readonly property var assignedScopes: {
        const out = []
        for (let i = 0; i < myAssignments.count; ++i) {
            const a = myAssignments.valuesAt(i)
            if ((a.from || "") <= today && (!a.to || a.to >= today))
                out.push(myAssignments.scopeAt(i))
        }
        return out
    }
    function placeRank(scope) { return assignedScopes.includes(scope) ? 0 : scope.startsWith("group:") ? 1 : 2 }
    readonly property var places: Array.from(Plugin.scopesFor(recordType)).sort((a, b) => placeRank(a.scope) - placeRank(b.scope))
    // The group the supporter picked (or a draft named): kept when the order
    // changes as the assignments load, so a note never moves to another group.
    property string chosenScope: ""
    onPlacesChanged: keepChosenPlace.restart()
    Timer {
        id: keepChosenPlace
        interval: 0 // once the box has its new list
        onTriggered: {
            const at = page.chosenScope.length > 0 ? page.places.findIndex(p => p.scope === page.chosenScope) : 0
            placeBox.currentIndex = Math.max(0, at)
            if (page.chosenScope.length === 0)
                page.suggestGroupName()
        }
    }
    readonly property var kinds: (Plugin.separator, Plugin.fieldOptions(recordType, "kind")) // read again in the other language

    function pad(n) { return (n < 10 ? "0" : "") + n }
    function now() {
        const d = new Date()
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes())
    }
    function scope() { return places.length > 0 ? places[placeBox.currentIndex].scope : "" }
    // The group's name as its earlier records give it, unless the supporter typed one.
    function suggestGroupName() {
        if (!groupField.edited)
            groupField.text = Plugin.groupName(scope())
    }
    function followUpRows() {
        const rows = []
        for (let i = 0; i < followUps.count; ++i) {
            const row = followUps.itemAt(i)
            rows.push({ action: row.action, due: row.due, owner: row.owner })
        }
        return rows
    }
    function values() {
        return { noteId: noteId, scope: scope(), visited_at: visitedAt.value, kind: kindBox.currentValue,
                 group_name: groupField.text, summary: summaryField.text, note: noteField.text, followUps: followUpRows(),
                 photos: photoStrip.files.stagedFiles }
    }
    function touched() {
        return summaryField.text.length > 0 || noteField.text.length > 0 || followUpRows().some(r => r.action.length > 0)
            || photoStrip.files.stagedFiles.length > 0
    }
    function keepDraft() {
        if (!keepingDrafts)
            return
        if (!touched()) {
            Plugin.discardPageDraft(draftKey)
            return
        }
        const label = Array.of(groupField.text, summaryField.text, Plugin.displayDateTime(visitedAt.value)).filter(t => t.length > 0).join(Plugin.separator)
        Plugin.savePageDraft(draftKey, Qt.resolvedUrl("VisitNotePage.qml"), recordType, scope(), label, values())
    }
    function restoreDraft() {
        const d = Plugin.pageDraft(draftKey)
        if (d.noteId === undefined)
            return false
        noteId = d.noteId
        const at = places.findIndex(p => p.scope === d.scope)
        if (at >= 0) {
            placeBox.currentIndex = at
            chosenScope = d.scope
        }
        visitedAt.value = d.visited_at || now()
        kindBox.currentIndex = Math.max(0, kindBox.indexOfValue(d.kind))
        groupField.text = d.group_name || ""
        groupField.edited = true
        summaryField.text = d.summary || ""
        noteField.text = d.note || ""
        const rows = d.followUps || []
        for (let i = 0; i < followUps.count && i < rows.length; ++i)
            followUps.itemAt(i).restore(rows[i])
        photoStrip.files.stagedFiles = d.photos || []
        message = qsTr("保存していない入力を元に戻しました")
        messageIsError = photoStrip.files.error.length > 0
        if (messageIsError)
            message += " " + photoStrip.files.error
        return true
    }
    function startNew() {
        noteId = Plugin.newRecordId()
        visitedAt.value = now()
        kindBox.currentIndex = Math.max(0, kindBox.indexOfValue("visit"))
        groupField.edited = false
        summaryField.text = ""
        noteField.text = ""
        for (let j = 0; j < followUps.count; ++j)
            followUps.itemAt(j).clear()
        photoStrip.files.clearStaged()
        suggestGroupName()
    }
    function save() {
        if (places.length === 0) {
            message = qsTr("訪問記録を保存できる団体がありません（担当の付与を依頼してください）")
            messageIsError = true
            return
        }
        const records = [{ id: noteId, type: recordType, scope: scope(), label: qsTr("訪問記録"),
                           fields: { visited_at: visitedAt.value, supporter: Plugin.userName, kind: kindBox.currentValue,
                                     group_name: groupField.text, summary: summaryField.text, note: noteField.text } }]
        const rows = followUpRows()
        const rowOf = [-1]
        for (let i = 0; i < rows.length; ++i) {
            if (rows[i].action.length === 0 && rows[i].due.length === 0)
                continue // an empty row
            records.push({ type: "accompaniment.follow_up", scope: scope(), label: qsTr("フォローアップ %1").arg(i + 1),
                           fields: { visit: noteId, action: rows[i].action, due_on: rows[i].due, owner: rows[i].owner, status: "open" } })
            rowOf.push(i)
        }
        const result = Plugin.createRecords(records)
        if (result.error !== undefined && !result.duplicate) {
            message = qsTr("保存していません。%1").arg(result.error)
            messageIsError = true
            faultyRow = result.index !== undefined ? rowOf[result.index] : -1
            return
        }
        message = result.duplicate ? qsTr("この訪問記録はすでに保存されています")
                                   : qsTr("保存しました（訪問記録 1 件、フォローアップ %1 件）").arg(records.length - 1)
        messageIsError = false
        faultyRow = -1
        // The photos picked for this note go with it now that it is saved. If
        // they cannot, the page and its draft stay on this note: 保存 again
        // finds the note saved and attaches them then.
        if (!photoStrip.commit(noteId)) {
            message = qsTr("記録は保存しましたが、写真を添付できませんでした。%1 もう一度「保存」を押すと添付します").arg(photoStrip.files.error)
            messageIsError = true
            return
        }
        keepingDrafts = false
        Plugin.discardPageDraft(draftKey)
        startNew()
        keepingDrafts = true
    }

    RecordListModel {
        id: myAssignments
        objectName: "myAssignments"
        recordType: "accompaniment.assignment"
        filterField: "supporter"
        filterValue: Plugin.userName
    }

    Component.onCompleted: {
        if (!restoreDraft())
            startNew()
        keepingDrafts = true
    }

    ScrollView {
        anchors.fill: parent
        anchors.bottomMargin: actionBar.height
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(760, parent.width - 32)
            x: 16
            spacing: 8
            Label { text: qsTr("団体"); Layout.topMargin: 12 }
            ChoiceBox {
                id: placeBox
                objectName: "placeBox"
                Layout.fillWidth: true
                implicitHeight: 48
                textRole: "label"
                model: page.places
                accessibleName: qsTr("団体")
                onActivated: { page.chosenScope = page.scope(); page.suggestGroupName(); page.keepDraft() }
            }
            TextField {
                id: groupField
                objectName: "groupField"
                // Typed by the supporter (not the name suggested from earlier records).
                property bool edited: false
                Layout.fillWidth: true
                implicitHeight: 48
                placeholderText: qsTr("団体名")
                Accessible.name: qsTr("団体名")
                onTextEdited: { edited = true; page.keepDraft() }
            }
            Label { text: qsTr("日時") }
            DateTimePicker {
                id: visitedAt
                objectName: "visitedAt"
                withTime: true
                accessibleName: qsTr("日時")
                Layout.fillWidth: true
                onPicked: v => { value = v; page.keepDraft() } // qmllint disable unqualified
            }
            Label { text: qsTr("形態") }
            ChoiceBox {
                id: kindBox
                objectName: "kindBox"
                Layout.fillWidth: true
                implicitHeight: 48
                textRole: "label"
                valueRole: "value"
                model: page.kinds
                accessibleName: qsTr("形態")
                onActivated: page.keepDraft()
            }
            Label { text: qsTr("要点（一行）") }
            TextField {
                id: summaryField
                objectName: "summaryField"
                Layout.fillWidth: true
                implicitHeight: 48
                Accessible.name: qsTr("要点（一行）")
                onTextChanged: page.keepDraft()
            }
            Label { text: qsTr("記録") }
            MultiLineField {
                id: noteField
                objectName: "noteField"
                Layout.fillWidth: true
                Layout.preferredHeight: 140
                Accessible.name: qsTr("記録")
                onTextChanged: page.keepDraft()
            }
            AttachmentStrip {
                id: photoStrip
                objectName: "visitPhotos"
                Layout.fillWidth: true
                Layout.topMargin: 8
                recordType: page.recordType
                field: "photos"
                staging: true
                addText: qsTr("写真を追加")
                stack: page.StackView.view
                Connections {
                    target: photoStrip.files
                    function onStagedChanged() { page.keepDraft() }
                }
            }
            Label { text: qsTr("フォローアップ（やること・期日・担当）"); font.bold: true; Layout.topMargin: 8 }
            Repeater {
                id: followUps
                model: 3
                delegate: Rectangle {
                    id: followUp
                    required property int index
                    property alias action: actionField.text
                    property alias due: dueField.value
                    property alias owner: ownerField.text
                    function clear() { actionField.text = ""; dueField.value = ""; ownerField.text = Plugin.userName }
                    function restore(row) { actionField.text = row.action || ""; dueField.value = row.due || ""; ownerField.text = row.owner || Plugin.userName }
                    Layout.fillWidth: true
                    implicitHeight: rowLayout.implicitHeight + 8
                    color: "transparent"
                    radius: 4
                    border.width: page.faultyRow === index ? 2 : 0 // qmllint disable unqualified
                    border.color: "#c62828"
                    RowLayout {
                        id: rowLayout
                        anchors.fill: parent
                        anchors.margins: 4
                        TextField {
                            id: actionField
                            objectName: "followUpAction" + followUp.index
                            Layout.fillWidth: true
                            implicitHeight: 48
                            placeholderText: qsTr("やること")
                            Accessible.name: qsTr("フォローアップ %1 のやること").arg(followUp.index + 1)
                            onTextChanged: page.keepDraft() // qmllint disable unqualified
                        }
                        DateTimePicker {
                            id: dueField
                            objectName: "followUpDue" + followUp.index
                            withTime: false
                            accessibleName: qsTr("フォローアップ %1 の期日").arg(followUp.index + 1)
                            Layout.preferredWidth: 300
                            onPicked: v => { value = v; page.keepDraft() } // qmllint disable unqualified
                        }
                        TextField {
                            id: ownerField
                            objectName: "followUpOwner" + followUp.index
                            Layout.preferredWidth: 120
                            implicitHeight: 48
                            text: Plugin.userName
                            Accessible.name: qsTr("フォローアップ %1 の担当").arg(followUp.index + 1)
                            onTextEdited: page.keepDraft() // qmllint disable unqualified
                        }
                    }
                }
            }
        }
    }

    // Always in reach, however long the note: the message and 保存.
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
                objectName: "visitMessage"
                text: page.message
                color: page.messageIsError ? "#c62828" : "#2e7d32"
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                visible: text.length > 0
                leftPadding: 8
            }
            RowLayout {
                Button {
                    objectName: "saveVisit"
                    text: qsTr("保存")
                    highlighted: true
                    implicitHeight: 48
                    Layout.preferredWidth: 200
                    enabled: summaryField.text.length > 0
                    onClicked: page.save()
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
}
