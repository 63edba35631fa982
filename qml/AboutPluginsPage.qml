// The app's version and every plugin found: loaded and running, or failed
// with the reason (missing dependency, cycle, bad metadata, load error,
// schema the engine rejects).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    title: qsTr("このアプリについて・プラグイン")

    ListView {
        objectName: "pluginList"
        anchors.fill: parent
        model: App.plugins
        spacing: 4
        header: Label {
            text: qsTr("Kyodo 協働 %1 — 横浜市市民協働条例の現場記録").arg(Qt.application.version)
            padding: 12
            font.pixelSize: 18
        }
        delegate: Frame {
            id: entry
            required property string name
            required property string pluginId
            required property string version
            required property string article
            required property string state
            required property bool failed
            required property string error
            width: ListView.view.width - 16
            x: 8
            ColumnLayout {
                anchors.fill: parent
                Label { text: entry.name + "  " + entry.version + "  (" + entry.pluginId + ")"; font.bold: true }
                Label { text: entry.article; opacity: 0.7; visible: entry.article.length > 0 }
                Label {
                    text: entry.failed ? qsTr("読み込み失敗") : qsTr("動作中")
                    color: entry.failed ? "#c62828" : "#2e7d32"
                }
                Label {
                    text: entry.error
                    visible: entry.failed
                    color: "#c62828"
                    wrapMode: Label.Wrap
                    Layout.fillWidth: true
                }
            }
        }
    }
}
