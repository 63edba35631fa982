import QtQuick
import QtTest
import Kyodo.App
import Kyodo.Ui

TestCase {
    id: testCase
    name: "SyncBar"
    when: windowShown
    visible: true
    width: 1000
    height: 200

    function initTestCase() {
        testDevice.signInAs("sato")
    }

    Component { id: barComponent; SyncBar { width: 1000 } }
    SignalSpy { id: finished; target: App.sync; signalName: "syncFinished" }
    SignalSpy { id: progressed; target: App.sync; signalName: "progressChanged" }

    function test_showsProgressThenTheLastSuccess() {
        const bar = createTemporaryObject(barComponent, testCase)
        const pending = findChild(bar, "pendingLabel")
        finished.clear()
        progressed.clear()
        mouseClick(findChild(bar, "syncButton"))
        verify(App.sync.syncing)
        verify(findChild(bar, "progressBar").visible)
        finished.wait(30000)
        compare(finished.signalArguments[0][0], true, App.sync.lastError)
        verify(progressed.count > 0)
        compare(findChild(bar, "onlineLabel").text, "オンライン")
        compare(pending.text, "すべてサーバーに反映済み")
        verify(findChild(bar, "lastSuccessLabel").text.indexOf("最終同期") === 0)
        compare(findChild(bar, "errorLabel").text, "")
        verify(!findChild(bar, "progressBar").visible)
    }

    function test_speaksEnglishWhenChosen() {
        const bar = createTemporaryObject(barComponent, testCase)
        compare(findChild(bar, "syncButton").text, "今すぐ同期")
        Preferences.language = "en"
        compare(findChild(bar, "syncButton").text, "Sync now")
        compare(findChild(bar, "onlineLabel").text, "Online")
        Preferences.language = "ja"
        compare(findChild(bar, "syncButton").text, "今すぐ同期")
    }
}
