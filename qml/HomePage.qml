// The start page: who is signed in, what waits to be resolved, and each
// ordinance area with the pages made for its work (its record lists are in
// the navigation).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("ホーム")

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width - 32
            x: 16
            spacing: 12
            Label {
                objectName: "signedInAs"
                text: qsTr("%1 さん（%2）").arg(Session.userName).arg(Session.roleName(Session.role))
                font.pixelSize: 22
                Layout.topMargin: 16
            }
            Label {
                objectName: "writableScopes"
                text: qsTr("担当範囲: %1").arg(Array.from(Session.scopes).filter(s => !Session.readOnly(s))
                                                          .map(s => Records.scopeLabel(s)).join("、"))
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Label {
                objectName: "readOnlyScopes"
                readonly property var scopes: Array.from(Session.scopes).filter(s => Session.readOnly(s))
                visible: scopes.length > 0
                text: qsTr("閲覧のみ（集計用）: %1").arg(scopes.map(s => Records.scopeLabel(s)).join("、"))
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                spacing: 12
                Button {
                    text: qsTr("競合 %1 件").arg(App.conflictCount)
                    visible: App.conflictCount > 0
                    implicitHeight: 48
                    onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/ConflictInboxPage.qml")
                }
                Button {
                    text: qsTr("要対応 %1 件").arg(App.attentionCount)
                    visible: App.attentionCount > 0
                    implicitHeight: 48
                    onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/AttentionPage.qml")
                }
                Button {
                    text: qsTr("下書き %1 件").arg(App.draftCount)
                    visible: App.draftCount > 0
                    implicitHeight: 48
                    onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/DraftsPage.qml")
                }
            }
            Repeater {
                model: App.areas
                delegate: Frame {
                    id: area
                    required property var modelData
                    Layout.fillWidth: true
                    ColumnLayout {
                        anchors.fill: parent
                        Label {
                            text: qsTr("%1（%2）").arg(area.modelData.name).arg(area.modelData.article)
                            font.bold: true
                            wrapMode: Label.Wrap
                            Layout.fillWidth: true
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: 8
                            Repeater {
                                model: area.modelData.pages
                                delegate: Button {
                                    id: entry
                                    required property var modelData
                                    text: entry.modelData.title
                                    highlighted: true
                                    implicitHeight: 48
                                    onClicked: page.StackView.view.push(entry.modelData.url, { recordType: entry.modelData.recordType }) // qmllint disable unqualified
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
