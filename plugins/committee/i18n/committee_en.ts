<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>MeetingModePage</name>
    <message>
        <location filename="../MeetingModePage.qml" line="18" />
        <source>会議モード</source>
        <translation>Meeting mode</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="90" />
        <location filename="../MeetingModePage.qml" line="98" />
        <source>委員会</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="131" />
        <source>この端末には委員会の記録がありません（委員会の記録は委員の端末に同期されます）</source>
        <translation>No committee meetings on this device (committee records sync to committee members' devices)</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="132" />
        <source>この委員会の議題はまだありません</source>
        <translation>No agenda items for this meeting yet</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="132" />
        <source>議題 %1 件</source>
        <translation>%1 agenda items</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="171" />
        <source>審議済み</source>
        <translation>Discussed</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="182" />
        <source>決定事項</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="183" />
        <source>%1の決定事項</source>
        <translation>Decision on %1</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="200" />
        <source>決定事項: %1</source>
        <translation>Decision: %1</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="206" />
        <source>決定事項を保存</source>
        <translation>Save the decision</translation>
    </message>
    <message>
        <source>%1の決定事項を保存</source>
        <translation>Save the decision on %1</translation>
    </message>
    <message>
        <source>%1: 審議済み</source>
        <translation>%1: discussed</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="225" />
        <source>議題の区分</source>
        <translation>Kind of agenda item</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="232" />
        <source>議題を追加</source>
        <translation>Add an agenda item</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="233" />
        <source>追加する議題</source>
        <translation>Agenda item to add</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="237" />
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="248" />
        <source>出欠</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="262" />
        <source>%1 出席</source>
        <translation>%1 present</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="275" />
        <source>出席した委員を追加（氏名）</source>
        <translation>Add a member who is present (name)</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="276" />
        <source>出席した委員の氏名</source>
        <translation>Name of the member present</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="280" />
        <source>出席を記録</source>
        <translation>Record as present</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="290" />
        <location filename="../MeetingModePage.qml" line="305" />
        <source>議事録</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="304" />
        <source>議事録（発言の要旨など）</source>
        <translation>Minutes (summary of what was said)</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="310" />
        <source>議事録: %1</source>
        <translation>Minutes: %1</translation>
    </message>
    <message>
        <location filename="../MeetingModePage.qml" line="315" />
        <source>議事録を保存</source>
        <translation>Save the minutes</translation>
    </message>
</context>
</TS>
