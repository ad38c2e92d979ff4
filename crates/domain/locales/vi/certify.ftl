### Chứng thực bản sao từ bản chính: sổ chứng thực, bản sao điện tử, trang xác minh.

certify-page-syntax = «{ $text }» không phải danh sách trang (ví dụ 1-3,5)
certify-page-out-of-range = trang { NUMBER($page, useGrouping: "false") } vượt quá { NUMBER($total, useGrouping: "false") } trang của bản quét
certify-page-twice = trang { NUMBER($page, useGrouping: "false") } được ghi hai lần
certify-copies = số bản sao phải từ 1 đến { $max }
certify-not-a-copy-procedure = thủ tục của hồ sơ này không phải chứng thực bản sao từ bản chính
certify-no-such-scan = chọn một bản quét bản chính của hồ sơ này
certify-no-renderer = máy chủ chưa cài poppler-utils nên chưa đọc được trang của tệp PDF; hãy quét bản chính thành ảnh hoặc cấp bản sao giấy
certify-busy = sổ chứng thực đang được ghi liên tục; hãy thử lại

field-scan = Bản quét bản chính
field-electronic = Bản sao điện tử
certify-register-too-long = khoảng thời gian có hơn { $max } lượt chứng thực; hãy in từng phần ngắn hơn

certify-title = Chứng thực bản sao từ bản chính
certify-none = Chưa chứng thực bản sao nào trên hồ sơ này.
certify-number = Số chứng thực
certify-document = Bản chính
certify-copies-pages = Bản sao / trang
certify-fee = Lệ phí
certify-by = Người ký chứng thực
certify-copy = Bản sao điện tử
certify-verify = Trang kiểm tra
certify-paper = Bản giấy
certify-pages-label = Trang cần chứng thực
certify-pages-all = tất cả, hoặc ví dụ 1-2,4
certify-electronic-label = Cấp bản sao điện tử (PDF có mã QR để kiểm tra)
certify-submit = Ký chứng thực
certify-register-month = Sổ chứng thực tháng này (PDF)

verify-title = Kiểm tra bản sao điện tử có chứng thực
verify-lead = Chọn tệp PDF bản sao điện tử bạn nhận được: hệ thống so mã băm SHA-256 của tệp với sổ chứng thực. Tệp bị sửa dù chỉ một ký tự sẽ không khớp.
verify-genuine = Đúng: tệp này là bản sao điện tử đã được chứng thực và ghi trong sổ.
verify-mismatch = Không khớp: tệp này khác với bản sao đã chứng thực (có thể đã bị sửa đổi).
verify-unknown = Không tìm thấy: không có bản sao chứng thực nào trùng với tệp này.
verify-file-hash = Mã băm của tệp vừa kiểm tra
verify-recorded-hash = Mã băm SHA-256 ghi trong sổ
verify-center = Nơi chứng thực
verify-at = Thời điểm chứng thực
verify-choose-file = Tệp bản sao (PDF)
verify-check = Kiểm tra
certify-scan-first = Bản chính chưa được quét: hãy quét bản chính trước khi ký chứng thực.
