// Always visible: online or offline, progress during a sync, changes not yet
// sent, the time of the last success and the last error in plain words.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Pane {
    id: bar
    property var controller: App.sync
    padding: 6
    // The announcement was pressed: open the conflict inbox (true) or the list of returned changes.
    signal openAnnounced(bool conflicts)

    function phaseText(phase) {
        switch (phase) {
        case "push": return qsTr("送信中")
        case "pull": return qsTr("受信中")
        case "apply": return qsTr("反映中")
        default: return qsTr("同期中")
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 12
        Rectangle {
            width: 12; height: 12; radius: 6
            color: bar.controller.online ? "#2e7d32" : "#9e9e9e"
        }
        Label {
            objectName: "onlineLabel"
            // Before this run's first answer, the state the last run ended in.
            text: bar.controller.online ? qsTr("オンライン") : qsTr("オフライン")
        }
        ColumnLayout {
            visible: bar.controller.syncing
            spacing: 0
            Label {
                objectName: "progressLabel"
                text: bar.phaseText(bar.controller.phase) +
                      (bar.controller.total > 0 ? " " + bar.controller.done + " / " + bar.controller.total : "")
                font.pixelSize: 12
            }
            ProgressBar {
                objectName: "progressBar"
                Layout.preferredWidth: 160
                from: 0
                to: Math.max(1, bar.controller.total)
                value: bar.controller.done
                indeterminate: bar.controller.total === 0
            }
        }
        // The file queue, after the records: ファイル送信中 40% / ファイル受信中 10%.
        ColumnLayout {
            visible: bar.controller.filesStatus.length > 0
            spacing: 0
            Label {
                objectName: "filesLabel"
                text: bar.controller.filesStatus
                font.pixelSize: 12
            }
            ProgressBar {
                objectName: "filesProgressBar"
                visible: bar.controller.filesBusy
                Layout.preferredWidth: 160
                from: 0
                to: 100
                value: bar.controller.filesPercent
                indeterminate: bar.controller.filesDirection.length === 0
            }
        }
        Label {
            objectName: "pendingLabel"
            // The same words as the receipts on each record: 未送信 = never left
            // this device, 送信済み = sent, the server's answer not yet received.
            text: {
                const c = bar.controller
                if (c.pendingCount === 0)
                    return qsTr("すべてサーバーに反映済み")
                const parts = []
                if (c.unsentCount > 0)
                    parts.push(qsTr("未送信 %1 件").arg(c.unsentCount))
                if (c.awaitingCount > 0)
                    parts.push(qsTr("送信済み・応答待ち %1 件").arg(c.awaitingCount))
                return parts.join(Preferences.separator)
            }
        }
        Label {
            objectName: "lastSuccessLabel"
            text: bar.controller.everSynced
                  ? qsTr("最終同期 %1").arg(Qt.formatDateTime(bar.controller.lastSuccess, "M/d HH:mm"))
                  : qsTr("まだ同期していません")
            opacity: 0.8
        }
        Button {
            objectName: "announcement"
            visible: text.length > 0
            text: bar.controller.announcement
            implicitHeight: 44
            palette.button: "#fff3e0"
            Accessible.name: text
            onClicked: {
                bar.openAnnounced(bar.controller.announcementIsConflict)
                bar.controller.dismissAnnouncement()
            }
        }
        Label {
            objectName: "errorLabel"
            Layout.fillWidth: true
            text: bar.controller.lastError
            color: "#c62828"
            elide: Label.ElideRight
            ToolTip.visible: errorArea.containsMouse && text.length > 0
            ToolTip.text: text
            MouseArea { id: errorArea; anchors.fill: parent; hoverEnabled: true }
        }
        ToolButton {
            objectName: "errorDetails"
            visible: bar.controller.lastErrorDetail.length > 0
            text: qsTr("詳細")
            implicitHeight: 44
            onClicked: detailPopup.open()
        }
        Item { Layout.fillWidth: !errorLabelVisible; readonly property bool errorLabelVisible: bar.controller.lastError.length > 0 }
        Button {
            objectName: "syncButton"
            text: qsTr("今すぐ同期")
            enabled: !bar.controller.syncing
            implicitHeight: 44
            onClicked: bar.controller.syncNow()
        }
    }
    Popup {
        id: detailPopup
        objectName: "errorDetailPopup"
        y: bar.height
        width: Math.min(640, bar.width - 24)
        x: bar.width - width - 12
        padding: 12
        ColumnLayout {
            width: parent.width
            Label { text: bar.controller.lastError; wrapMode: Label.Wrap; Layout.fillWidth: true; font.bold: true }
            Label {
                objectName: "errorDetailText"
                text: qsTr("技術的な詳細（管理者向け）: %1").arg(bar.controller.lastErrorDetail)
                wrapMode: Label.WrapAnywhere
                Layout.fillWidth: true
                font.pixelSize: 12
            }
        }
    }
}
