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
    // Opens the strip's file dialog: a paper, or a photo taken before.
    property var chooseFile: null
    property string cameraError: ""
    title: qsTr("写真を撮る")

    function pickFileInstead() {
        const choose = page.chooseFile
        if (page.StackView.view)
            page.StackView.view.pop()
        if (choose)
            choose()
    }

    CaptureSession {
        camera: Camera {
            active: page.StackView.status === StackView.Active
            onErrorOccurred: (error, errorString) => page.cameraError = qsTr("カメラを使えません（%1）。ファイルから選んでください").arg(errorString)
        }
        imageCapture: ImageCapture {
            id: capture
            onErrorOccurred: (requestId, error, message) => page.cameraError = qsTr("撮影できませんでした（%1）").arg(message)
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
            Button {
                objectName: "chooseFileInstead"
                text: qsTr("ファイルから選ぶ")
                implicitHeight: 56
                visible: page.chooseFile !== null
                Accessible.name: qsTr("ファイルから選ぶ")
                onClicked: page.pickFileInstead()
            }
            Label {
                objectName: "cameraMessage"
                text: page.cameraError.length > 0 ? page.cameraError : page.files ? page.files.error : ""
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
