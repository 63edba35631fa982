// Forms left unfinished: kept on the device as they were typed.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("下書き")
    property var drafts: App.drafts()
    Connections {
        target: App
        function onCountsChanged() { page.drafts = App.drafts() }
    }

    ListView {
        anchors.fill: parent
        model: page.drafts
        header: Label {
            text: page.drafts.length === 0 ? qsTr("下書きはありません") : qsTr("下書き %1 件").arg(page.drafts.length)
            padding: 12
            font.pixelSize: 18
        }
        delegate: ItemDelegate {
            required property var modelData
            width: ListView.view.width
            implicitHeight: 56
            text: modelData.typeLabel + (modelData.record.length > 0 ? qsTr("（編集中）") : qsTr("（新規）")) + "  " +
                  modelData.updatedAt.replace("T", " ").substring(0, 16)
            onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/RecordFormPage.qml",
                                                { recordType: modelData.type, recordId: modelData.record })
        }
    }
}
