// 撮影: the tablet's camera for a photo to attach at once. The picture is
// kept in memory and goes through the same preparation as a picked file;
// nothing is written to the pictures folder.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    property AttachmentListModel files
    title: qsTr("写真を撮る")

    CaptureSession {
        camera: Camera { active: page.StackView.status === StackView.Active }
        imageCapture: ImageCapture {
            id: capture
            onImageCaptured: (requestId, preview) => {
                if (page.files && page.files.attachImage(preview) && page.StackView.view)
                    page.StackView.view.pop()
            }
        }
        videoOutput: viewfinder
    }

    VideoOutput {
        id: viewfinder
        anchors.fill: parent
        anchors.bottomMargin: bar.height
    }

    ToolBar {
        id: bar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        RowLayout {
            anchors.fill: parent
            Button {
                text: qsTr("キャンセル")
                implicitHeight: 56
                Accessible.name: qsTr("キャンセル")
                onClicked: if (page.StackView.view) page.StackView.view.pop()
            }
            Label {
                text: page.files ? page.files.error : ""
                color: "#c62828"
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Button {
                objectName: "takePhoto"
                text: qsTr("撮影")
                highlighted: true
                implicitHeight: 56
                Layout.preferredWidth: 160
                enabled: capture.readyForCapture
                Accessible.name: qsTr("撮影")
                onClicked: capture.capture()
            }
        }
    }
}
