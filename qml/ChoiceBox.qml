// A choice list that fits a finger: the box and every row of its list are at
// least 48 px high (README: touch targets ≥ 44 px), and it carries the
// accessible name of what it chooses (required: a screen reader announces
// the purpose, then the choice).
import QtQuick
import QtQuick.Controls

ComboBox {
    id: box
    required property string accessibleName
    implicitHeight: 48
    Accessible.name: accessibleName
    // The delegate reads the box by its id, which the linter of Qt 6.4 cannot
    // bind inside a Component (ComponentBehavior arrives in 6.5).
    // qmllint disable unqualified
    delegate: ItemDelegate {
        required property int index
        width: ListView.view ? ListView.view.width : box.width
        height: 48
        text: box.textAt(index)
        highlighted: box.highlightedIndex === index
        font.bold: box.currentIndex === index
    }
    // qmllint enable unqualified
}
