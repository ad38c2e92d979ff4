### The citizens' pages: home, centers, procedures, the dossier lookup.

## home.html
the-one-stop-system-of = Hệ thống một cửa của các Trung tâm Phục vụ hành chính công
find-a-procedure = Tìm thủ tục
e-g-khai-sinh = ví dụ: chung thuc ban sao
communes-and-wards = xã, phường, đặc khu
centers-and-reception-points = trung tâm và điểm tiếp nhận
procedures-home = thủ tục hành chính
staff-home = cán bộ
postal-employees = nhân viên bưu điện
dossiers = hồ sơ
fields = Lĩnh vực

## centers.html
public-administration-service-centers = Trung tâm Phục vụ hành chính công
name = Tên
unit = Đơn vị hành chính
identifier = Mã định danh

## center.html
receiving-agency = Cơ quan tiếp nhận
office-hours = Giờ làm việc
procedures-received = Thủ tục tiếp nhận
last-30-days = 30 ngày gần nhất
received = hồ sơ tiếp nhận
settled = đã giải quyết
on-time = đúng hạn
online = trực tuyến
staff-on-duty = Cán bộ đang làm việc
name-center = Họ và tên
role = Vai trò
title = Chức danh
employer = Đơn vị chủ quản

## procedures.html
administrative-procedures = Thủ tục hành chính
name-or-code = Tên hoặc mã thủ tục
procedures-procedures = thủ tục
code = Mã
procedure = Tên thủ tục

## procedure.html
code-procedure = Mã thủ tục
version = phiên bản
level = Cấp thực hiện
competent-agency = Cơ quan giải quyết
time-limit-procedure = Thời hạn giải quyết
fees = Phí, lệ phí
channels = Cách thức nộp
online-service = Dịch vụ công trực tuyến
dossier-components = Thành phần hồ sơ
no = STT
document = Tên giấy tờ
form = Loại
required = Bắt buộc
yes = Có
no-procedure = Không
versions = Các phiên bản
version-procedure = Phiên bản

## lookup.html
track-your-dossier = Tra cứu tình trạng hồ sơ
enter-the-dossier-code-and = Nhập mã hồ sơ và mã tra cứu (6 số) in trên Giấy tiếp nhận. Nếu đã khai số điện thoại, có thể nhập 4 số cuối thay cho mã tra cứu.
status = Tình trạng
received-on = Ngày tiếp nhận
dossier-code = Mã hồ sơ
lookup-pin = Mã tra cứu
or-the-phones-last-4 = hoặc 4 số cuối điện thoại
look-up = Tra cứu

## lookup.rs
lookup-too-many-attempts = Tra cứu quá nhiều lần. Vui lòng thử lại sau { NUMBER($secs, useGrouping: "false") } giây.

## The portal's online submission (web/public/submit.rs).
submit-title = Nộp hồ sơ trực tuyến
submit-title-print = Điền tờ khai
submit-not-online = Thủ tục này chưa nhận hồ sơ trực tuyến: hãy điền tờ khai, in ra và mang đến Trung tâm (hoặc gửi qua bưu chính).
submit-center = Nơi nộp hồ sơ
submit-choose-center = — Chọn Trung tâm Phục vụ hành chính công —
submit-applicant = Người nộp hồ sơ
submit-files = Giấy tờ kèm theo (ảnh chụp hoặc bản quét)
submit-files-hint = Mỗi giấy tờ một hoặc nhiều tệp PDF, JPEG, PNG hoặc TIFF. Ảnh chụp rõ nét bằng điện thoại cũng được.
submit-result-channel = Nhận kết quả
submit-send = Nộp hồ sơ
submit-choose-files-again = Các tệp đính kèm cần chọn lại.
submit-sent = Đã nộp hồ sơ. Trung tâm sẽ xem xét và tiếp nhận; thời hạn giải quyết tính từ khi tiếp nhận. Hãy lưu mã hồ sơ và mã tra cứu dưới đây để theo dõi.
submit-online = Nộp trực tuyến
submit-fill-form = Điền tờ khai
procedure-form = Tờ khai
procedure-where = Nơi nộp
procedure-where-text = Tại Trung tâm Phục vụ hành chính công cấp xã nơi cư trú (chọn khi nộp trực tuyến)
timeline = Quá trình giải quyết
