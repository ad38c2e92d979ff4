### Labels of the enums stored by a code (statuses, roles, channels…),
### by enum and variant: `label-Status-Accepted`.

label-ComponentKind-Original = Bản chính
label-ComponentKind-CertifiedCopy = Bản sao chứng thực
label-ComponentKind-Copy = Bản sao
label-Channel-InPerson = Trực tiếp
label-Channel-Online = Trực tuyến
label-Channel-Post = Qua bưu chính công ích
label-OnlineLevel-None = Không có dịch vụ công trực tuyến
label-OnlineLevel-Partial = Dịch vụ công trực tuyến một phần
label-OnlineLevel-Full = Dịch vụ công trực tuyến toàn trình
label-Status-Registered = Mới đăng ký
label-Status-Accepted = Được tiếp nhận
label-Status-NotAccepted = Không được tiếp nhận
label-Status-InProgress = Đang xử lý
label-Status-SupplementRequested = Yêu cầu bổ sung giấy tờ
label-Status-PaymentRequested = Yêu cầu thực hiện nghĩa vụ tài chính
label-Status-Withdrawn = Công dân yêu cầu rút hồ sơ
label-Status-Stopped = Dừng xử lý
label-Status-Processed = Đã xử lý xong
label-Status-Returned = Đã trả kết quả
label-Role-Admin = Quản trị hệ thống
label-Role-Supervisor = Giám sát
label-Role-Leader = Lãnh đạo
label-Role-Specialist = Chuyên viên
label-Role-Reception = Tiếp nhận
label-Role-Postal = Nhân viên bưu điện
label-Role-Inspector = Đoàn kiểm tra
label-Employer-CivilService = Cán bộ, công chức
label-Employer-Vnpost = Bưu điện (VNPost)
label-UnitKind-Xa = Xã
label-UnitKind-Phuong = Phường
label-UnitKind-DacKhu = Đặc khu
label-CenterKind-Center = Trung tâm Phục vụ hành chính công
label-CenterKind-ReceptionPoint = Điểm tiếp nhận và trả kết quả
label-Level-Central = Cấp Trung ương
label-Level-Province = Cấp tỉnh
label-Level-Commune = Cấp xã

## What each lifecycle action is called on screens and in records.
action-submit = Nộp trực tuyến
action-accept = Tiếp nhận
action-refuse = Từ chối tiếp nhận
action-hand-over = Chuyển xử lý
action-request-supplement = Yêu cầu bổ sung
action-receive-supplement = Nhận bổ sung
action-request-payment = Yêu cầu nộp phí
action-confirm-payment = Đã nộp phí
action-draft-result = Dự thảo kết quả
action-reject-draft = Trả lại dự thảo
action-approve = Phê duyệt
action-extend = Xin lỗi, gia hạn
action-withdraw = Rút hồ sơ
action-stop = Dừng giải quyết
action-digitize = Số hóa
action-issue-e-result = Cấp kết quả điện tử
action-return = Trả kết quả
