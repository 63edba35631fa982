// The shell: sync bar on top, navigation by ordinance area (side bar on a
// wide window, drawer on a narrow one), pages on a stack.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

ApplicationWindow {
    id: window
    width: 1200
    height: 800
    visible: true
    title: qsTr("Kyodo 協働")

    readonly property bool wide: width >= 900
    property alias stack: stack

    function openPage(url, properties) {
        stack.push(url, properties || {})
        if (!wide)
            drawer.close()
    }
    function openHome() {
        stack.pop(null)
        if (!wide)
            drawer.close()
    }

    header: ColumnLayout {
        spacing: 0
        ToolBar {
            Layout.fillWidth: true
            visible: !window.wide && App.signedIn
            RowLayout {
                anchors.fill: parent
                ToolButton {
                    objectName: "menuButton"
                    text: "☰"
                    implicitHeight: 48
                    implicitWidth: 48
                    Accessible.name: qsTr("メニュー")
                    onClicked: drawer.open()
                }
                Label {
                    text: stack.currentItem && stack.currentItem.title ? stack.currentItem.title : qsTr("Kyodo 協働")
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                    font.pixelSize: 18
                }
                Badge { count: App.conflictCount + App.attentionCount }
            }
        }
        SyncBar {
            objectName: "syncBar"
            Layout.fillWidth: true
            visible: App.signedIn
            onOpenAnnounced: conflicts => window.openPage(conflicts ? "qrc:/Kyodo/Ui/ConflictInboxPage.qml"
                                                                    : "qrc:/Kyodo/Ui/AttentionPage.qml")
        }
    }

    Drawer {
        id: drawer
        width: Math.min(320, window.width * 0.85)
        height: window.height
        interactive: !window.wide && App.signedIn
        // Built only on a narrow window: a wide one shows the side bar instead.
        Loader {
            anchors.fill: parent
            active: !window.wide
            sourceComponent: NavigationList {
                onNavigate: (url, properties) => window.openPage(url, properties)
                onHome: window.openHome()
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: App.signedIn
        NavigationList {
            objectName: "sideBar"
            visible: window.wide
            Layout.preferredWidth: 300
            Layout.fillHeight: true
            onNavigate: (url, properties) => window.openPage(url, properties)
            onHome: window.openHome()
        }
        ToolSeparator {
            visible: window.wide
            orientation: Qt.Vertical
            Layout.fillHeight: true
        }
        StackView {
            id: stack
            objectName: "stack"
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            initialItem: HomePage {}
        }
    }

    // Only while signed out: most starts go straight to the work.
    Loader {
        anchors.fill: parent
        active: !App.signedIn
        sourceComponent: SignInPage {}
    }
}
