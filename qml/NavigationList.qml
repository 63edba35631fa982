// One entry per loaded plugin (its Japanese name and article) with its record
// types and pages, then the conflict inbox, needs attention, drafts,
// settings and the plugin list. Every entry is at least 48 px high (tablets).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

ScrollView {
    id: root
    signal navigate(url url, var properties)
    signal home()
    clip: true

    component Entry: ItemDelegate {
        id: entry
        property int badge: 0
        property bool indent: false
        Layout.fillWidth: true
        implicitHeight: 48
        leftPadding: indent ? 32 : 16
        // The count is what the badge shows; the name stays the entry's words, as on screen.
        Accessible.name: text // set, or a description alone leaves the name empty
        Accessible.description: badge > 0 ? qsTr("%1 件").arg(badge) : ""
        contentItem: RowLayout {
            Label {
                text: entry.text
                elide: Label.ElideRight
                Layout.fillWidth: true
                font.bold: !entry.indent
            }
            Badge { count: entry.badge }
        }
    }

    ColumnLayout {
        width: root.availableWidth
        spacing: 0
        Entry {
            objectName: "nav_home"
            text: qsTr("ホーム")
            onClicked: root.home()
        }
        // What needs the user first: conflicts and returned changes, with their counts.
        Entry {
            objectName: "nav_conflicts"
            text: qsTr("競合の受信箱")
            badge: App.conflictCount
            onClicked: root.navigate("qrc:/Kyodo/Ui/ConflictInboxPage.qml", {})
        }
        Entry {
            objectName: "nav_attention"
            text: qsTr("要対応（差し戻し）")
            badge: App.attentionCount
            onClicked: root.navigate("qrc:/Kyodo/Ui/AttentionPage.qml", {})
        }
        Entry {
            objectName: "nav_drafts"
            text: qsTr("下書き")
            badge: App.draftCount
            onClicked: root.navigate("qrc:/Kyodo/Ui/DraftsPage.qml", {})
        }
        Entry {
            objectName: "nav_reports"
            text: qsTr("集計・報告")
            onClicked: root.navigate("qrc:/Kyodo/Ui/ReportsPage.qml", {})
        }
        MenuSeparator { Layout.fillWidth: true }
        Repeater {
            model: App.areas
            delegate: ColumnLayout {
                id: area
                required property var modelData
                Layout.fillWidth: true
                spacing: 0
                Label {
                    text: area.modelData.name
                    font.bold: true
                    wrapMode: Label.Wrap
                    Layout.fillWidth: true
                    Layout.topMargin: 12
                    leftPadding: 16
                    rightPadding: 8
                }
                Label {
                    text: area.modelData.article
                    opacity: 0.7
                    leftPadding: 16
                    font.pixelSize: 12
                }
                Repeater {
                    model: area.modelData.pages
                    delegate: Entry {
                        required property var modelData
                        indent: true
                        text: modelData.title
                        objectName: "page_" + modelData.id
                        onClicked: root.navigate(modelData.url, { recordType: modelData.recordType }) // qmllint disable unqualified
                    }
                }
                Repeater {
                    model: area.modelData.types
                    delegate: Entry {
                        required property var modelData
                        indent: true
                        text: modelData.label
                        objectName: "list_" + modelData.id
                        onClicked: root.navigate("qrc:/Kyodo/Ui/RecordListPage.qml", { recordType: modelData.id }) // qmllint disable unqualified
                    }
                }
            }
        }
        MenuSeparator { Layout.fillWidth: true }
        Entry {
            objectName: "nav_settings"
            text: qsTr("設定")
            onClicked: root.navigate("qrc:/Kyodo/Ui/SettingsPage.qml", {})
        }
        Entry {
            objectName: "nav_about"
            text: qsTr("このアプリについて・プラグイン")
            onClicked: root.navigate("qrc:/Kyodo/Ui/AboutPluginsPage.qml", {})
        }
    }
}
