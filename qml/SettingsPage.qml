// The account, the language, automatic sync, and signing out (explicit; the
// data stays on the device).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

Page {
    title: qsTr("設定")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 12
        Label { text: qsTr("ユーザー: %1（%2）").arg(Session.userName).arg(Session.roleName(Session.role)) }
        Label { text: qsTr("サーバー: %1").arg(Session.serverUrl); wrapMode: Label.Wrap; Layout.fillWidth: true }
        RowLayout {
            Label { text: qsTr("表示言語") }
            ChoiceBox {
                objectName: "languageBox"
                accessibleName: qsTr("表示言語")
                textRole: "label"
                valueRole: "code"
                implicitHeight: 48
                model: [{ code: "ja", label: "日本語" }, { code: "en", label: "English" }]
                currentIndex: Preferences.language === "en" ? 1 : 0
                onActivated: Preferences.language = currentValue
            }
        }
        RowLayout {
            Label { text: qsTr("文字の大きさ") }
            ChoiceBox {
                objectName: "textSizeBox"
                accessibleName: qsTr("文字の大きさ")
                textRole: "label"
                valueRole: "size"
                model: [{ size: 15, label: qsTr("標準") }, { size: 18, label: qsTr("大きい") }, { size: 22, label: qsTr("とても大きい") }]
                currentIndex: Math.max(0, indexOfValue(Preferences.textSize))
                Component.onCompleted: currentIndex = Math.max(0, indexOfValue(Preferences.textSize))
                onActivated: Preferences.textSize = currentValue
            }
        }
        RowLayout {
            Label { text: qsTr("添付する写真の大きさ（長辺）") }
            ChoiceBox {
                objectName: "photoSizeBox"
                accessibleName: qsTr("添付する写真の大きさ（長辺）")
                textRole: "label"
                valueRole: "size"
                model: [{ size: 1280, label: qsTr("1280 ピクセル（小さい）") }, { size: 2048, label: qsTr("2048 ピクセル（標準）") },
                        { size: 4096, label: qsTr("4096 ピクセル（大きい）") }]
                currentIndex: Math.max(0, indexOfValue(Preferences.photoLongSide))
                Component.onCompleted: currentIndex = Math.max(0, indexOfValue(Preferences.photoLongSide))
                onActivated: Preferences.photoLongSide = currentValue
            }
        }
        Switch {
            implicitHeight: 48
            text: qsTr("自動で同期する（数分ごと・接続が戻ったとき）")
            checked: App.sync.autoSync
            onToggled: App.sync.autoSync = checked
        }
        Button {
            text: qsTr("サインアウト")
            implicitHeight: 48
            onClicked: confirm.open()
        }
        Item { Layout.fillHeight: true }
    }

    Dialog {
        id: confirm
        title: qsTr("サインアウトしますか？")
        modal: true
        anchors.centerIn: parent
        width: Math.min(520, parent.width - 32) // not from its content: that loops when the text size changes
        Label {
            text: App.sync.pendingCount > 0
                  ? qsTr("未送信の変更 %1 件は端末に残り、次にサインインしたときに送信されます。").arg(App.sync.pendingCount)
                  : qsTr("端末のデータは残ります。")
            wrapMode: Label.Wrap
            width: 320
        }
        // The buttons in the user's words: Qt's standard ones would read OK / Cancel.
        footer: RowLayout {
            spacing: 8
            Item { Layout.fillWidth: true }
            Button {
                objectName: "confirmSignOut"
                text: qsTr("サインアウト")
                implicitHeight: 48
                Layout.bottomMargin: 12
                onClicked: confirm.accept()
            }
            Button {
                objectName: "cancelSignOut"
                text: qsTr("キャンセル")
                implicitHeight: 48
                Layout.rightMargin: 12
                Layout.bottomMargin: 12
                onClicked: confirm.reject()
            }
        }
        onAccepted: Session.signOut()
    }
}
