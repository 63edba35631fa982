// 相談をすばやく記録: the consultation a clerk logs while the visitor is still
// at the counter. Time, channel and staff are filled in; the clerk picks the
// topic, types who and what, and saves — well under a minute.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kyodo.App
import Kyodo.Ui
import Kyodo.WardCenters

Page {
    id: page
    property string recordType: "ward_centers.consultation"
    title: qsTr("相談をすばやく記録")

    function now() {
        const d = new Date()
        const pad = n => (n < 10 ? "0" : "") + n
        return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes())
    }
    function start() {
        form.startNew()
        form.setDefaults({ received_at: now(), channel: "visit", staff: App.userName })
        const scopes = App.scopesFor(recordType)
        if (scopes.length > 0 && form.scope.length === 0)
            form.scope = scopes[0].scope
    }

    RecordForm {
        id: form
        objectName: "quickForm"
        recordType: page.recordType
        onSaved: {
            lastSaved.text = qsTr("保存しました（端末に保存済み）")
            page.start()
        }
    }
    Component.onCompleted: start()

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(720, parent.width - 32)
            x: 16
            spacing: 8
            Label {
                text: qsTr("%1・%2").arg(App.scopeLabel(form.scope)).arg(String(form.values.received_at || "").replace("T", " "))
                font.pixelSize: 18
                Layout.topMargin: 12
            }
            Label { text: qsTr("受付方法") }
            Flow {
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: [["visit", qsTr("来所")], ["phone", qsTr("電話")], ["email", qsTr("メール")], ["other", qsTr("その他")]]
                    delegate: Button {
                        required property var modelData
                        text: modelData[1]
                        checkable: true
                        checked: form.values.channel === modelData[0]
                        implicitHeight: 48
                        onClicked: form.setValue("channel", modelData[0])
                    }
                }
            }
            Label { text: qsTr("相談内容区分") }
            Flow {
                objectName: "categoryButtons"
                Layout.fillWidth: true
                spacing: 8
                Repeater {
                    model: App.typeInfo(page.recordType).fields.find(f => f.key === "category").options
                    delegate: Button {
                        required property var modelData
                        objectName: "category_" + modelData.value
                        text: modelData.label
                        checkable: true
                        checked: form.values.category === modelData.value
                        implicitHeight: 48
                        onClicked: form.setValue("category", modelData.value)
                    }
                }
            }
            Label { text: qsTr("相談者・団体") }
            TextField {
                objectName: "partyField"
                Layout.fillWidth: true
                implicitHeight: 48
                text: form.values.party || ""
                onTextEdited: form.setValue("party", text)
            }
            Label { text: qsTr("要旨") }
            TextArea {
                objectName: "summaryField"
                Layout.fillWidth: true
                Layout.preferredHeight: 120
                wrapMode: TextArea.Wrap
                background: Rectangle {
                    border.color: parent.activeFocus ? palette.highlight : "#b0b0b0"
                    color: palette.base
                    radius: 2
                }
                text: form.values.summary || ""
                onTextChanged: if (activeFocus) form.setValue("summary", text)
            }
            Label {
                text: form.errorText
                color: "#c62828"
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                Button {
                    objectName: "quickSave"
                    text: qsTr("保存")
                    highlighted: true
                    implicitHeight: 56
                    Layout.preferredWidth: 200
                    onClicked: form.save()
                }
                Button {
                    text: qsTr("詳しく入力…")
                    implicitHeight: 56
                    onClicked: page.StackView.view.push("qrc:/Kyodo/Ui/RecordFormPage.qml", { recordType: page.recordType })
                }
                Label { id: lastSaved; objectName: "quickSaved"; color: "#2e7d32" }
            }
        }
    }
}
