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
        Label {
            objectName: "pendingLabel"
            text: bar.controller.pendingCount > 0 ? qsTr("未送信 %1 件").arg(bar.controller.pendingCount)
                                                  : qsTr("すべて送信済み")
        }
        Label {
            objectName: "lastSuccessLabel"
            text: isNaN(bar.controller.lastSuccess)
                  ? qsTr("まだ同期していません")
                  : qsTr("最終同期 %1").arg(Qt.formatDateTime(bar.controller.lastSuccess, "MM/dd HH:mm"))
            opacity: 0.8
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
        Item { Layout.fillWidth: !errorLabelVisible; readonly property bool errorLabelVisible: bar.controller.lastError.length > 0 }
        Button {
            objectName: "syncButton"
            text: qsTr("今すぐ同期")
            enabled: !bar.controller.syncing
            implicitHeight: 44
            onClicked: bar.controller.syncNow()
        }
    }
}
