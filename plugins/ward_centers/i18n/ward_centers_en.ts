<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>QuickEntryPage</name>
    <message>
        <location filename="../QuickEntryPage.qml" line="16" />
        <source>相談をすばやく記録</source>
        <translation>Quick consultation entry</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="44" />
        <source>保存しました（端末に保存済み）</source>
        <translation>Saved (on this device)</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="79" />
        <source>受付方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="67" />
        <source>保存していない入力を元に戻しました</source>
        <translation>Your unsaved input has been restored</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="70" />
        <location filename="../QuickEntryPage.qml" line="74" />
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="97" />
        <source>相談内容区分</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="115" />
        <location filename="../QuickEntryPage.qml" line="118" />
        <source>相談者・団体</source>
        <translation>Person or group</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="124" />
        <location filename="../QuickEntryPage.qml" line="127" />
        <source>要旨</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="144" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../QuickEntryPage.qml" line="151" />
        <source>詳しく入力…</source>
        <translation>More fields…</translation>
    </message>
</context>
</TS>
