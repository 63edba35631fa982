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
    // Asked as the page opens: the camera may have been unplugged since 追加
    // was tapped (one that another app holds is still listed: its error shows
    // when it starts).
    readonly property bool hasCamera: Attachments.cameraAvailable()
    title: qsTr("写真を撮る")

    function captureProblem(error) {
        switch (error) {
        case ImageCapture.NotReadyError:
            return qsTr("カメラの準備ができていません。少し待ってから、もう一度撮影してください")
        case ImageCapture.OutOfSpaceError:
            return qsTr("この端末の空き容量が足りないため、撮影できませんでした")
        default:
            return qsTr("撮影できませんでした。もう一度撮影するか、ファイルから選んでください")
        }
    }

    function pickFileInstead() {
        const choose = page.chooseFile
        if (page.StackView.view)
            page.StackView.view.pop()
        if (choose)
            choose()
    }

    // Without a camera, no camera is set on the session: Qt 6.4's GStreamer
    // backend would show a test pattern as the "camera", and it hangs when
    // such a session is destroyed.
    Camera {
        id: deviceCamera
        active: page.hasCamera && page.StackView.status === StackView.Active
        // Qt's own text is English and technical: it goes to the log; the
        // person reads what happened in their words, and the way on.
        onErrorOccurred: (error, errorString) => {
            console.warn("camera:", errorString)
            page.cameraError = qsTr("カメラを使えません（他のアプリが使用中か、接続が切れています）。ファイルから選んでください")
        }
    }
    CaptureSession {
        camera: page.hasCamera ? deviceCamera : null
        imageCapture: ImageCapture {
            id: capture
            onErrorOccurred: (requestId, error, message) => {
                console.warn("image capture:", message)
                page.cameraError = page.captureProblem(error)
            }
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

    Label {
        objectName: "noCamera"
        visible: !page.hasCamera
        anchors.centerIn: viewfinder
        width: Math.min(implicitWidth, page.width - 32)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Label.Wrap
        text: page.chooseFile !== null ? qsTr("この端末のカメラが見つかりません。ファイルから選んでください")
                                       : qsTr("この端末のカメラが見つかりません")
    }

    ToolBar {
        id: bar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        RowLayout {
            anchors.fill: parent
            Button {
                objectName: "cancelCamera"
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
                enabled: page.hasCamera && capture.readyForCapture
                Accessible.name: qsTr("撮影")
                onClicked: capture.capture()
            }
        }
    }
}
