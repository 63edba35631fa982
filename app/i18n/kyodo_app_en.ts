<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>Kyodo</name>
    <message>
        <source>%1があります</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>%1を新規作成</source>
        <translation>New %1</translation>
    </message>
    <message>
        <source>%1を編集</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <source>CSV を書き出せません: %1（%2）</source>
        <translation>Cannot write the CSV: %1 (%2)</translation>
    </message>
    <message>
        <source>PDF を書き出せません: %1</source>
        <translation>Cannot write the PDF: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>。その担当の下書き %1 件は削除されました</source>
        <translation>. %1 drafts of that scope were removed</translation>
    </message>
    <message>
        <source>。サーバーがバックアップから復元されていたため、失われた変更 %1 件を送り直しました</source>
        <translation>. The server had been restored from a backup: %1 changes it had lost were sent again</translation>
    </message>
    <message>
        <source>。権限がなくなった担当の未反映の変更 %1 件を管理者に引き渡しました</source>
        <translation>. %1 unapplied changes of a scope you no longer have were handed to the administrator</translation>
    </message>
    <message>
        <source>いいえ</source>
        <translation>No</translation>
    </message>
    <message>
        <source>この記録はすでに保存されています</source>
        <translation>This has already been saved</translation>
    </message>
    <message>
        <source>この記録はまだサーバーに届いていません。同期すると全員の変更履歴を表示します</source>
        <translation>This record has not reached the server yet; after a sync its history shows here</translation>
    </message>
    <message>
        <source>その他の集計</source>
        <translation>Other reports</translation>
    </message>
    <message>
        <source>はい</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>不明</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>作成日 %1・端末の記録から集計</source>
        <translation>Made %1 from the records on this device</translation>
    </message>
    <message>
        <source>保存先（区など）を選んでください</source>
        <translation>Choose where to save it (ward or other scope)</translation>
    </message>
    <message>
        <source>入力内容を確認してください（%1）</source>
        <translation>Please check the form (%1)</translation>
    </message>
    <message>
        <source>全年度</source>
        <translation>all years</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>削除と編集</source>
        <translation>Deleted and edited</translation>
    </message>
    <message>
        <source>反映</source>
        <translation>applied</translation>
    </message>
    <message>
        <source>合計</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>名称未登録の団体（%1）</source>
        <translation>Unnamed group (%1)</translation>
    </message>
    <message>
        <source>差し戻された変更 %1 件</source>
        <translation>%1 changes returned</translation>
    </message>
    <message>
        <source>差し戻し</source>
        <translation>returned</translation>
    </message>
    <message>
        <source>市全体</source>
        <translation>City</translation>
    </message>
    <message>
        <source>市民協働の取組状況</source>
        <translation>Citizen collaboration status report</translation>
    </message>
    <message>
        <source>市民協働の取組状況（%1）</source>
        <translation>Citizen collaboration: status report (%1)</translation>
    </message>
    <message>
        <source>市民協働推進委員会</source>
        <translation>Committee</translation>
    </message>
    <message>
        <source>復元</source>
        <translation>Restored</translation>
    </message>
    <message>
        <source>新しい競合 %1 件</source>
        <translation>%1 new conflicts</translation>
    </message>
    <message>
        <source>新規作成</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>移動</source>
        <translation>Moved</translation>
    </message>
    <message>
        <source>競合</source>
        <translation>conflict</translation>
    </message>
    <message>
        <source>競合の解決</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <source>編集</source>
        <translation>Edited</translation>
    </message>
    <message>
        <source>記録が見つかりません</source>
        <translation>Record not found</translation>
    </message>
    <message>
        <source>記録の定義（スキーマ）がまだありません。一度サインインしてください</source>
        <translation>This device has no record definitions yet; please sign in once</translation>
    </message>
    <message>
        <source>記録種別 %1 はこの端末のスキーマにありません</source>
        <translation>Record type %1 is not in this device's schemas</translation>
    </message>
    <message>
        <source>送信 %1 件・受信 %2 件・競合 %3 件・差し戻し %4 件</source>
        <translation>%1 sent, %2 received, %3 conflicts, %4 returned</translation>
    </message>
    <message>
        <source>（この端末にない記録）</source>
        <translation>(a record not on this device)</translation>
    </message>
    <message>
        <source>（削除）</source>
        <translation>(deleted)</translation>
    </message>
    <message>
        <source>（無題）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>（空欄）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>ファイルを送受信できませんでした: %1</source>
        <translation>Files could not be sent or received: %1</translation>
    </message>
    <message>
        <source>ファイル送信中 %1%</source>
        <translation>Sending files %1%</translation>
    </message>
    <message>
        <source>ファイル受信中 %1%</source>
        <translation>Receiving files %1%</translation>
    </message>
    <message>
        <source>ファイルを確認中</source>
        <translation>Checking files</translation>
    </message>
    <message>
        <source>この端末のみ</source>
        <translation>On this device only</translation>
    </message>
    <message>
        <source>送信中 %1%</source>
        <translation>Sending %1%</translation>
    </message>
    <message>
        <source>サーバー保存済み</source>
        <translation>Saved on the server</translation>
    </message>
    <message>
        <source>受信中 %1%</source>
        <translation>Receiving %1%</translation>
    </message>
    <message>
        <source>この端末に未取得</source>
        <translation>Not downloaded to this device</translation>
    </message>
    <message>
        <source>サムネイルのみ</source>
        <translation>Only a thumbnail here</translation>
    </message>
    <message>
        <source>保存すると添付</source>
        <translation>Attached when saved</translation>
    </message>
    <message>
        <source>追加できるファイル (%1)</source>
        <translation>Files that can be added (%1)</translation>
    </message>
    <message>
        <source>すべてのファイル (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>このファイルを開けるアプリが見つかりません</source>
        <translation>No app found to open this file</translation>
    </message>
</context>
</TS>
