// Where a change is: saved on this device, sent, applied, conflict, or
// returned with the server's reason.
import QtQuick
import QtQuick.Controls
import Kyodo.Ui

Rectangle {
    property string state
    property string label
    implicitWidth: chipLabel.implicitWidth + 16
    implicitHeight: 26
    radius: 13
    color: state === "applied" ? "#e8f5e9" : state === "sent" ? "#e3f2fd" : state === "conflict" ? "#fff3e0"
         : state === "rejected" ? "#ffebee" : "#f5f5f5"
    border.color: state === "applied" ? "#2e7d32" : state === "sent" ? "#1565c0" : state === "conflict" ? "#ef6c00"
                : state === "rejected" ? "#c62828" : "#757575"
    Label {
        id: chipLabel
        anchors.centerIn: parent
        text: parent.label
        font.pixelSize: 12
    }
}
