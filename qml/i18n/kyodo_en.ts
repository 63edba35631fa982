<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AboutPluginsPage</name>
    <message>
        <location filename="../AboutPluginsPage.qml" line="11" />
        <source>このアプリについて・プラグイン</source>
        <translation>About / plugins</translation>
    </message>
    <message>
        <location filename="../AboutPluginsPage.qml" line="19" />
        <source>Kyodo 協働 %1 — 横浜市市民協働条例の現場記録</source>
        <translation>Kyodo 協働 %1 — field records for Yokohama's Citizen Collaboration Ordinance</translation>
    </message>
    <message>
        <location filename="../AboutPluginsPage.qml" line="38" />
        <source>読み込み失敗</source>
        <translation>Failed to load</translation>
    </message>
    <message>
        <location filename="../AboutPluginsPage.qml" line="38" />
        <source>動作中</source>
        <translation>Running</translation>
    </message>
</context>
<context>
    <name>AttentionPage</name>
    <message>
        <location filename="../AttentionPage.qml" line="11" />
        <source>要対応（差し戻し）</source>
        <translation>Needs attention (returned)</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="18" />
        <source>差し戻された変更はありません</source>
        <translation>No changes were returned</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="18" />
        <source>差し戻された変更 %1 件</source>
        <translation>%1 returned changes</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="51" />
        <source>理由: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="75" />
        <source>修正して再送</source>
        <translation>Send with fixes</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="75" />
        <source>修正する</source>
        <translation>Fix</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="84" />
        <source>そのまま再送</source>
        <translation>Send again as is</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="90" />
        <source>破棄する</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="98" />
        <source>この変更を破棄しますか？</source>
        <translation>Discard this change?</translation>
    </message>
    <message>
        <location filename="../AttentionPage.qml" line="101" />
        <source>破棄した変更はサーバーに送られません。</source>
        <translation>A discarded change is never sent to the server.</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictInboxPage</name>
    <message>
        <location filename="../ConflictInboxPage.qml" line="15" />
        <source>競合の受信箱</source>
        <translation>Conflict inbox</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="22" />
        <source>未解決の競合はありません</source>
        <translation>No open conflicts</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="22" />
        <source>未解決の競合 %1 件</source>
        <translation>%1 open conflicts</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="118" />
        <source>項目: %1</source>
        <translation>Field: %1</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="124" />
        <source>元の値</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="125" />
        <source>自分</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="126" />
        <source>相手</source>
        <translation>Theirs</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="129" />
        <source>黄色は元の値に加えられた部分、取り消し線は削られた部分です</source>
        <translation>Yellow marks what was added to the original, struck-out text what was removed</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="136" />
        <source>解決済み（送信待ち）</source>
        <translation>Resolved (waiting to be sent)</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="145" />
        <source>自分の値を残す</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="151" />
        <source>相手の値にする</source>
        <translation>Take theirs</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="158" />
        <source>両方を残す</source>
        <translation>Keep both</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="164" />
        <source>編集する</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="178" />
        <source>%1の新しい値</source>
        <translation>New value of %1</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="181" />
        <source>競合の解決: %1・%2</source>
        <translation>Resolving a conflict: %1 · %2</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="187" />
        <source>この値にする</source>
        <translation>Use this value</translation>
    </message>
    <message>
        <location filename="../ConflictInboxPage.qml" line="198" />
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1・%2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>DateTimePicker</name>
    <message>
        <location filename="../DateTimePicker.qml" line="59" />
        <source>日時を選ぶか入力</source>
        <translation>Pick or type a date and time</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="59" />
        <source>日付を選ぶか入力</source>
        <translation>Pick or type a date</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="84" />
        <source>今</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="84" />
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="87" />
        <source>%1を今にする</source>
        <translation>Set %1 to now</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="87" />
        <source>%1を今日にする</source>
        <translation>Set %1 to today</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="92" />
        <source>カレンダー</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="94" />
        <source>%1をカレンダーで選ぶ</source>
        <translation>Pick %1 from a calendar</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="116" />
        <source>前の月</source>
        <translation>Previous month</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="118" />
        <source>%1年%2月</source>
        <translation>%2/%1</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="123" />
        <source>次の月</source>
        <translation>Next month</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="163" />
        <source>時刻</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="164" />
        <source>時</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="166" />
        <source>分</source>
        <translation>Minute</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="171" />
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../DateTimePicker.qml" line="172" />
        <source>決定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>DraftsPage</name>
    <message>
        <location filename="../DraftsPage.qml" line="10" />
        <source>下書き</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="21" />
        <source>下書きはありません</source>
        <translation>No drafts</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="21" />
        <source>下書き %1 件</source>
        <translation>%1 drafts</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="37" />
        <source>入力中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="38" />
        <source>（編集中）</source>
        <translation> (editing)</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="38" />
        <source>（新規）</source>
        <translation> (new)</translation>
    </message>
    <message>
        <location filename="../DraftsPage.qml" line="46" />
        <source>（まだ何も入力されていません）</source>
        <translation>(nothing typed yet)</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../FieldEditor.qml" line="45" />
        <source>（必須）</source>
        <translation> (required)</translation>
    </message>
    <message>
        <location filename="../FieldEditor.qml" line="68" />
        <source>%1 / %2 文字</source>
        <translation>%1 / %2 characters</translation>
    </message>
    <message>
        <location filename="../FieldEditor.qml" line="128" />
        <source>円</source>
        <translation>yen</translation>
    </message>
    <message>
        <location filename="../FieldEditor.qml" line="156" />
        <location filename="../FieldEditor.qml" line="169" />
        <source>（未選択）</source>
        <translation>(not chosen)</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>閲覧のみ（集計用）: %1</source>
        <translation>View only (for totals): %1</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="12" />
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="22" />
        <source>%1 さん（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="27" />
        <source>担当範囲: %1</source>
        <translation>Scopes: %1</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="34" />
        <source>競合 %1 件</source>
        <translation>%1 conflicts</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="40" />
        <source>要対応 %1 件</source>
        <translation>%1 need attention</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="46" />
        <source>下書き %1 件</source>
        <translation>%1 drafts</translation>
    </message>
    <message>
        <location filename="../HomePage.qml" line="60" />
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="14" />
        <location filename="../Main.qml" line="62" />
        <source>Kyodo 協働</source>
        <translation>Kyodo 協働</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="49" />
        <source>メニュー</source>
        <translation>Menu</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="49" />
        <source>メニューを表示</source>
        <translation>Show the menu</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="49" />
        <source>メニューを隠す</source>
        <translation>Hide the menu</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="55" />
        <source>‹ 戻る</source>
        <translation>‹ Back</translation>
    </message>
    <message>
        <location filename="../Main.qml" line="57" />
        <source>前の画面に戻る</source>
        <translation>Back to the previous screen</translation>
    </message>
    <message>
        <source>競合・差し戻し</source>
        <translation>Conflicts and returned changes</translation>
    </message>
</context>
<context>
    <name>NavigationList</name>
    <message>
        <location filename="../NavigationList.qml" line="38" />
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="62" />
        <source>集計・報告</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="44" />
        <source>競合の受信箱</source>
        <translation>Conflict inbox</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="50" />
        <source>要対応（差し戻し）</source>
        <translation>Needs attention (returned)</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="56" />
        <source>下書き</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="112" />
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../NavigationList.qml" line="117" />
        <source>このアプリについて・プラグイン</source>
        <translation>About / plugins</translation>
    </message>
    <message>
        <source>%1 件</source>
        <translation>%1 items</translation>
    </message>
</context>
<context>
    <name>RecordDetailPage</name>
    <message>
        <source>閲覧のみ: この記録のある場所は閲覧の権限だけが付与されているため、変更できません</source>
        <translation>View only: you have only view rights where this record is kept, so it cannot be changed</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="30" />
        <source>記録が見つかりません</source>
        <translation>Record not found</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="42" />
        <source>差し戻しの理由: %1</source>
        <translation>Returned because: %1</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="49" />
        <source>この記録は削除されています</source>
        <translation>This record is deleted</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="86" />
        <source>編集</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="94" />
        <source>復元</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="94" />
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="107" />
        <source>この端末での変更履歴</source>
        <translation>Changes made on this device</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="127" />
        <source>サーバーの変更履歴（全員の変更）</source>
        <translation>Changes on the server (everyone's)</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="133" />
        <source>更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="141" />
        <source>サインインすると、サーバーに記録された全員の変更を表示します</source>
        <translation>Sign in to see everyone's changes recorded on the server</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="142" />
        <source>サーバーから取得しています…</source>
        <translation>Loading from the server…</translation>
    </message>
    <message>
        <location filename="../RecordDetailPage.qml" line="143" />
        <source>サーバーにはまだ変更の記録がありません</source>
        <translation>The server has no changes recorded yet</translation>
    </message>
</context>
<context>
    <name>RecordFormPage</name>
    <message>
        <location filename="../RecordFormPage.qml" line="53" />
        <source>保存していない下書きがあります（%1）</source>
        <translation>There is an unsaved draft (%1)</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="57" />
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="58" />
        <source>破棄する</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="62" />
        <location filename="../RecordFormPage.qml" line="69" />
        <source>保存先</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="130" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="136" />
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="141" />
        <source>入力内容は自動で端末に下書き保存されます</source>
        <translation>What you type is kept on this device as a draft</translation>
    </message>
    <message>
        <location filename="../RecordFormPage.qml" line="152" />
        <source>端末に保存しました</source>
        <translation>Saved on this device</translation>
    </message>
</context>
<context>
    <name>RecordListPage</name>
    <message>
        <location filename="../RecordListPage.qml" line="48" />
        <location filename="../RecordListPage.qml" line="49" />
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="53" />
        <source>区で絞り込む</source>
        <translation>Filter by ward</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="58" />
        <source>すべての区</source>
        <translation>All wards</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="62" />
        <source>年度で絞り込む</source>
        <translation>Filter by fiscal year</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="67" />
        <source>すべての年度</source>
        <translation>All fiscal years</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="71" />
        <source>並べ替え</source>
        <translation>Sort by</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="76" />
        <source>新しい順</source>
        <translation>Newest first</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="83" />
        <source>並び順を逆にする</source>
        <translation>Reverse the order</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="87" />
        <source>＋ 新規</source>
        <translation>+ New</translation>
    </message>
    <message>
        <location filename="../RecordListPage.qml" line="99" />
        <source>%1 件</source>
        <translation>%1 records</translation>
    </message>
    <message>
        <source>削除済み</source>
        <translation>Deleted</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../ReportsPage.qml" line="13" />
        <source>集計・報告</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="15" />
        <source>指定なし</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="37" />
        <source>集計表</source>
        <translation>Report table</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="44" />
        <source>年度</source>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="47" />
        <source>開始年度</source>
        <translation>From fiscal year</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="57" />
        <source>終了年度</source>
        <translation>To fiscal year</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="66" />
        <source>CSV に書き出す</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="70" />
        <location filename="../ReportsPage.qml" line="79" />
        <source>書き出しました: %1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="75" />
        <source>年次報告書（PDF）</source>
        <translation>Yearly report (PDF)</translation>
    </message>
    <message>
        <location filename="../ReportsPage.qml" line="100" />
        <source>この端末のスキーマにレポートがありません（サインインすると届きます）</source>
        <translation>No reports in this device's schemas yet (they arrive with sign-in)</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../SettingsPage.qml" line="10" />
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="16" />
        <source>ユーザー: %1（%2）</source>
        <translation>User: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="17" />
        <source>サーバー: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="19" />
        <location filename="../SettingsPage.qml" line="22" />
        <source>表示言語</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="32" />
        <location filename="../SettingsPage.qml" line="35" />
        <source>文字の大きさ</source>
        <translation>Text size</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="38" />
        <source>標準</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="38" />
        <source>大きい</source>
        <translation>Large</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="38" />
        <source>とても大きい</source>
        <translation>Very large</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="46" />
        <source>自動で同期する（数分ごと・接続が戻ったとき）</source>
        <translation>Sync automatically (every few minutes and when the network returns)</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="51" />
        <source>サインアウト</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="60" />
        <source>サインアウトしますか？</source>
        <translation>Sign out?</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="67" />
        <source>未送信の変更 %1 件は端末に残り、次にサインインしたときに送信されます。</source>
        <translation>%1 unsent changes stay on this device and are sent after the next sign-in.</translation>
    </message>
    <message>
        <location filename="../SettingsPage.qml" line="68" />
        <source>端末のデータは残ります。</source>
        <translation>The data stays on this device.</translation>
    </message>
    <message>
        <source>添付する写真の大きさ（長辺）</source>
        <translation>Size of attached photos (long side)</translation>
    </message>
    <message>
        <source>1280 ピクセル（小さい）</source>
        <translation>1280 pixels (small)</translation>
    </message>
    <message>
        <source>2048 ピクセル（標準）</source>
        <translation>2048 pixels (standard)</translation>
    </message>
    <message>
        <source>4096 ピクセル（大きい）</source>
        <translation>4096 pixels (large)</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../SignInPage.qml" line="11" />
        <location filename="../SignInPage.qml" line="101" />
        <source>サインイン</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="31" />
        <source>Kyodo 協働</source>
        <translation>Kyodo 協働</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="36" />
        <source>横浜市市民協働条例の現場記録アプリ。サインイン後はネットワークがなくても使えます。</source>
        <translation>Field records for Yokohama's Citizen Collaboration Ordinance. After signing in, it works without a network.</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="49" />
        <location filename="../SignInPage.qml" line="53" />
        <source>サーバーの URL</source>
        <translation>Server URL</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="60" />
        <location filename="../SignInPage.qml" line="64" />
        <source>CA 証明書ファイル（任意）</source>
        <translation>CA certificate file (optional)</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="68" />
        <source>空欄ならシステムの証明書を使います</source>
        <translation>Leave empty to use the system certificates</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="70" />
        <location filename="../SignInPage.qml" line="74" />
        <source>ユーザー名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../SignInPage.qml" line="80" />
        <location filename="../SignInPage.qml" line="84" />
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <location filename="../SyncBar.qml" line="18" />
        <source>送信中</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="19" />
        <source>受信中</source>
        <translation>Receiving</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="20" />
        <source>反映中</source>
        <translation>Applying</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="21" />
        <source>同期中</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="35" />
        <source>オンライン</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="35" />
        <source>オフライン</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="62" />
        <source>すべてサーバーに反映済み</source>
        <translation>All applied on the server</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="65" />
        <source>未送信 %1 件</source>
        <translation>%1 not sent</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="128" />
        <source>技術的な詳細（管理者向け）: %1</source>
        <translation>Technical details (for administrators): %1</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="75" />
        <source>まだ同期していません</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="74" />
        <source>最終同期 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="67" />
        <source>送信済み・応答待ち %1 件</source>
        <translation>%1 sent, awaiting the server's answer</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="103" />
        <source>詳細</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../SyncBar.qml" line="110" />
        <source>今すぐ同期</source>
        <translation>Sync now</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>%1を開く</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <source>%1を外す</source>
        <translation>Remove %1</translation>
    </message>
    <message>
        <source>ファイルを外す</source>
        <translation>Remove the file</translation>
    </message>
    <message>
        <source>「%1」をこの記録から外しますか？ ほかの端末で追加されたファイルはそのまま残ります。</source>
        <translation>Remove “%1” from this record? Files added on other devices stay.</translation>
    </message>
    <message>
        <source>外す</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>追加するファイルを選択</source>
        <translation>Choose a file to add</translation>
    </message>
    <message>
        <source>%1を追加</source>
        <translation>Add to %1</translation>
    </message>
    <message>
        <source>記録を保存すると追加できます</source>
        <translation>Save the record to add files</translation>
    </message>
    <message>
        <source>まだありません</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>まだありません（閲覧のみのため追加できません）</source>
        <translation>None yet (view only: files cannot be added)</translation>
    </message>
    <message>
        <source>ファイル</source>
        <translation>File</translation>
    </message>
</context>
<context>
    <name>AttachmentViewerPage</name>
    <message>
        <source>このPDFはこの端末では表示できません。「他のアプリで開く」を試してください</source>
        <translation>This PDF cannot be shown on this device; try “Open in another app”</translation>
    </message>
    <message>
        <source>この画像はこの端末では表示できません。「他のアプリで開く」を試してください</source>
        <translation>This image cannot be shown on this device; try “Open in another app”</translation>
    </message>
    <message>
        <source>PDFを開いています…</source>
        <translation>Opening the PDF…</translation>
    </message>
    <message>
        <source>全%1ページ</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <source>縮小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>拡大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>写真: %1</source>
        <translation>Photo: %1</translation>
    </message>
    <message>
        <source>%1 %2/%3ページ</source>
        <translation>%1, page %2 of %3</translation>
    </message>
    <message>
        <source>他のアプリで開く</source>
        <translation>Open in another app</translation>
    </message>
    <message>
        <source>受信中 %1%</source>
        <translation>Receiving %1%</translation>
    </message>
    <message>
        <source>サーバーから受信します（同期すると表示されます）</source>
        <translation>Will be received from the server (shown after a sync)</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>写真を撮る</source>
        <translation>Take a photo</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>撮影</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>ファイルから選ぶ</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <source>カメラを使えません（他のアプリが使用中か、接続が切れています）。ファイルから選んでください</source>
        <translation>The camera cannot be used (another app is using it, or it was disconnected); choose a file instead</translation>
    </message>
    <message>
        <source>カメラの準備ができていません。少し待ってから、もう一度撮影してください</source>
        <translation>The camera is not ready yet; wait a moment and take the photo again</translation>
    </message>
    <message>
        <source>この端末の空き容量が足りないため、撮影できませんでした</source>
        <translation>The photo could not be taken: this device is out of storage space</translation>
    </message>
    <message>
        <source>撮影できませんでした。もう一度撮影するか、ファイルから選んでください</source>
        <translation>The photo could not be taken; take it again or choose a file instead</translation>
    </message>
    <message>
        <source>この端末のカメラが見つかりません。ファイルから選んでください</source>
        <translation>No camera was found on this device; choose a file instead</translation>
    </message>
    <message>
        <source>この端末のカメラが見つかりません</source>
        <translation>No camera was found on this device</translation>
    </message>
</context>
<context>
    <name>Badge</name>
    <message>
        <source>%1 %2 件</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 件</source>
        <translation>%1 items</translation>
    </message>
</context>
</TS>
