// First run: server URL, optional CA file, user and password. The token is
// kept, so the app opens signed in, online or not, until the user signs out.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("サインイン")
    property bool busy: false
    property string message: ""

    Connections {
        target: Session
        function onSignInFinished(ok, message) {
            page.busy = false
            page.message = ok ? "" : message
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(480, parent.width - 32)
            x: (parent.width - width) / 2
            spacing: 12
            Label {
                text: qsTr("Kyodo 協働")
                font.pixelSize: 32
                Layout.topMargin: 48
            }
            Label {
                text: qsTr("横浜市市民協働条例の現場記録アプリ。サインイン後はネットワークがなくても使えます。")
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            Label {
                objectName: "wipeNotice"
                text: Session.wipeNotice
                color: "#c62828"
                font.bold: true
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                visible: text.length > 0
            }
            Label { text: qsTr("サーバーの URL") }
            TextField {
                id: url
                objectName: "serverField"
                Accessible.name: qsTr("サーバーの URL")
                Layout.fillWidth: true
                implicitHeight: 44
                text: Session.serverUrl.length > 0 ? Session.serverUrl : Session.suggestedServer
                placeholderText: "https://kyodo.example.city.yokohama.lg.jp"
                inputMethodHints: Qt.ImhUrlCharactersOnly
            }
            Label { text: qsTr("CA 証明書ファイル（任意）") }
            TextField {
                id: ca
                objectName: "caField"
                Accessible.name: qsTr("CA 証明書ファイル（任意）")
                Layout.fillWidth: true
                implicitHeight: 44
                text: Session.caFile.length > 0 ? Session.caFile : Session.suggestedCa
                placeholderText: qsTr("空欄ならシステムの証明書を使います")
            }
            Label { text: qsTr("ユーザー名") }
            TextField {
                id: user
                objectName: "userField"
                Accessible.name: qsTr("ユーザー名")
                Layout.fillWidth: true
                implicitHeight: 44
                text: Session.userName
                inputMethodHints: Qt.ImhNoAutoUppercase
            }
            Label { text: qsTr("パスワード") }
            TextField {
                id: password
                objectName: "passwordField"
                Accessible.name: qsTr("パスワード")
                Layout.fillWidth: true
                implicitHeight: 44
                echoMode: TextInput.Password
                onAccepted: if (signInButton.enabled) signInButton.clicked() // not a second sign-in while one is under way
            }
            Label {
                objectName: "signInMessage"
                text: page.message
                color: "#c62828"
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                visible: text.length > 0
            }
            Button {
                id: signInButton
                objectName: "signInButton"
                text: qsTr("サインイン")
                highlighted: true
                enabled: !page.busy && url.text.length > 0 && user.text.length > 0 && password.text.length > 0
                implicitHeight: 48
                Layout.fillWidth: true
                onClicked: {
                    page.busy = true
                    page.message = ""
                    Session.signIn(url.text, ca.text, user.text, password.text)
                    password.text = ""
                }
            }
            BusyIndicator {
                running: page.busy
                visible: running
                Layout.alignment: Qt.AlignHCenter
            }
        }
    }
}
