### The command line: `motcua` and its subcommands.

cli-error = Lỗi
cli-database-migrated = Đã cập nhật cơ sở dữ liệu
cli-exported = Đã xuất
cli-procedures-to = thủ tục vào
cli-demo-logins-password = Tài khoản thử (mật khẩu
cli-motcua-is-running-at = motcua đang chạy tại
cli-database = Cơ sở dữ liệu:
cli-demo-data-password-of-every-demo-login = Dữ liệu mẫu; mật khẩu của mọi tài khoản thử:
cli-the-receipt-s-qr-code-points-to = Mã QR trên giấy hẹn trỏ tới
cli-public-url-scheme = public_url { $url }: phải bắt đầu bằng https:// hoặc http://
cli-set-public-url-or-motcua-public-url-to-t = đặt --public-url hoặc MOTCUA_PUBLIC_URL bằng địa chỉ công dân truy cập
cli-there-is-no-database-at = không có cơ sở dữ liệu tại
cli-pg-dump-not-found-on-path-or-in-usr-lib = không tìm thấy pg_dump (trong PATH hay /usr/lib/postgresql/*/bin): cài gói postgresql-client cùng phiên bản với máy chủ
cli-cannot-open-the-database = không mở được cơ sở dữ liệu
cli-cannot-create-a-file-next-to = không tạo được tệp bên cạnh
cli-the-backup-failed = sao lưu không thành công
cli-the-backup-just-written = bản sao lưu vừa ghi
cli-cannot-rename-the-backup-to = không đặt được tên
cli-motcua-restore-restores-into-sqlite-only = motcua restore chỉ khôi phục vào SQLite; với PostgreSQL dùng pg_restore (xem README, mục Sao lưu và khôi phục)
cli-no-such-file = không có tệp
cli-cannot-open = không mở được
cli-cannot-create = không tạo được
cli-cannot-copy = không chép được
cli-cannot-rename = không đổi tên được
cli-cannot-remove = không xóa được
cli-cannot-rename-the-copy-to = không đặt được tên

## motcua import catalog, audit verify, backup, restore, demo
cli-nothing-imported = Không nhập gì: tệp { $file } có { NUMBER($n, useGrouping: "false") } lỗi.
cli-catalog-imported = Đã nhập danh mục: { NUMBER($fields, useGrouping: "false") } lĩnh vực; { NUMBER($added, useGrouping: "false") } thủ tục mới, { NUMBER($changed, useGrouping: "false") } thủ tục có phiên bản mới, { NUMBER($unchanged, useGrouping: "false") } thủ tục không đổi.
cli-audit-intact = Toàn vẹn: { NUMBER($dossiers, useGrouping: "false") } hồ sơ, { NUMBER($events, useGrouping: "false") } sự kiện, { NUMBER($days, useGrouping: "false") } ngày cấp mã đều khớp.
# $reason is the domain's own words, in English.
cli-audit-broken-chain = chuỗi sự kiện bị phá vỡ: hồ sơ { $code }, sự kiện thứ { NUMBER($seq, useGrouping: "false") }: { $reason }
cli-audit-state-mismatch = hồ sơ { $code }: trạng thái lưu không khớp với chuỗi sự kiện
cli-audit-without-events = { NUMBER($n, useGrouping: "false") } hồ sơ không có sự kiện nào
cli-audit-code-days = mã hồ sơ của { $agency } ngày { $day }: đã cấp { NUMBER($issued, useGrouping: "false") } mã nhưng có { NUMBER($dossiers, useGrouping: "false") } hồ sơ
cli-backup-exists = { $path } đã có; không ghi đè (thêm --force để thay nó)
cli-backup-is-the-database = { $path } là chính cơ sở dữ liệu
cli-backed-up = Đã sao lưu { $database } vào { $path } ({ $size }, { $seconds } giây).
cli-restore-source-in-use = { $path } đang có { $wal } bên cạnh: đó là một cơ sở dữ liệu đang dùng, không phải bản sao lưu; hãy tạo bản sao lưu bằng motcua backup
cli-restore-is-the-target = { $path } là chính cơ sở dữ liệu đích
cli-restore-target-in-use = { $path } đang được một tiến trình motcua dùng (motcua serve?): hãy dừng nó trước khi khôi phục
cli-restore-target-exists = { $path } đã có; không ghi đè (thêm --force để thay nó, bản cũ được giữ lại)
cli-demo-created = Đã tạo tỉnh mẫu: { NUMBER($units, useGrouping: "false") } xã/phường, { NUMBER($centers, useGrouping: "false") } trung tâm, { NUMBER($people, useGrouping: "false") } cán bộ, { NUMBER($dossiers, useGrouping: "false") } hồ sơ trong { $seconds } giây.
cli-restored = Đã khôi phục { $path } vào { $target } ({ $size }).
cli-restored-old-kept = Đã khôi phục { $path } vào { $target } ({ $size }); cơ sở dữ liệu cũ được giữ ở { $kept }.
# What is wrong with a file given to restore; $detail is the library's words.
cli-file-unreadable = không đọc được: { $detail }
cli-file-not-sqlite = không phải cơ sở dữ liệu SQLite
cli-file-damaged = bị hỏng (integrity_check: { $detail })
cli-file-not-motcua = không phải cơ sở dữ liệu của motcua (không có migration nào)
cli-file-unknown-migration = có migration { $version } mà phiên bản motcua này không biết (bản sao lưu của phiên bản mới hơn?)
cli-file-failed-migration = có migration { $version } chưa chạy xong

## motcua calendar: what is wrong with a lunar date (domain/src/i18n/calendar.rs)
lunar-out-of-range = { $value } nằm ngoài phạm vi âm lịch ({ NUMBER($first, useGrouping: "false") }–{ NUMBER($last, useGrouping: "false") })
lunar-no-such-leap-month = năm âm lịch { NUMBER($year, useGrouping: "false") } không có tháng { $month } nhuận
lunar-no-such-day = tháng âm lịch { $month } không có ngày { $day }
lunar-no-such-month = tháng âm lịch phải từ 1 đến 12, không phải { $month }
cli-ocr-off = Nhận dạng chữ (OCR) đang tắt: chưa cài tesseract-ocr và tesseract-ocr-vie. Bản quét vẫn được lưu.
cli-blobs-verified = Đã kiểm tra { $files } tệp bản quét ({ $mb } MB); hồ sơ nêu { $named } tệp.
cli-blob-corrupt = Tệp hỏng (nội dung không khớp tên):
cli-blob-missing = Thiếu tệp mà hồ sơ nêu:
cli-blobs-collected = Đã xóa { $n } tệp bản quét không thuộc hồ sơ nào.
cli-backed-up-scans = Bản quét: { $n } tệp ở { $path } ({ $new } tệp mới).
cli-restored-scans = Đã khôi phục { $n } tệp bản quét.
cli-carrier-incomplete = Cấu hình đơn vị bưu chính chưa đủ: cần carrier_url, carrier_api_key và carrier_secret (hoặc MOTCUA_CARRIER_URL, MOTCUA_CARRIER_API_KEY, MOTCUA_CARRIER_SECRET).
cli-carrier = Đơn vị bưu chính:
cli-carrier-sim = Bưu chính mô phỏng (demo) đang chạy tại
cli-carrier-off = Chưa cấu hình đơn vị bưu chính: đơn gửi kết quả qua bưu điện được ghi lại và chờ đến khi có cấu hình.
cli-demo-kiosk = Máy lấy số của trung tâm thử đầu tiên:
cli-demo-tablet = Máy đánh giá tại quầy 1 của trung tâm đó:
cli-rollups-rebuilt = Đã đếm lại số liệu của { $n } hồ sơ từ nhật ký sự kiện ({ $seconds } giây).
cli-bench-reusing = Dùng lại dữ liệu đo trong { $dir } ({ $dossiers } hồ sơ, hạt giống { $seed }).
cli-bench-generating = Đang tạo { $dossiers } hồ sơ (hạt giống { $seed }) vào { $dir }…
cli-bench-generated = Đã đếm { $dossiers } hồ sơ vào { $rows } dòng tổng hợp trong { $seconds } giây.
cli-bench-timing = Đang đo các truy vấn trên { $backend } ({ $runs } lần sau 3 lần khởi động)…
cli-bench-machine = Máy: { $cores } nhân ({ $cpu }).
cli-bench-sizes = Dữ liệu: { $dossiers } hồ sơ; { $rows } dòng tổng hợp; tệp SQLite { $sqlite } MiB; tệp CSV cho DuckDB { $csv } MiB.
cli-bench-pg-size = Bảng daily_rollups của PostgreSQL cùng chỉ mục { $pg } MiB.
cli-bench-duckdb = DuckDB { $version } ({ $threads } luồng) đã nạp tệp CSV vào bảng trong bộ nhớ trong { $seconds } giây (không tính vào bảng đo).
cli-bench-duckdb-missing = Không có DuckDB ({ $reason }); cài bằng: { $python } -m pip install duckdb
cli-bench-goal-met = Mọi truy vấn đều đạt mục tiêu.
cli-bench-goal-missed = { $n } trên { $total } truy vấn chưa đạt mục tiêu (đây là phép đo: lệnh vẫn thành công).
