// A multi-line text field, framed like a one-line field. Tab and Shift+Tab
// move on to the next or previous control instead of typing a tab character:
// a person working with the keyboard alone is never trapped in a long text.
import QtQuick
import QtQuick.Controls

TextArea {
    id: area
    wrapMode: TextArea.Wrap
    background: Rectangle {
        border.color: area.activeFocus ? area.palette.highlight : "#b0b0b0"
        color: area.palette.base
        radius: 2
    }
    Keys.onTabPressed: event => area.moveFocus(event, true)
    Keys.onBacktabPressed: event => area.moveFocus(event, false)
    function moveFocus(event, forward) {
        const next = area.nextItemInFocusChain(forward)
        if (next && next !== area) {
            next.forceActiveFocus(forward ? Qt.TabFocusReason : Qt.BacktabFocusReason)
            event.accepted = true
        }
    }
}
