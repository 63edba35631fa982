// The generic list of any record type: search, ward and fiscal-year filters,
// sort. The model reads rows as they scroll into view (100,000 stay smooth).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    property string recordType
    // Names the language so that a switch in 設定 reads the labels again
    // (retranslate() re-runs only bindings that call qsTr).
    readonly property var typeInfo: (Preferences.language, Records.typeInfo(recordType))
    title: typeInfo.label || recordType

    // The parts of a row a screen reader reads after its title, the empty ones left out.
    function joined(parts) { return parts.filter(part => part.length > 0).join(Preferences.separator) }
    function fieldLabel(key) {
        const fields = page.typeInfo.fields || []
        for (let i = 0; i < fields.length; ++i)
            if (fields[i].key === key)
                return fields[i].label
        return key
    }

    RecordListModel {
        id: records
        objectName: "recordListModel"
        recordType: page.recordType
        search: searchField.text
        scope: wardBox.currentValue || ""
        fiscalYear: yearBox.currentValue || 0
        sortField: sortBox.currentValue || ""
        descending: descendingButton.checked
    }

    header: ToolBar {
        // The controls wrap onto a second line on a narrow window; the bar grows with them.
        implicitHeight: toolFlow.implicitHeight + 8
        Flow {
            id: toolFlow
            x: 4
            y: 4
            width: parent.width - 8
            spacing: 8
            TextField {
                id: searchField
                objectName: "searchField"
                width: 220
                implicitHeight: 44
                placeholderText: qsTr("検索")
                Accessible.name: qsTr("検索")
            }
            ChoiceBox {
                id: wardBox
                accessibleName: qsTr("区で絞り込む")
                width: 150
                implicitHeight: 44
                textRole: "label"
                valueRole: "scope"
                model: [{ scope: "", label: qsTr("すべての区") }, ...Records.wards()]
            }
            ChoiceBox {
                id: yearBox
                accessibleName: qsTr("年度で絞り込む")
                width: 150
                implicitHeight: 44
                textRole: "label"
                valueRole: "value"
                model: [{ value: 0, label: qsTr("すべての年度") }, ...Records.fiscalYears()]
            }
            ChoiceBox {
                id: sortBox
                accessibleName: qsTr("並べ替え")
                width: 170
                implicitHeight: 44
                textRole: "label"
                valueRole: "key"
                model: [{ key: "", label: qsTr("新しい順") }, ...Array.from(records.columns, k => ({ key: k, label: page.fieldLabel(k) }))]
            }
            ToolButton {
                id: descendingButton
                checkable: true
                text: checked ? "▼" : "▲"
                implicitHeight: 48
                Accessible.name: qsTr("並び順を逆にする")
            }
            Button {
                objectName: "newButton"
                // Nowhere to keep one (every scope for it read-only): nothing to offer.
                visible: Session.scopes.length >= 0 && Records.scopesFor(page.recordType).length > 0
                text: qsTr("＋ 新規")
                highlighted: true
                implicitHeight: 48
                onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/RecordFormPage.qml", { recordType: page.recordType })
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        Label {
            text: records.error.length > 0 ? records.error : qsTr("%1 件").arg(records.count)
            color: records.error.length > 0 ? "#c62828" : palette.text
            padding: 8
        }
        ListView {
            id: list
            objectName: "recordList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: records
            reuseItems: true
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn }
            delegate: ItemDelegate {
                id: row
                required property string recordId
                required property string title
                required property string subtitle
                required property string scopeLabel
                required property string receipt
                required property string receiptLabel
                required property bool deleted
                required property int index
                objectName: "recordRow" + row.index
                width: ListView.view.width
                implicitHeight: 64
                // Read by its title, as it is found on screen; the rest of the row as its description.
                text: row.title
                Accessible.name: text // set, or a description alone leaves the name empty
                Accessible.description: page.joined([row.subtitle, row.scopeLabel, row.receiptLabel, row.deleted ? qsTr("削除済み") : ""]) // qmllint disable unqualified
                onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/RecordDetailPage.qml", { recordId: row.recordId }) // qmllint disable unqualified
                contentItem: RowLayout {
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            text: row.title
                            font.strikeout: row.deleted
                            elide: Label.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: row.subtitle
                            opacity: 0.7
                            elide: Label.ElideRight
                            Layout.fillWidth: true
                            font.pixelSize: 12
                        }
                    }
                    Label { text: row.scopeLabel; opacity: 0.7 }
                    ReceiptChip { objectName: "rowReceipt"; state: row.receipt; label: row.receiptLabel }
                }
            }
        }
    }
}
