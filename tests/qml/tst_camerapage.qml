import QtQuick
import QtQuick.Controls
import QtTest
import Kyodo.App
import Kyodo.Ui

// 写真を撮る, the page 追加 opens on a tablet with a camera. This machine has
// none, as a tablet whose camera was unplugged after 追加 was tapped: the
// page still opens, says so, names its controls, 撮影 cannot be pressed, and
// ファイルから選ぶ goes back to the form and opens the file dialog there.
TestCase {
    id: testCase
    name: "CameraPage"
    when: windowShown
    visible: true
    width: 800
    height: 600

    Component {
        id: stackComponent
        StackView {
            width: 800
            height: 600
            initialItem: Item { objectName: "visitNoteForm" }
        }
    }
    Component { id: cameraComponent; CameraPage {} }

    AttachmentListModel {
        id: photos
        recordType: "accompaniment.visit_note"
        field: "photos"
        staging: true
    }

    function init() {
        if (Attachments.cameraAvailable())
            skip("this machine has a camera")
    }

    function test_withoutACameraAFileIsChosenInstead() {
        const stack = createTemporaryObject(stackComponent, testCase)
        let chosen = 0
        stack.push(cameraComponent, { files: photos, chooseFile: () => chosen += 1 })
        tryCompare(stack, "busy", false)
        const page = stack.currentItem
        compare(page.title, "写真を撮る")
        const notice = findChild(page, "noCamera")
        verify(notice.visible)
        compare(notice.text, "この端末のカメラが見つかりません。ファイルから選んでください")
        const take = findChild(page, "takePhoto")
        compare(take.Accessible.name, "撮影")
        verify(!take.enabled, "no camera ready: nothing can be taken")
        const instead = findChild(page, "chooseFileInstead")
        verify(instead.visible)
        compare(instead.Accessible.name, "ファイルから選ぶ")
        mouseClick(instead)
        tryCompare(stack, "depth", 1)
        tryCompare(stack, "busy", false)
        compare(stack.currentItem.objectName, "visitNoteForm")
        compare(chosen, 1, "the file dialog was asked for once")
        compare(photos.count, 0, "nothing attached")
    }

    function test_withNoFileDialogToFallBackOnOnlyCancelRemains() {
        const stack = createTemporaryObject(stackComponent, testCase)
        stack.push(cameraComponent, { files: photos })
        tryCompare(stack, "busy", false)
        const page = stack.currentItem
        verify(!findChild(page, "chooseFileInstead").visible)
        compare(findChild(page, "noCamera").text, "この端末のカメラが見つかりません")
        const cancel = findChild(page, "cancelCamera")
        verify(cancel)
        mouseClick(cancel)
        tryCompare(stack, "depth", 1)
    }
}
