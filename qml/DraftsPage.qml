// Forms left unfinished: kept on the device as they were typed.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("下書き")
    property var drafts: Records.drafts()
    Connections {
        target: App
        function onCountsChanged() { page.drafts = Records.drafts() }
    }

    ListView {
        anchors.fill: parent
        model: page.drafts
        header: Label {
            text: page.drafts.length === 0 ? qsTr("下書きはありません") : qsTr("下書き %1 件").arg(page.drafts.length) // qmllint disable unqualified
            padding: 12
            font.pixelSize: 18
        }
        delegate: ItemDelegate {
            id: row
            required property var modelData
            required property int index
            objectName: "draft" + index
            width: ListView.view.width
            implicitHeight: Math.max(64, contentItem.implicitHeight + 16)
            readonly property string heading: (modelData.type.length === 0 ? qsTr("入力中")
                                               : modelData.typeLabel + (modelData.record.length > 0 ? qsTr("（編集中）") : qsTr("（新規）")))
                                              + Preferences.separator + modelData.when
            readonly property string summary: modelData.summary.length > 0 ? modelData.summary : qsTr("（まだ何も入力されていません）")
            Accessible.name: heading + " " + summary
            contentItem: ColumnLayout {
                spacing: 2
                Label {
                    text: row.heading
                    font.bold: true
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "draftSummary"
                    text: row.summary
                    opacity: 0.8
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                }
            }
            onClicked: {
                if (modelData.pageUrl !== undefined && modelData.pageUrl.length > 0)
                    page.StackView.view.push(modelData.pageUrl, { recordType: modelData.type })
                else
                    page.StackView.view.push("qrc:/Kyodo/Ui/RecordFormPage.qml",
                                             { recordType: modelData.type, recordId: modelData.record })
            }
        }
    }
}
