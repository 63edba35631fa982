// A count on a navigation entry (open conflicts, changes needing attention).
import QtQuick
import QtQuick.Controls
import Kyodo.Ui

Rectangle {
    id: badge
    property int count: 0
    // What is counted, for a screen reader: the number alone says nothing.
    property string counted: ""
    visible: count > 0
    Accessible.role: Accessible.StaticText
    Accessible.name: counted.length > 0 ? qsTr("%1 %2 件").arg(counted).arg(count) : qsTr("%1 件").arg(count)
    implicitWidth: Math.max(24, countLabel.implicitWidth + 12)
    implicitHeight: 24
    radius: 12
    color: "#c62828"
    Label {
        id: countLabel
        anchors.centerIn: parent
        text: badge.count > 99 ? "99+" : badge.count
        Accessible.ignored: true
        color: "white"
        font.bold: true
    }
}
