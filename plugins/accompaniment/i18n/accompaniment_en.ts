<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../FollowUpsPage.qml" line="13" />
        <source>期日が近いフォローアップ</source>
        <translation>Follow-ups due</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="31" />
        <source>未完了のフォローアップはありません</source>
        <translation>No open follow-ups</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="31" />
        <source>未完了 %1 件</source>
        <translation>%1 open</translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="49" />
        <source>期限切れ・</source>
        <translation>Overdue · </translation>
    </message>
    <message>
        <location filename="../FollowUpsPage.qml" line="53" />
        <source>完了</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>VisitNotePage</name>
    <message>
        <location filename="../VisitNotePage.qml" line="19" />
        <source>訪問記録をすばやく入力</source>
        <translation>Quick visit note</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="85" />
        <source>保存していない入力を元に戻しました</source>
        <translation>Your unsaved input has been restored</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="102" />
        <source>訪問記録を保存できる団体がありません（担当の付与を依頼してください）</source>
        <translation>No group to save a visit note for (ask to be assigned one)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="126" />
        <source>保存しました（訪問記録 1 件、フォローアップ %1 件）</source>
        <translation>Saved (1 visit note, %1 follow-ups)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="149" />
        <location filename="../VisitNotePage.qml" line="157" />
        <source>団体</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="106" />
        <source>訪問記録</source>
        <translation>Visit note</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="114" />
        <source>フォローアップ %1</source>
        <translation>Follow-up %1</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="120" />
        <source>保存していません。%1</source>
        <translation>Nothing was saved. %1</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="125" />
        <source>この訪問記録はすでに保存されています</source>
        <translation>This visit note has already been saved</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="167" />
        <location filename="../VisitNotePage.qml" line="168" />
        <source>団体名</source>
        <translation>Group name</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="171" />
        <location filename="../VisitNotePage.qml" line="176" />
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="180" />
        <location filename="../VisitNotePage.qml" line="189" />
        <source>形態</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="192" />
        <location filename="../VisitNotePage.qml" line="198" />
        <source>要点（一行）</source>
        <translation>In one line</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="201" />
        <location filename="../VisitNotePage.qml" line="207" />
        <source>記録</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="210" />
        <source>フォローアップ（やること・期日・担当）</source>
        <translation>Follow-ups (what, by when, who)</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="236" />
        <source>やること</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="237" />
        <source>フォローアップ %1 のやること</source>
        <translation>Action of follow-up %1</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="244" />
        <source>フォローアップ %1 の期日</source>
        <translation>Due date of follow-up %1</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="254" />
        <source>フォローアップ %1 の担当</source>
        <translation>Owner of follow-up %1</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="285" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../VisitNotePage.qml" line="293" />
        <source>入力内容は自動で端末に下書き保存されます</source>
        <translation>What you type is kept on this device as a draft</translation>
    </message>
    <message>
        <source>記録は保存しましたが、写真を添付できませんでした。%1 もう一度「保存」を押すと添付します</source>
        <translation>The note was saved, but the photos could not be attached. %1 Press “Save” again to attach them</translation>
    </message>
    <message>
        <source>写真を追加</source>
        <translation>Add photos</translation>
    </message>
</context>
</TS>
