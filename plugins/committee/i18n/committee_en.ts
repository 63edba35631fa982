<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>MeetingModePage</name>
    <message>
        <location filename="../MeetingModePage.qml" line="14"/>
        <source>会議モード</source>
        <translation>Meeting mode</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="44"/>
        <source>委員会</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="73"/>
        <source>この端末には委員会の記録がありません（委員会の記録は委員の端末に同期されます）</source>
        <translation>No committee meetings on this device (committee records sync to committee members' devices)</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="74"/>
        <source>この委員会の議題はまだありません</source>
        <translation>No agenda items for this meeting yet</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="64"/>
        <source>議題 %1 件</source>
        <translation>%1 agenda items</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="79"/>
        <source>協議</source>
        <translation>Discussion</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="79"/>
        <source>審議</source>
        <translation>Deliberation</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="79"/>
        <source>報告</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="87"/>
        <source>審議済み</source>
        <translation>Discussed</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="98"/>
        <source>決定事項</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="103"/>
        <source>決定事項を保存</source>
        <translation>Save the decision</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="111"/>
        <source>出欠</source>
        <translation>Attendance</translation>
    </message>
</context>
</TS>
