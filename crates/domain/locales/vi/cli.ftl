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

## motcua calendar: what is wrong with a lunar date (domain/src/i18n/calendar.rs)
lunar-out-of-range = { $value } nằm ngoài phạm vi âm lịch ({ NUMBER($first, useGrouping: "false") }–{ NUMBER($last, useGrouping: "false") })
lunar-no-such-leap-month = năm âm lịch { NUMBER($year, useGrouping: "false") } không có tháng { $month } nhuận
lunar-no-such-day = tháng âm lịch { $month } không có ngày { $day }
lunar-no-such-month = tháng âm lịch phải từ 1 đến 12, không phải { $month }
