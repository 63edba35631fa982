// The files of one attachments field (photos of a visit, papers of a
// meeting): a strip of previews, each with its name, size and where it is
// (この端末のみ / 送信中 n% / サーバー保存済み / 受信中 n% / サムネイルのみ /
// この端末に未取得).
// 追加 opens the camera on a tablet that has one (for a field of photos; the
// camera page can still pick a file), else a file dialog; a
// refused file shows the engine's message and changes nothing. Tapping a
// file opens the viewer (fetching it first when it is not on this device).
// × takes a file off: a picked file at once, a saved one after a question.
// `staging`: the record is saved later (quick entry, a new record's form):
// commit(id) attaches, or the page saves `files.stagedFiles` as the field's value.
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

ColumnLayout {
    id: strip
    property alias recordId: files.recordId
    property alias recordType: files.recordType
    property alias field: files.field
    property alias staging: files.staging
    property alias files: files
    // Where the viewer and the camera page are pushed (the page's StackView).
    property var stack: null
    property bool readOnly: false
    // The add button's words where a page has its own (写真を追加); its
    // accessible name is then the same words, so it is found by what it shows.
    property string addText: ""
    // Else 追加 is shown and 「…を追加」 is its name.
    readonly property bool ownAddText: addText.length > 0
    property bool showLabel: true
    // What the files belong to (an agenda item's title), so that a screen
    // reader tells one strip's buttons from another's on the same page.
    property string subject: ""
    spacing: 4

    // A button's or tile's accessible name, led by the subject where one is set.
    function named(what) { return strip.subject.length > 0 ? strip.subject + ": " + what : what }

    function commit(id) { return files.commit(id) }
    function add() {
        files.clearError()
        if (Attachments.preferCamera() && files.takesPhotos && strip.stack)
            strip.stack.push(Qt.resolvedUrl("CameraPage.qml"), { files: files, chooseFile: () => fileDialog.open() })
        else
            fileDialog.open()
    }
    function openFile(sha, name, isPdf) {
        files.open(sha) // asked for now when it is not on this device
        if (strip.stack)
            strip.stack.push(Qt.resolvedUrl("AttachmentViewerPage.qml"), { sha256: sha, fileName: name, isPdf: isPdf })
    }

    function removeFile(sha, name, staged) {
        files.clearError()
        if (staged) {
            files.remove(sha)
            return
        }
        removeDialog.sha = sha
        removeDialog.fileName = name
        removeDialog.open()
    }

    AttachmentListModel { id: files; objectName: "attachmentFiles" }

    Dialog {
        id: removeDialog
        objectName: "removeAttachmentDialog"
        property string sha: ""
        property string fileName: ""
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(480, (parent ? parent.width : 480) - 32) // not from its content: that loops
        modal: true
        title: qsTr("ファイルを外す")
        Label {
            text: qsTr("「%1」をこの記録から外しますか？ ほかの端末で追加されたファイルはそのまま残ります。").arg(removeDialog.fileName)
            wrapMode: Label.Wrap
            width: 360
        }
        footer: RowLayout {
            spacing: 8
            Item { Layout.fillWidth: true }
            Button {
                objectName: "confirmRemoveAttachment"
                text: qsTr("外す")
                implicitHeight: 48
                Layout.bottomMargin: 12
                onClicked: removeDialog.accept()
            }
            Button {
                objectName: "cancelRemoveAttachment"
                text: qsTr("やめる")
                implicitHeight: 48
                Layout.rightMargin: 12
                Layout.bottomMargin: 12
                onClicked: removeDialog.reject()
            }
        }
        onAccepted: files.remove(sha)
    }

    FileDialog {
        id: fileDialog
        objectName: "attachmentFileDialog"
        title: qsTr("追加するファイルを選択")
        nameFilters: files.nameFilters
        onAccepted: files.attach(selectedFile)
    }

    RowLayout {
        Layout.fillWidth: true
        Label {
            text: files.fieldLabel
            font.bold: true
            visible: strip.showLabel
            Layout.fillWidth: true
        }
        Label {
            visible: !strip.showLabel
            Layout.fillWidth: true
        }
        Button {
            objectName: "addAttachment_" + strip.field
            text: strip.ownAddText ? strip.addText : qsTr("追加")
            icon.name: "list-add"
            implicitHeight: 48
            visible: !strip.readOnly
            enabled: files.canAdd
            Accessible.name: strip.named(strip.ownAddText ? strip.addText : qsTr("%1を追加").arg(files.fieldLabel))
            onClicked: strip.add()
        }
    }
    Label {
        objectName: "attachmentError"
        text: files.error
        color: "#c62828"
        visible: text.length > 0
        wrapMode: Label.Wrap
        Layout.fillWidth: true
    }
    Label {
        text: files.canAdd || strip.readOnly || files.staging ? qsTr("まだありません")
              : files.recordHere ? qsTr("まだありません（閲覧のみのため追加できません）")
              : qsTr("記録を保存すると追加できます")
        visible: files.count === 0
        opacity: 0.7
    }
    Flow {
        Layout.fillWidth: true
        spacing: 8
        visible: files.count > 0
        Repeater {
            model: files
            delegate: ItemDelegate {
                id: tile
                required property string sha256
                required property string name
                required property string sizeText
                required property string stateText
                required property int fileState
                required property url thumbUrl
                required property bool isPdf
                required property bool removable
                objectName: "attachment_" + name
                width: 168
                height: 208
                padding: 4
                // The name stays the same while the state (送信中 n%) moves on.
                Accessible.name: strip.named(qsTr("%1を開く").arg(name)) // qmllint disable unqualified
                Accessible.description: stateText
                Accessible.onPressAction: strip.openFile(tile.sha256, tile.name, tile.isPdf) // qmllint disable unqualified
                onClicked: strip.openFile(tile.sha256, tile.name, tile.isPdf) // qmllint disable unqualified
                ToolButton {
                    objectName: "removeAttachment_" + tile.name
                    z: 1
                    anchors.right: parent.right
                    anchors.top: parent.top
                    width: 44
                    height: 44
                    visible: tile.removable && !strip.readOnly // qmllint disable unqualified
                    text: "×"
                    font.pixelSize: 22
                    Accessible.name: strip.named(qsTr("%1を外す").arg(tile.name)) // qmllint disable unqualified
                    onClicked: strip.removeFile(tile.sha256, tile.name, tile.fileState === AttachmentListModel.Staged) // qmllint disable unqualified
                    background: Rectangle { radius: 22; color: "#ffffff"; opacity: 0.85; border.color: "#9e9e9e" }
                }
                contentItem: ColumnLayout {
                    spacing: 2
                    Rectangle {
                        Layout.preferredWidth: 160
                        Layout.preferredHeight: 120
                        color: "#eeeeee"
                        border.color: "#cccccc"
                        Image {
                            anchors.fill: parent
                            anchors.margins: 1
                            source: tile.thumbUrl
                            sourceSize.width: 320
                            sourceSize.height: 240
                            // A photo fills its tile; a paper's first page shows whole.
                            fillMode: tile.isPdf ? Image.PreserveAspectFit : Image.PreserveAspectCrop
                            asynchronous: true
                            visible: String(tile.thumbUrl).length > 0
                        }
                        Label {
                            anchors.centerIn: parent
                            visible: String(tile.thumbUrl).length === 0
                            text: tile.isPdf ? "PDF" : qsTr("ファイル")
                            font.pixelSize: 20
                            opacity: 0.6
                        }
                    }
                    Label { text: tile.name; elide: Label.ElideMiddle; Layout.preferredWidth: 160; font.pixelSize: 13 }
                    Label { text: tile.sizeText; font.pixelSize: 12; opacity: 0.7 }
                    Rectangle {
                        readonly property bool away: tile.fileState === AttachmentListModel.NotHere // qmllint disable unqualified
                                                     || tile.fileState === AttachmentListModel.ThumbnailOnly // qmllint disable unqualified
                        objectName: "attachmentState"
                        Layout.preferredWidth: 160
                        implicitHeight: 22
                        radius: 11
                        color: tile.fileState === AttachmentListModel.OnServer ? "#e8f5e9" : away ? "#f5f5f5" : "#e3f2fd" // qmllint disable unqualified
                        border.color: tile.fileState === AttachmentListModel.OnServer ? "#2e7d32" : away ? "#757575" : "#1565c0" // qmllint disable unqualified
                        Label {
                            anchors.centerIn: parent
                            width: parent.width - 8
                            horizontalAlignment: Text.AlignHCenter
                            elide: Label.ElideRight
                            text: tile.stateText
                            font.pixelSize: 11
                        }
                    }
                }
            }
        }
    }
}
