// A date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM) typed in or picked
// from a month calendar, with 今日/今 for the common case.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.Ui

RowLayout {
    id: picker
    property bool withTime: false
    property string value
    signal picked(string value)

    function pad(n) { return n < 10 ? "0" + n : "" + n }
    function format(d) {
        const day = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate())
        return withTime ? day + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) : day
    }
    function parsed() {
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value)
        return m ? new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 9, m[5] ? +m[5] : 0) : new Date()
    }

    TextField {
        id: input
        objectName: "input"
        Layout.fillWidth: true
        text: picker.value
        placeholderText: picker.withTime ? "2024-05-01T10:00" : "2024-05-01"
        inputMethodHints: Qt.ImhDate
        implicitHeight: 48
        onTextEdited: picker.picked(text)
    }
    Button {
        text: picker.withTime ? qsTr("今") : qsTr("今日")
        implicitHeight: 48
        onClicked: picker.picked(picker.format(new Date()))
    }
    Button {
        text: qsTr("カレンダー")
        implicitHeight: 48
        onClicked: {
            const d = picker.parsed()
            calendar.year = d.getFullYear()
            calendar.month = d.getMonth()
            hour.value = d.getHours()
            minute.value = d.getMinutes()
            popup.open()
        }
    }

    Popup {
        id: popup
        modal: true
        padding: 12
        ColumnLayout {
            RowLayout {
                Button { text: "‹"; implicitWidth: 48; implicitHeight: 48; onClicked: calendar.shift(-1) }
                Label {
                    text: qsTr("%1年%2月").arg(calendar.year).arg(calendar.month + 1)
                    horizontalAlignment: Text.AlignHCenter
                    Layout.fillWidth: true
                }
                Button { text: "›"; implicitWidth: 48; implicitHeight: 48; onClicked: calendar.shift(1) }
            }
            DayOfWeekRow {
                locale: Qt.locale("ja_JP")
                Layout.fillWidth: true
            }
            MonthGrid {
                id: calendar
                locale: Qt.locale("ja_JP")
                Layout.fillWidth: true
                Layout.preferredWidth: 320
                function shift(by) {
                    const d = new Date(year, month + by, 1)
                    year = d.getFullYear()
                    month = d.getMonth()
                }
                delegate: Label {
                    required property var model
                    text: model.day
                    opacity: model.month === calendar.month ? 1 : 0.35
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    height: 44
                }
                onClicked: date => {
                    const d = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hour.value, minute.value)
                    picker.picked(picker.format(d))
                    popup.close()
                }
            }
            RowLayout {
                visible: picker.withTime
                Label { text: qsTr("時刻") }
                SpinBox { id: hour; from: 0; to: 23 }
                Label { text: ":" }
                SpinBox { id: minute; from: 0; to: 59; stepSize: 5 }
            }
        }
    }
}
