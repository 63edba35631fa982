<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>QuickEntryPage</name>
    <message>
        <location filename="../QuickEntryPage.qml" line="14"/>
        <source>相談をすばやく記録</source>
        <translation>Quick consultation entry</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="34"/>
        <source>保存しました（端末に保存済み）</source>
        <translation>Saved (on this device)</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="48"/>
        <source>%1・%2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="52"/>
        <source>受付方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="57"/>
        <source>来所</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="57"/>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="57"/>
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="57"/>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="68"/>
        <source>相談内容区分</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="86"/>
        <source>相談者・団体</source>
        <translation>Person or group</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="94"/>
        <source>要旨</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="118"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="125"/>
        <source>詳しく入力…</source>
        <translation>More fields…</translation>
    </message>
</context>
</TS>
