<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../FollowUpsPage.qml" line="13"/>
        <source>期日が近いフォローアップ</source>
        <translation>Follow-ups due</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="31"/>
        <source>未完了のフォローアップはありません</source>
        <translation>No open follow-ups</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="31"/>
        <source>未完了 %1 件</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="47"/>
        <source>期限切れ・</source>
        <translation>Overdue · </translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="50"/>
        <source>完了</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>VisitNotePage</name>
    <message>
        <location filename="../VisitNotePage.qml" line="15"/>
        <source>訪問記録をすばやく入力</source>
        <translation>Quick visit note</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="27"/>
        <source>訪問記録を保存できる団体がありません（担当の付与を依頼してください）</source>
        <translation>No group to save a visit note for (ask to be assigned one)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="47"/>
        <source>訪問記録は保存しました。フォローアップ %1: %2</source>
        <translation>The visit note is saved. Follow-up %1: %2</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="52"/>
        <source>保存しました（訪問記録 1 件、フォローアップ %1 件）</source>
        <translation>Saved (1 visit note, %1 follow-ups)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="66"/>
        <source>団体</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="80"/>
        <source>団体名（空欄なら上の団体）</source>
        <translation>Group name (empty: the one above)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="82"/>
        <source>要点（一行）</source>
        <translation>In one line</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="89"/>
        <source>記録</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="98"/>
        <source>フォローアップ（やること・期日・担当）</source>
        <translation>Follow-ups (what, by when, who)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="113"/>
        <source>やること</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="138"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
</context>
</TS>
