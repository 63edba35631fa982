// A date (stored YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM), shown the
// Japanese way (2026年11月30日（月） 14:30). It can be typed as people write it
// (2026/11/30 14:30, 2026年11月30日, full-width digits), set to 今/今日 with one
// tap, or picked from a calendar that opens in the middle of the window, so
// it fits a tablet at any size. What cannot be read as a date is passed on as
// typed, so the form names the problem instead of dropping it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui

RowLayout {
    id: picker
    property bool withTime: false
    property string value
    required property string accessibleName
    signal picked(string value)

    function pad(n) { return n < 10 ? "0" + n : "" + n }
    function format(d) {
        const day = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate())
        return withTime ? day + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) : day
    }
    // What a person typed, as the stored form; null when it is not a date.
    function parse(text) {
        const t = String(text).normalize("NFKC").trim()
        const m = /^(\d{4})\s*[-\/.年]\s*(\d{1,2})\s*[-\/.月]\s*(\d{1,2})\s*日?\s*(?:\([^)]*\))?\s*(?:[T\s]\s*(\d{1,2})\s*[:時]\s*(\d{1,2})\s*分?)?$/.exec(t)
        if (!m)
            return null
        const d = new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0)
        if (d.getFullYear() !== +m[1] || d.getMonth() !== +m[2] - 1 || d.getDate() !== +m[3] || (m[4] && (+m[4] > 23 || +m[5] > 59)))
            return null
        if (withTime && !m[4])
            d.setHours(9, 0) // a date alone: the morning of that day
        return format(d)
    }
    function parsed() {
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value)
        return m ? new Date(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 9, m[5] ? +m[5] : 0) : new Date()
    }
    // The value as it is edited: digits a keyboard has.
    function editable(v) {
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(v)
        return m ? m[1] + "/" + m[2] + "/" + m[3] + (m[4] ? " " + m[4] + ":" + m[5] : "") : v
    }

    // While the field is being typed in, its text is the person's, not ours.
    onValueChanged: if (!input.activeFocus) input.text = input.shown()

    TextField {
        id: input
        objectName: "input"
        Layout.fillWidth: true
        Layout.minimumWidth: 140
        function shown() { return picker.value.length > 0 ? Preferences.displayDateTime(picker.value) : "" }
        // Shown the Japanese way; while being edited, in digits a keyboard has.
        text: shown()
        placeholderText: picker.withTime ? qsTr("日時を選ぶか入力") : qsTr("日付を選ぶか入力")
        inputMethodHints: Qt.ImhDate
        implicitHeight: 48
        Accessible.name: picker.accessibleName
        function commit() {
            const t = text.trim()
            if (t !== picker.editable(picker.value) && t !== shown()) {
                const v = t.length === 0 ? "" : picker.parse(t)
                picker.picked(v === null ? t : v)
            }
            if (!activeFocus)
                text = shown()
        }
        onActiveFocusChanged: activeFocus ? text = picker.editable(picker.value) : commit()
        onAccepted: commit()
        // A complete date counts as soon as it is typed; anything else waits
        // for the person to leave the field (then the form says what is wrong).
        onTextEdited: {
            const v = picker.parse(text)
            if (v !== null && v !== picker.value)
                picker.picked(v)
        }
    }
    Button {
        objectName: "nowButton"
        text: picker.withTime ? qsTr("今") : qsTr("今日")
        implicitHeight: 48
        implicitWidth: Math.max(56, implicitContentWidth + 24)
        Accessible.name: picker.withTime ? qsTr("%1を今にする").arg(picker.accessibleName) : qsTr("%1を今日にする").arg(picker.accessibleName)
        onClicked: picker.picked(picker.format(new Date()))
    }
    Button {
        objectName: "calendarButton"
        text: qsTr("カレンダー")
        implicitHeight: 48
        Accessible.name: qsTr("%1をカレンダーで選ぶ").arg(picker.accessibleName)
        onClicked: {
            const d = picker.parsed()
            calendar.year = d.getFullYear()
            calendar.month = d.getMonth()
            calendar.chosen = d
            hour.value = d.getHours()
            minute.value = d.getMinutes()
            popup.open()
        }
    }

    Popup {
        id: popup
        objectName: "calendarPopup"
        // In the middle of the window, whatever its size: never cut off at the bottom.
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        padding: 12
        ColumnLayout {
            RowLayout {
                Button { text: "‹"; implicitWidth: 48; implicitHeight: 48; Accessible.name: qsTr("前の月"); onClicked: calendar.shift(-1) }
                Label {
                    text: qsTr("%1年%2月").arg(calendar.year).arg(calendar.month + 1)
                    horizontalAlignment: Text.AlignHCenter
                    Layout.fillWidth: true
                    font.pixelSize: 18
                }
                Button { text: "›"; implicitWidth: 48; implicitHeight: 48; Accessible.name: qsTr("次の月"); onClicked: calendar.shift(1) }
            }
            DayOfWeekRow {
                locale: calendar.locale // qmllint disable type
                Layout.fillWidth: true
            }
            MonthGrid {
                id: calendar
                objectName: "monthGrid"
                property date chosen: new Date()
                // Weekdays in the chosen language, Sunday first either way (as Japanese calendars are).
                locale: Qt.locale(Preferences.language === "en" ? "en_US" : "ja_JP") // qmllint disable type
                Layout.fillWidth: true
                Layout.preferredWidth: 7 * 48
                function choose(date) {
                    chosen = date
                    if (!picker.withTime)
                        popup.pick()
                }
                function shift(by) {
                    const d = new Date(year, month + by, 1)
                    year = d.getFullYear()
                    month = d.getMonth()
                }
                delegate: Label {
                    id: day
                    required property var model
                    readonly property bool isChosen: model.year === calendar.chosen.getFullYear() && model.month === calendar.chosen.getMonth()
                                                     && model.day === calendar.chosen.getDate()
                    text: model.day
                    // A day is a button to a screen reader too, named by its whole date.
                    Accessible.role: Accessible.Button
                    Accessible.name: Preferences.displayDateTime(picker.format(new Date(model.year, model.month, model.day)).substring(0, 10)) // qmllint disable unqualified
                    Accessible.selected: isChosen
                    Accessible.onPressAction: calendar.choose(new Date(model.year, model.month, model.day)) // qmllint disable unqualified
                    opacity: model.month === calendar.month ? 1 : 0.35
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    height: 44
                    width: 44
                    color: isChosen ? "white" : palette.text
                    background: Rectangle { visible: day.isChosen || day.model.today; color: day.isChosen ? palette.highlight : "transparent"
                                            border.color: palette.highlight; radius: 22 }
                }
                onClicked: date => choose(date)
            }
            RowLayout {
                visible: picker.withTime
                Label { text: qsTr("時刻") }
                SpinBox { id: hour; objectName: "hourBox"; from: 0; to: 23; editable: true; implicitHeight: 48; Accessible.name: qsTr("時") }
                Label { text: ":" }
                SpinBox { id: minute; objectName: "minuteBox"; from: 0; to: 59; stepSize: 5; editable: true; implicitHeight: 48; Accessible.name: qsTr("分") }
            }
            RowLayout {
                visible: picker.withTime
                Layout.alignment: Qt.AlignRight
                Button { text: qsTr("キャンセル"); implicitHeight: 48; onClicked: popup.close() }
                Button { objectName: "calendarOk"; text: qsTr("決定"); highlighted: true; implicitHeight: 48; onClicked: popup.pick() }
            }
        }
        function pick() {
            const c = calendar.chosen
            picker.picked(picker.format(new Date(c.getFullYear(), c.getMonth(), c.getDate(), hour.value, minute.value)))
            close()
        }
    }
}
