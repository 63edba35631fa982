// One attached file, full size: a photo (pinch or scroll to look closer), or
// every page of a PDF rendered on the device (poppler), all from the
// encrypted store. A file not on this device yet is fetched first; any file
// can be handed to another app through a temporary copy.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    property string sha256
    property string fileName
    property bool isPdf: false
    property bool here: Attachments.fetch(sha256)
    readonly property int pages: here && isPdf ? Attachments.pdfPageCount(sha256) : 0
    property string message: ""
    title: fileName

    Connections {
        target: App.sync
        function onFilesChanged() { if (!page.here) page.here = Attachments.isHere(page.sha256) }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label { text: page.fileName; elide: Label.ElideMiddle; Layout.fillWidth: true; font.bold: true; leftPadding: 8 }
            Button {
                objectName: "openExternally"
                text: qsTr("他のアプリで開く")
                implicitHeight: 44
                enabled: page.here
                Accessible.name: qsTr("他のアプリで開く")
                onClicked: page.message = Attachments.openExternally(page.sha256)
            }
        }
    }

    Label {
        objectName: "viewerStatus"
        anchors.centerIn: parent
        visible: !page.here || page.message.length > 0
        text: page.message.length > 0 ? page.message
              : App.sync.filesBusy ? qsTr("受信中 %1%").arg(App.sync.filesPercent) : qsTr("サーバーから受信します（同期すると表示されます）")
        wrapMode: Label.Wrap
        width: parent.width - 32
        horizontalAlignment: Text.AlignHCenter
    }

    Flickable {
        anchors.fill: parent
        visible: page.here && !page.isPdf
        contentWidth: photo.width
        contentHeight: photo.height
        clip: true
        Image {
            id: photo
            objectName: "viewerImage"
            source: page.here && !page.isPdf ? "image://kyodo-blob/" + page.sha256 : ""
            width: page.width
            height: page.height
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }
    }

    ListView {
        objectName: "pdfPages"
        anchors.fill: parent
        visible: page.here && page.isPdf
        model: page.pages
        spacing: 12
        clip: true
        delegate: Image {
            required property int index
            width: ListView.view.width
            source: "image://kyodo-blob/" + page.sha256 + "/page/" + index // qmllint disable unqualified
            sourceSize.width: Math.min(1600, width)
            fillMode: Image.PreserveAspectFit
            asynchronous: true
        }
    }
}
