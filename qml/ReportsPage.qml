// 集計・報告: each report of the loaded plugins as a table and a bar chart,
// computed on the device from its records (offline); CSV of one report, and
// the whole yearly status report as a printable PDF.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Kyodo.App
import Kyodo.Ui

Page {
    id: page
    title: qsTr("集計・報告")
    property string notice: ""
    readonly property var years: [{ value: 0, label: qsTr("指定なし") }, ...Records.fiscalYears()]

    ReportModel {
        id: report
        objectName: "reportModel"
        reportId: reportBox.currentValue || ""
        fromYear: fromBox.currentValue || 0
        toYear: toBox.currentValue || 0
    }

    header: ToolBar {
        // The controls wrap onto a second line on a narrow window; the bar grows with them.
        implicitHeight: toolFlow.implicitHeight + 8
        Flow {
            id: toolFlow
            x: 4
            y: 4
            width: parent.width - 8
            spacing: 8
            ChoiceBox {
                id: reportBox
                objectName: "reportBox"
                accessibleName: qsTr("集計表")
                width: 320
                implicitHeight: 44
                textRole: "label"
                valueRole: "id"
                model: (Preferences.language, App.reports()) // the names again in the other language
            }
            Label { text: qsTr("年度"); height: 44; verticalAlignment: Text.AlignVCenter }
            ChoiceBox {
                id: fromBox
                accessibleName: qsTr("開始年度")
                width: 150
                implicitHeight: 44
                textRole: "label"
                valueRole: "value"
                model: page.years
            }
            Label { text: "～"; height: 44; verticalAlignment: Text.AlignVCenter }
            ChoiceBox {
                id: toBox
                accessibleName: qsTr("終了年度")
                width: 150
                implicitHeight: 44
                textRole: "label"
                valueRole: "value"
                model: page.years
            }
            Button {
                objectName: "exportCsv"
                text: qsTr("CSV に書き出す")
                implicitHeight: 44
                onClicked: {
                    const path = report.exportCsv()
                    page.notice = path.length > 0 ? qsTr("書き出しました: %1").arg(path) : report.error
                }
            }
            Button {
                objectName: "exportPdf"
                text: qsTr("年次報告書（PDF）")
                implicitHeight: 44
                onClicked: {
                    const result = App.exportYearlyReport(fromBox.currentValue || 0, toBox.currentValue || 0)
                    page.notice = result.path ? qsTr("書き出しました: %1").arg(result.path) : result.error
                }
            }
        }
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width - 32
            x: 16
            spacing: 12
            Label {
                text: page.notice
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
                Layout.topMargin: 8
            }
            Label {
                text: App.reports().length === 0 ? qsTr("この端末のスキーマにレポートがありません（サインインすると届きます）") : report.label
                font.pixelSize: 20
                Layout.topMargin: 8
            }
            Label {
                text: report.error
                color: "#c62828"
                visible: text.length > 0
                wrapMode: Label.Wrap
                Layout.fillWidth: true
            }
            GridLayout {
                objectName: "reportTable"
                columns: Math.max(1, report.header.length)
                columnSpacing: 0
                rowSpacing: 0
                Repeater {
                    model: report.header
                    delegate: Label {
                        required property string modelData
                        text: modelData
                        font.bold: true
                        padding: 6
                        background: Rectangle { color: "#e0e0e0"; border.color: "#bdbdbd" }
                        Layout.fillWidth: true
                    }
                }
                Repeater {
                    model: report.rows
                    delegate: Repeater {
                        required property var modelData
                        model: modelData
                        delegate: Label {
                            required property string modelData
                            required property int index
                            text: modelData
                            padding: 6
                            horizontalAlignment: report.rightAligned[index] ? Text.AlignRight : Text.AlignLeft // qmllint disable unqualified
                            background: Rectangle { color: "white"; border.color: "#e0e0e0" }
                            Layout.fillWidth: true
                        }
                    }
                }
            }
            ChartView {
                objectName: "reportChart"
                visible: report.categories.length > 0
                Layout.fillWidth: true
                Layout.preferredHeight: 320
                antialiasing: true
                legend.alignment: Qt.AlignBottom
                BarSeries {
                    id: bars
                    axisX: BarCategoryAxis { categories: report.categories }
                    // QtCharts' ValueAxis is not resolved by the linter of Qt 6.4 from its own qmltypes; it loads and works.
                    axisY: ValueAxis { min: 0; max: Math.max(1, report.maxValue * 1.1); labelFormat: "%.0f" } // qmllint disable
                }
                Connections {
                    target: report
                    function onChanged() { chartFill.restart() }
                }
                Timer {
                    id: chartFill
                    interval: 0
                    onTriggered: {
                        bars.clear()
                        // Amounts in yen dwarf counts: chart the counts, the table has the yen.
                        const shown = report.series.filter(s => !s.yen)
                        for (const s of (shown.length > 0 ? shown : report.series))
                            bars.append(s.label, s.values)
                    }
                }
                Component.onCompleted: chartFill.restart()
            }
        }
    }
}
