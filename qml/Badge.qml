// A count on a navigation entry (open conflicts, changes needing attention).
import QtQuick
import QtQuick.Controls
import Kyodo.Ui

Rectangle {
    property int count: 0
    visible: count > 0
    implicitWidth: Math.max(24, countLabel.implicitWidth + 12)
    implicitHeight: 24
    radius: 12
    color: "#c62828"
    Label {
        id: countLabel
        anchors.centerIn: parent
        text: parent.count > 99 ? "99+" : parent.count
        color: "white"
        font.bold: true
    }
}
