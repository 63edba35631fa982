// One attached file, full size: a photo (pinch, Ctrl+wheel or 拡大/縮小 to
// look closer, then drag), or
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
    // How much of this file is here while it comes (not the queue's whole round).
    property int percentHere: Attachments.percentHere(sha256)
    // Counted off the screen's thread (Attachments.countPdfPages) once the file is here.
    property int pages: 0
    property bool counting: here && isPdf // until the count comes
    property string message: ""
    property real zoom: 1
    // What cannot be shown here is said, with the way out (他のアプリで開く).
    readonly property string unreadable: !here ? ""
        : isPdf && !counting && pages === 0 ? qsTr("このPDFはこの端末では表示できません。「他のアプリで開く」を試してください")
        : !isPdf && photo.status === Image.Error ? qsTr("この画像はこの端末では表示できません。「他のアプリで開く」を試してください")
        : ""
    title: fileName

    function zoomBy(factor) { page.zoom = Math.max(1, Math.min(8, page.zoom * factor)) }
    property bool countAsked: false
    function countPages() {
        if (!page.here || !page.isPdf || page.countAsked)
            return
        page.countAsked = true // once: here may change as the page is made, then it is complete
        page.counting = true
        Attachments.countPdfPages(page.sha256)
    }
    onHereChanged: countPages()
    Component.onCompleted: countPages()

    Connections {
        target: Attachments
        function onPdfPagesCounted(sha256, pages) {
            if (sha256 !== page.sha256)
                return
            page.pages = pages
            page.counting = false
        }
    }

    Connections {
        target: App.sync
        function onFilesChanged() {
            if (page.here)
                return
            // One store read per signal while it comes; whole and checked is asked only at 100%.
            page.percentHere = Attachments.percentHere(page.sha256)
            if (page.percentHere === 100)
                page.here = Attachments.isHere(page.sha256)
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            Label { text: page.fileName; elide: Label.ElideMiddle; Layout.fillWidth: true; font.bold: true; leftPadding: 8 }
            Label {
                objectName: "pdfPageCount"
                visible: page.pages > 0
                text: qsTr("全%1ページ").arg(page.pages)
            }
            Button {
                objectName: "zoomOut"
                text: qsTr("縮小")
                implicitHeight: 44
                visible: page.here && !page.isPdf
                enabled: page.zoom > 1
                Accessible.name: qsTr("縮小")
                onClicked: page.zoomBy(1 / 1.5)
            }
            Button {
                objectName: "zoomIn"
                text: qsTr("拡大")
                implicitHeight: 44
                visible: page.here && !page.isPdf
                enabled: page.zoom < 8
                Accessible.name: qsTr("拡大")
                onClicked: page.zoomBy(1.5)
            }
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
        visible: !page.here || page.counting || page.message.length > 0 || page.unreadable.length > 0
        text: page.message.length > 0 ? page.message
              : page.unreadable.length > 0 ? page.unreadable
              : page.here && page.counting ? qsTr("PDFを開いています…")
              : page.percentHere > 0 ? qsTr("受信中 %1%").arg(page.percentHere) : qsTr("サーバーから受信します（同期すると表示されます）")
        wrapMode: Label.Wrap
        width: parent.width - 32
        horizontalAlignment: Text.AlignHCenter
    }

    Flickable {
        id: flick
        anchors.fill: parent
        visible: page.here && !page.isPdf
        contentWidth: photo.width
        contentHeight: photo.height
        clip: true
        Image {
            id: photo
            objectName: "viewerImage"
            source: page.here && !page.isPdf ? "image://kyodo-blob/" + page.sha256 : ""
            width: flick.width * page.zoom
            height: flick.height * page.zoom
            fillMode: Image.PreserveAspectFit
            asynchronous: true
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("写真: %1").arg(page.fileName)
        }
        PinchHandler {
            target: null
            property real startZoom: 1
            onActiveChanged: if (active) startZoom = page.zoom
            onActiveScaleChanged: page.zoom = Math.max(1, Math.min(8, startZoom * activeScale))
        }
        WheelHandler {
            acceptedModifiers: Qt.ControlModifier
            onWheel: (event) => page.zoomBy(event.angleDelta.y > 0 ? 1.25 : 0.8)
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
            Accessible.role: Accessible.Graphic
            Accessible.name: qsTr("%1 %2/%3ページ").arg(page.fileName).arg(index + 1).arg(page.pages) // qmllint disable unqualified
        }
    }
}
