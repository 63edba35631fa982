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
    // The text-size setting: every control that does not set its own size follows.
    font.pixelSize: Preferences.textSize

    readonly property bool wide: width >= 900
    // Hidden by the user on a wide window (the ☰ button brings it back).
    property bool sideBarHidden: false
    property alias stack: stack

    function openPage(url, properties) {
        stack.push(url, properties || {})
        if (!wide)
            drawer.close()
    }
    // A page's own title, when it has one (pages are any Item on the stack).
    function titleOf(item) { return item && item.title ? item.title : "" }
    function openHome() {
        stack.pop(null)
        if (!wide)
            drawer.close()
    }

    header: ColumnLayout {
        spacing: 0
        // Every page's title, a way back, and on a wide window a way to hide
        // the side bar (a tablet in a meeting wants the whole screen).
        ToolBar {
            objectName: "titleBar"
            Layout.fillWidth: true
            visible: Session.signedIn
            RowLayout {
                anchors.fill: parent
                ToolButton {
                    objectName: "menuButton"
                    text: "☰"
                    implicitHeight: 48
                    implicitWidth: 48
                    Accessible.name: window.wide ? (window.sideBarHidden ? qsTr("メニューを表示") : qsTr("メニューを隠す")) : qsTr("メニュー")
                    onClicked: window.wide ? window.sideBarHidden = !window.sideBarHidden : drawer.open()
                }
                ToolButton {
                    objectName: "backButton"
                    visible: stack.depth > 1
                    text: qsTr("‹ 戻る")
                    implicitHeight: 48
                    Accessible.name: qsTr("前の画面に戻る")
                    onClicked: stack.pop()
                }
                Label {
                    objectName: "pageTitle"
                    text: window.titleOf(stack.currentItem) || qsTr("Kyodo 協働")
                    elide: Label.ElideRight
                    Layout.fillWidth: true
                    font.pixelSize: 18
                    Accessible.role: Accessible.Heading
                }
                Badge {
                    visible: !window.wide || window.sideBarHidden
                    count: App.conflictCount + App.attentionCount
                    counted: qsTr("競合・差し戻し")
                }
            }
        }
        SyncBar {
            objectName: "syncBar"
            Layout.fillWidth: true
            visible: Session.signedIn
            onOpenAnnounced: conflicts => window.openPage(conflicts ? "qrc:/Kyodo/Ui/ConflictInboxPage.qml"
                                                                    : "qrc:/Kyodo/Ui/AttentionPage.qml")
        }
    }

    // Back by keyboard as by the button (Alt+← or the platform's Back key).
    Shortcut {
        sequences: [StandardKey.Back, "Alt+Left"] // qmllint disable unqualified
        enabled: Session.signedIn && stack.depth > 1
        onActivated: stack.pop()
    }

    Drawer {
        id: drawer
        width: Math.min(320, window.width * 0.85)
        height: window.height
        interactive: !window.wide && Session.signedIn
        // Built only on a narrow window: a wide one shows the side bar instead.
        Loader {
            anchors.fill: parent
            active: !window.wide
            sourceComponent: NavigationList {
                onNavigate: (url, properties) => window.openPage(url, properties)
                onHome: window.openHome() // qmllint disable unqualified
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: Session.signedIn
        NavigationList {
            objectName: "sideBar"
            visible: window.wide && !window.sideBarHidden
            Layout.preferredWidth: 300
            Layout.fillHeight: true
            onNavigate: (url, properties) => window.openPage(url, properties)
            onHome: window.openHome() // qmllint disable unqualified
        }
        ToolSeparator {
            visible: window.wide && !window.sideBarHidden
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
        active: !Session.signedIn
        sourceComponent: SignInPage {}
    }
}
